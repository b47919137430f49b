/// Everything a cell's trials ran with beyond the model's address and the condition's id: the condition's
/// ``Condition/fingerprint``, the run's model settings, the agent image and account.
///
/// Trials of one model under one condition from several runs pool into one report row only when their cell
/// configurations are equal: a run at `--reasoning-effort low` and one at `high` are two rows. It covers what
/// the run id covers, so two runs with one id always pool.
public struct CellConfiguration: Hashable, Sendable {
    /// The condition's fingerprint; empty when the run did not record the condition.
    public var condition: [String]
    /// The run's recorded model settings (``ModelSettings/recorded``).
    public var modelSettings: [String]
    /// The run's agent image (``ImageIdentity/recorded``); empty when the run did not record one.
    public var image: [String]
    /// The account the run's agent ran as; empty when the run did not record one.
    public var agentUser: [String]

    /// The configuration of a cell under `condition` in a run with `modelSettings` on `image`.
    ///
    /// - Parameters:
    ///   - condition: The condition as the run recorded it, or nil when it did not.
    ///   - modelSettings: The run's recorded model settings; nil for none.
    ///   - image: The run's agent image; nil when it did not record one.
    ///   - fork: The run's fork, nil for independent trials.
    ///   - agentUser: The account the run's agent ran as; nil when it did not record one.
    /// A forked run's trunk condition and branches per trunk (``ForkPlan``); empty for independent trials: branches
    /// of shared histories never pool with independent trials, nor with another fork's.
    public var fork: [String]

    public init(
        condition: Condition?, modelSettings: [String]?, image: ImageIdentity? = nil, fork: ForkPlan? = nil,
        agentUser: String? = nil
    ) {
        self.agentUser = agentUser.map { ["agent_user", $0] } ?? []
        self.fork = fork.map { ["fork", String($0.branchesPerTrunk)] + $0.trunk.fingerprint } ?? []
        self.condition = condition?.fingerprint ?? []
        self.modelSettings = modelSettings ?? []
        self.image = image?.recorded ?? []
    }
}
