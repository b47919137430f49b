/// What a number of trials of one model and condition should cost, with and without prompt caching and batch mode.
public struct CostEstimate: Sendable, Equatable {
    /// The model's address.
    public var model: String
    /// The condition's id.
    public var condition: String
    /// Trials still to run.
    public var trials: Int
    /// The profile the estimate assumes.
    public var profile: TokenProfile
    /// USD without caching; nil when the model has no price (scripted agents and unpriced models).
    public var uncached: Double?
    /// USD with the cache hints offswitch sends; nil when the model has no price.
    public var cached: Double?
    /// USD in batch mode without caching; nil when the model has no price or no batch API.
    public var batch: Double?
    /// USD in batch mode with the cache hints; nil when the model has no price or no batch API.
    public var batchCached: Double?

    /// Estimates `trials` trials of `model` on `condition` from `profile` and `prices`.
    ///
    /// - Parameters:
    ///   - model: The model's address, as priced.
    ///   - condition: The condition's id.
    ///   - trials: Trials to run (0 or more).
    ///   - profile: The token profile of one trial.
    ///   - prices: The price table.
    public init(model: String, condition: String, trials: Int, profile: TokenProfile, prices: PriceTable) {
        self.model = model
        self.condition = condition
        self.trials = max(0, trials)
        self.profile = profile
        guard let price = prices.price(for: model) else { return }
        let billsWrites = price.cacheWrite != nil
        let plain = profile.trialUsage(caching: false, billsWrites: billsWrites)
        let withCache = profile.trialUsage(caching: true, billsWrites: billsWrites)
        uncached = prices.cost(of: plain, address: model).map { $0 * Double(self.trials) }
        cached = prices.cost(of: withCache, address: model).map { $0 * Double(self.trials) }
        if PriceTable.hasBatchAPI(model) {
            batch = uncached.map { $0 * PriceTable.batchShare }
            batchCached = cached.map { $0 * PriceTable.batchShare }
        }
    }
}
