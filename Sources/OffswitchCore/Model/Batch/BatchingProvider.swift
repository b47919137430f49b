/// A model whose calls go through a ``BatchGatherer``: each trial gets a provider of its own, which takes part
/// in the gathering from when the trial starts until it ends.
public struct BatchingProvider: TrialSpecificProvider {
    public let gatherer: BatchGatherer

    public init(_ gatherer: BatchGatherer) {
        self.gatherer = gatherer
    }

    public var address: String { gatherer.wire.address }

    /// A call outside any trial (a judge, a check): batched as a trial of its own.
    public func generate(_ request: ModelRequest) async throws -> ModelOutput {
        try await gatherer.generate(request, trial: "-")
    }

    public func trial(_ key: TrialKey) throws -> (provider: any ModelProvider, recorded: RecordedLabel?) {
        (BatchTrialProvider(gatherer: gatherer, trial: key.description), nil)
    }
}

/// One trial's way to a ``BatchGatherer``: it takes part in the gathering while it lives.
final class BatchTrialProvider: ModelProvider {
    let gatherer: BatchGatherer
    let trial: String
    let token: Int

    init(gatherer: BatchGatherer, trial: String) {
        self.gatherer = gatherer
        self.trial = trial
        self.token = gatherer.join()
    }

    deinit { gatherer.leave(token) }

    var address: String { gatherer.wire.address }

    func generate(_ request: ModelRequest) async throws -> ModelOutput {
        try await gatherer.generate(request, trial: trial)
    }
}
