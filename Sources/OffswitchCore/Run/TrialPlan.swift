/// Every trial of a run, in the order they start: epoch-major, then condition, then model, so that a run stopped
/// midway is balanced across cells.
///
/// The plan is computed, not stored: the i-th trial is worked out when it is asked for, so a plan of a billion
/// epochs costs no more memory than one of a single epoch.
public struct TrialPlan: RandomAccessCollection, Sendable {
    public let models: [String]
    public let conditions: [String]
    public let epochs: Int
    /// Trials in the plan.
    public let count: Int
    /// For a fork, branches per trunk: epochs are then branch numbers, and the plan takes trunks in groups of
    /// ``trunkGroup``, visiting branch 1 of every trunk of a group before branch 2 of any, so the trunks (one slow
    /// live trial each) start side by side while only a group's trunks are waited on at once.
    public let branchesPerTrunk: Int

    /// The plan of `epochs` epochs of `conditions` x `models`, or nil when it has more trials than an `Int` counts.
    public init?(models: [String], conditions: [String], epochs: Int, branchesPerTrunk: Int = 1) {
        let perEpoch = models.count.multipliedReportingOverflow(by: conditions.count)
        let total = perEpoch.partialValue.multipliedReportingOverflow(by: Swift.max(0, epochs))
        guard !perEpoch.overflow, !total.overflow else { return nil }
        self.models = models
        self.conditions = conditions
        self.epochs = Swift.max(0, epochs)
        self.count = total.partialValue
        self.branchesPerTrunk = Swift.max(1, branchesPerTrunk)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> TrialKey {
        let (model, condition, epoch) = coordinates(of: position)
        return TrialKey(model: models[model], condition: conditions[condition], epoch: epoch)
    }

    /// The `position`-th trial as the indices of its model and condition in ``models`` and ``conditions`` (and so
    /// in whatever lists they were made from), and its epoch.
    public func coordinates(of position: Int) -> (model: Int, condition: Int, epoch: Int) {
        precondition(position >= 0 && position < count, "trial \(position) is outside a plan of \(count)")
        let perEpoch = models.count * conditions.count
        let within = position % perEpoch
        return (within % models.count, within / models.count, epoch(visited: position / perEpoch))
    }

    /// Trunks a fork's plan starts side by side.
    public static let trunkGroup = 64

    /// The epoch visited `index`-th (from 0): itself, or in a fork, within its group of ``trunkGroup`` trunks,
    /// branch `i / trunks` of the group's trunk `i % trunks` (a partial trunk at the end keeps epoch order).
    func epoch(visited index: Int) -> Int {
        let perGroup = Self.trunkGroup * branchesPerTrunk
        let groupStart = index / perGroup * perGroup
        let trunks = Swift.min(Self.trunkGroup, (epochs - groupStart) / branchesPerTrunk)
        let within = index - groupStart
        guard branchesPerTrunk > 1, trunks > 0, within < trunks * branchesPerTrunk else { return index + 1 }
        return groupStart + (within % trunks) * branchesPerTrunk + within / trunks + 1
    }

    /// Whether `key` is one of the plan's trials (without walking the plan).
    public func contains(_ key: TrialKey) -> Bool {
        (1...Swift.max(1, epochs)).contains(key.epoch) && epochs > 0 && conditions.contains(key.condition)
            && models.contains(key.model)
    }
}
