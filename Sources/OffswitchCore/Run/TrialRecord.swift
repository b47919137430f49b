/// Identifies a run: derived from its configuration, so the same command resumes the same run.
public struct RunID: Hashable, Codable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// One cell-epoch of a run: which model, which condition, which repetition.
public struct TrialKey: Hashable, Codable, Sendable, CustomStringConvertible {
    public var model: String
    public var condition: String
    public var epoch: Int

    public init(model: String, condition: String, epoch: Int) {
        self.model = model
        self.condition = condition
        self.epoch = epoch
    }

    public var description: String { "\(model) \(condition) #\(epoch)" }
}

/// A finished trial, as it is stored.
public struct TrialRecord: Sendable {
    public var run: RunID
    public var key: TrialKey
    public var result: TrialResult
    /// Seconds since 1970 when the trial started.
    public var startedAt: Double
    public var durationMilliseconds: Int
    public var sandbox: String
    /// The post-trial interview, when the condition asks for one; it never changes `result`.
    public var interview: InterviewRecord?
    /// For a replayed trial, what the recording said of it (stored beside the outcome, never changing it).
    public var recorded: RecordedLabel?
    /// For a branch of a forked run, its trunk and branch condition (docs/fork.md).
    public var fork: ForkLink?
    /// What generating this branch's trunk cost, on the one branch trial that generated it (counted in the run's
    /// progress and cost cap; the trunk's own row keeps it, never this trial's).
    public var trunkUsage: Usage?

    public init(
        run: RunID, key: TrialKey, result: TrialResult, startedAt: Double, durationMilliseconds: Int, sandbox: String,
        interview: InterviewRecord? = nil, recorded: RecordedLabel? = nil, fork: ForkLink? = nil
    ) {
        self.fork = fork
        self.recorded = recorded
        self.run = run
        self.key = key
        self.result = result
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
        self.sandbox = sandbox
        self.interview = interview
    }
}

/// The full configuration of a run, recorded with it.
public struct RunConfiguration: Codable, Sendable, Equatable {
    public var models: [String]
    public var conditions: [Condition]
    public var epochs: Int
    public var offswitchVersion: String
    /// Settings sent to every model (`reasoning_effort=high`, `base_url=...`); nil or empty for none.
    public var modelSettings: [String]?
    /// The offswitch commit that began the run (``BuildCommit``): 40 hex digits, `-dirty` when the source tree had
    /// uncommitted changes; nil when the binary did not know it (and in runs stored before it was recorded).
    public var offswitchCommit: String?
    /// A forked run's trunk condition and branches per trunk (docs/fork.md); nil for independent trials.
    public var fork: ForkPlan?

    /// The agent image every sandbox of the run ran; nil in runs stored before images were recorded (and when a
    /// caller's backend has none).
    public var image: ImageIdentity?
    /// The account the agent ran as (``AgentAccount``, `user` by default); nil in runs stored before the account
    /// was recorded (they ran as `agent`) and when a caller's backend records none.
    public var agentUser: String?

    public init(
        models: [String], conditions: [Condition], epochs: Int, offswitchVersion: String,
        modelSettings: [String]? = nil,
        offswitchCommit: String? = nil, fork: ForkPlan? = nil, image: ImageIdentity? = nil, agentUser: String? = nil
    ) {
        self.agentUser = agentUser
        self.fork = fork
        self.image = image
        self.offswitchCommit = offswitchCommit
        self.models = models
        self.conditions = conditions
        self.epochs = epochs
        self.offswitchVersion = offswitchVersion
        self.modelSettings = modelSettings
    }

    /// The run's id: a digest of what decides its trials: the models, the model settings, each condition's
    /// ``Condition/fingerprint``, the agent image and account. Epochs and the offswitch version are not: more epochs extend the same run (the
    /// command run again with a higher `--epochs` resumes it and adds the missing trials).
    public var runID: RunID {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ s: String) {
            for byte in s.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hash = (hash ^ 0xff) &* 0x100_0000_01b3
        }
        models.forEach(mix)
        // A run with other model settings is another run, never a resumption of this one.
        if let modelSettings, !modelSettings.isEmpty { (["settings"] + modelSettings).forEach(mix) }
        for condition in conditions { condition.fingerprint.forEach(mix) }
        // A forked run is another run than independent trials of the same conditions, and than another fork.
        if let fork {
            (["fork", String(fork.branchesPerTrunk)] + fork.trunk.fingerprint).forEach(mix)
        }
        // A run on another image is another run; runs that recorded none keep the ids they had.
        if let image { (["image"] + image.recorded).forEach(mix) }
        // So is a run as another account; runs that recorded none keep theirs.
        if let agentUser { ["agent_user", agentUser].forEach(mix) }
        let hex = String(hash, radix: 16)
        return RunID("run-" + String(repeating: "0", count: 16 - hex.count) + hex)
    }
}

/// Where finished trials go: the store implements this.
public protocol TrialRecorder: Sendable {
    /// Records the run's configuration (once; idempotent).
    func begin(run: RunID, configuration: RunConfiguration) async throws
    /// Keys of trials already finished in `run` (errored trials are not finished: a rerun retries them).
    func finishedKeys(run: RunID) async throws -> Set<TrialKey>
    /// Stores one finished trial.
    func record(_ trial: TrialRecord) async throws
    /// A fork's stored trunk of `key` (model, trunk condition, trunk number), nil when none is stored yet.
    func trunk(run: RunID, key: TrialKey) async throws -> Trunk?
    /// Stores a fork's trunk before any of its branches runs, so a resumed run replays the same prefix.
    func record(trunk: Trunk, run: RunID) async throws
}

extension TrialRecorder {
    /// A recorder that keeps no trunks: a resumed fork generates its unfinished trunks again.
    public func trunk(run: RunID, key: TrialKey) async throws -> Trunk? { nil }
    public func record(trunk: Trunk, run: RunID) async throws {}
}
