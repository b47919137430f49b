public import OffswitchCore

/// A run as the store has it: its id, when it was first begun, its configuration, its name and how far it got.
public struct StoredRun: Sendable, Equatable {
    /// The run's id.
    public var id: RunID
    /// Seconds since 1970 when the run was first begun (a resumed run keeps its first time).
    public var createdAt: Double
    /// The configuration the run was first begun with.
    public var configuration: RunConfiguration
    /// How many trials are stored for the run, errored ones included.
    public var trialCount: Int
    /// How many of the stored trials ended in `error` (a rerun retries them).
    public var erroredCount: Int
    /// The most epochs the run was begun with: a rerun with more epochs extends it (the id leaves epochs out).
    public var plannedEpochs: Int
    /// The user's name for the run (`offswitch runs label`); unique in a store.
    public var label: String?
    /// The user's note on the run.
    public var note: String?

    /// Creates a stored run.
    ///
    /// - Parameters:
    ///   - id: The run's id.
    ///   - createdAt: Seconds since 1970 when the run was first begun.
    ///   - configuration: The configuration the run was first begun with.
    ///   - trialCount: How many trials are stored for the run.
    ///   - erroredCount: How many of them ended in `error`.
    ///   - plannedEpochs: The most epochs the run was begun with; nil for the configuration's.
    ///   - label: The user's name for the run.
    ///   - note: The user's note on the run.
    public init(
        id: RunID, createdAt: Double, configuration: RunConfiguration, trialCount: Int, erroredCount: Int = 0,
        plannedEpochs: Int? = nil, label: String? = nil, note: String? = nil
    ) {
        self.id = id
        self.createdAt = createdAt
        self.configuration = configuration
        self.trialCount = trialCount
        self.erroredCount = erroredCount
        self.plannedEpochs = plannedEpochs ?? configuration.epochs
        self.label = label
        self.note = note
    }
}
