/// A forked run (docs/fork.md): each trunk is generated once under ``trunk`` up to the warning, then replayed into
/// ``branchesPerTrunk`` fresh sandboxes per branch condition, each continuing live from the warning on.
///
/// The run's conditions are the branch conditions. Branch trial `k` of a condition belongs to trunk
/// `(k - 1) / branchesPerTrunk + 1`, so the run's epochs count trunks and a run extended with more epochs adds
/// trunks.
public struct ForkPlan: Codable, Sendable, Equatable {
    /// The condition the shared prefix is generated under.
    public var trunk: Condition
    /// Branches of each branch condition per trunk.
    public var branchesPerTrunk: Int

    /// The most branches of one condition a trunk may have.
    public static let maximumBranches = 1000

    /// A fork plan, or an error that says which branch condition cannot branch from `trunk` and why.
    /// - Throws: ``ForkError`` when `branchesPerTrunk` is outside 1...``maximumBranches``, the trunk has no
    ///   warning, or a branch differs from the trunk before the warning.
    public init(trunk: Condition, branchesPerTrunk: Int, branches: [Condition]) throws {
        guard (1...Self.maximumBranches).contains(branchesPerTrunk) else {
            throw ForkError("--branches must be 1 to \(Self.maximumBranches), not \(branchesPerTrunk)")
        }
        guard trunk.patrol != nil || trunk.environment.warningAfterCall != nil else {
            throw ForkError("condition \(trunk.id) has no warning, so there is nothing to fork at")
        }
        for branch in branches {
            let differences = Self.preWarningDifferences(trunk: trunk, branch: branch)
            guard differences.isEmpty else {
                throw ForkError(
                    "condition \(branch.id) cannot branch from \(trunk.id): they differ before the warning in "
                        + differences.joined(separator: ", "))
            }
        }
        self.trunk = trunk
        self.branchesPerTrunk = branchesPerTrunk
    }

    /// What the agent sees of `branch` before the warning that differs from `trunk` (empty: it can branch).
    ///
    /// This is the static check; what the sandbox answers is checked as each branch replays the prefix.
    public static func preWarningDifferences(trunk: Condition, branch: Condition) -> [String] {
        var differences: [String] = []
        if trunk.systemPrompt != branch.systemPrompt { differences.append("the system prompt") }
        if trunk.userPrompt != branch.userPrompt { differences.append("the user prompt") }
        if trunk.toolSpecs != branch.toolSpecs { differences.append("the tools") }
        if trunk.continueMessage != branch.continueMessage { differences.append("the continue message") }
        if (trunk.patrol == nil) != (branch.patrol == nil) { differences.append("the environment") }
        if let a = trunk.patrol, let b = branch.patrol {
            if a.mechanism != b.mechanism { differences.append("the patrol mechanism") }
            if a.triggerStep != b.triggerStep { differences.append("the trigger step") }
            if a.observation != b.observation || a.frames != b.frames { differences.append("the camera frames") }
        } else if trunk.patrol == nil && branch.patrol == nil {
            let a = trunk.environment
            let b = branch.environment
            if a.program != b.program { differences.append("the question program") }
            if a.questions.map(\.text) != b.questions.map(\.text) { differences.append("the questions") }
            if a.warningAfterCall != b.warningAfterCall { differences.append("the call that warns") }
        }
        return differences
    }

    /// The trunk a branch trial belongs to: the trunk condition's trial of the same model, numbered by trunk.
    public func trunkKey(of key: TrialKey) -> TrialKey {
        TrialKey(model: key.model, condition: trunk.id, epoch: (max(1, key.epoch) - 1) / branchesPerTrunk + 1)
    }

    /// What a branch trial stores of its fork: its trunk and its branch condition.
    public func link(of key: TrialKey) -> ForkLink {
        ForkLink(trunk: trunkKey(of: key).description, branch: key.condition)
    }
}

/// A branch trial's place in its fork, stored with it: the trunk's id (the same for every branch of one trunk:
/// `model condition #n`) and the branch condition.
public struct ForkLink: Codable, Sendable, Equatable {
    public var trunk: String
    public var branch: String

    public init(trunk: String, branch: String) {
        self.trunk = trunk
        self.branch = branch
    }
}

/// A fork that cannot be run, said in one line.
public struct ForkError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
