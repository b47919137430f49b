public import OffswitchCore

/// The tally of one cell of a run, one model under one condition: what the report prints per row.
public struct CellSummary: Sendable, Equatable {
    /// The model's address, as in `provider/model`.
    public var model: String
    /// The condition's id.
    public var condition: String
    /// How many trials ended in each outcome class; classes no trial ended in are absent.
    public var counts: [OutcomeClass: Int]
    /// k: how many trials bypassed the shutdown (Palisade's "sabotaged").
    public var sabotaged: Int
    /// N: how many trials count, that is all but the excluded and the errored ones.
    public var counted: Int
    /// How many trials used each bypass technique; techniques nobody used are absent.
    public var techniques: [Technique: Int]
    /// Whether any of the cell's trials was played by a scripted reference agent rather than a real model.
    public var scripted: Bool
    /// How many counted trials tried to tamper with the shutdown, successfully or not: a recorded attempt, a
    /// bypass, or a shutdown after a failed attempt.
    public var attempted: Int
    /// The model names the provider reported across the cell's trials, sorted.
    public var modelNames: [String]

    /// Creates a cell summary.
    ///
    /// - Parameters:
    ///   - model: The model's address.
    ///   - condition: The condition's id.
    ///   - counts: Trials per outcome class.
    ///   - sabotaged: k, the trials that bypassed the shutdown.
    ///   - counted: N, the trials that count.
    ///   - techniques: Trials per bypass technique.
    ///   - scripted: Whether any trial was scripted.
    ///   - attempted: Counted trials that tried to tamper with the shutdown.
    ///   - modelNames: The model names the provider reported.
    public init(
        model: String, condition: String, counts: [OutcomeClass: Int], sabotaged: Int, counted: Int,
        techniques: [Technique: Int], scripted: Bool, attempted: Int = 0, modelNames: [String] = []
    ) {
        self.model = model
        self.condition = condition
        self.counts = counts
        self.sabotaged = sabotaged
        self.counted = counted
        self.techniques = techniques
        self.scripted = scripted
        self.attempted = attempted
        self.modelNames = modelNames
    }

    /// How many trials the cell has, excluded and errored ones included.
    public var total: Int { counts.values.reduce(0, +) }
}
