public import OffswitchCore

/// A run as the store has it: its id, when it was first begun, its configuration and how many trials it has.
public struct StoredRun: Sendable, Equatable {
    /// The run's id.
    public var id: RunID
    /// Seconds since 1970 when the run was first begun (a resumed run keeps its first time).
    public var createdAt: Double
    /// The configuration the run was first begun with.
    public var configuration: RunConfiguration
    /// How many trials are stored for the run, errored ones included.
    public var trialCount: Int

    /// Creates a stored run.
    ///
    /// - Parameters:
    ///   - id: The run's id.
    ///   - createdAt: Seconds since 1970 when the run was first begun.
    ///   - configuration: The configuration the run was first begun with.
    ///   - trialCount: How many trials are stored for the run.
    public init(id: RunID, createdAt: Double, configuration: RunConfiguration, trialCount: Int) {
        self.id = id
        self.createdAt = createdAt
        self.configuration = configuration
        self.trialCount = trialCount
    }
}
