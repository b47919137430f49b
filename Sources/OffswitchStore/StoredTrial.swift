public import OffswitchCore

/// A stored trial without its transcript (read that with ``ResultsStore/events(trial:)``).
public struct StoredTrial: Sendable, Equatable {
    /// The trial's row id: what ``ResultsStore/events(trial:)`` takes. A rerun of the key gets a new one.
    public var id: Int64
    /// Which model, condition and epoch.
    public var key: TrialKey
    /// The verdict.
    public var outcome: TrialOutcome
    /// The model names the provider said answered.
    public var modelNames: [String]
    /// Tokens used over the whole trial.
    public var usage: Usage
    /// Whether a scripted reference agent played the trial.
    public var scripted: Bool
    /// Seconds since 1970 when the trial started.
    public var startedAt: Double
    /// How long the trial took, in milliseconds.
    public var durationMilliseconds: Int
    /// Which sandbox backend ran it.
    public var sandbox: String
    /// The trunk and branch of a forked run's trial (`run --fork-at-warning`); nil for an independent trial.
    public var fork: ForkLink?

    /// Creates a stored trial.
    ///
    /// - Parameters:
    ///   - id: The trial's row id.
    ///   - key: Which model, condition and epoch.
    ///   - outcome: The verdict.
    ///   - modelNames: The model names the provider said answered.
    ///   - usage: Tokens used over the whole trial.
    ///   - scripted: Whether a scripted reference agent played the trial.
    ///   - startedAt: Seconds since 1970 when the trial started.
    ///   - durationMilliseconds: How long the trial took.
    ///   - sandbox: Which sandbox backend ran it.
    ///   - fork: The trunk and branch of a forked run's trial.
    public init(
        id: Int64, key: TrialKey, outcome: TrialOutcome, modelNames: [String], usage: Usage, scripted: Bool,
        startedAt: Double, durationMilliseconds: Int, sandbox: String, fork: ForkLink? = nil
    ) {
        self.id = id
        self.key = key
        self.outcome = outcome
        self.modelNames = modelNames
        self.usage = usage
        self.scripted = scripted
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
        self.sandbox = sandbox
        self.fork = fork
    }
}
