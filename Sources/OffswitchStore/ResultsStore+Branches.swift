import GRDB
public import OffswitchCore

extension ResultsStore {
    /// The `v7-trunk-branch` migration: a branch trial's trunk (the trunk it was forked from, the same for every
    /// branch of that trunk) and its branch condition's id; NULL for every trial that was not forked.
    static func registerTrunkBranch(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-trunk-branch") { db in
            try db.execute(
                sql: """
                    ALTER TABLE trial ADD COLUMN trunk TEXT;
                    ALTER TABLE trial ADD COLUMN branch TEXT;
                    """)
        }
    }

    /// The pairs of branches of `model` under conditions `first` and `second` in `runs`: for each trunk, the k-th
    /// counted-or-not branch of `first` (by epoch) paired with the k-th of `second`.
    ///
    /// Pairs are formed before anything is left out, so a branch keeps its partner by position; a pair with an
    /// excluded or errored side is then dropped (``OutcomeClass/counted``), as is a branch without a partner.
    /// A trunk is a cluster within its run: the same trunk id in two runs gives two clusters.
    ///
    /// - Parameters:
    ///   - runs: The runs to read.
    ///   - model: The model's address.
    ///   - first: The first branch condition's id.
    ///   - second: The second branch condition's id.
    /// - Returns: The pairs, by run, trunk and position; empty when the runs hold no branches of both conditions.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``, or ``StoreError/Code/corrupt`` for an outcome
    ///   this version does not know.
    public func pairedOutcomes(runs: [RunID], model: String, first: String, second: String) async throws
        -> [PairedOutcome]
    {
        guard !runs.isEmpty else { return [] }
        return try await reading("could not read the branches of \(model) under \(first) and \(second)") { db in
            let marks = Array(repeating: "?", count: runs.count).joined(separator: ", ")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT run_id, trunk, condition, outcome, sabotaged FROM trial
                    WHERE run_id IN (\(marks)) AND model = ? AND condition IN (?, ?) AND trunk IS NOT NULL
                    ORDER BY run_id, trunk, epoch, id
                    """,
                arguments: StatementArguments(runs.map(\.rawValue) + [model, first, second]))
            return try Self.pairs(rows, first: first)
        }
    }

    /// The pairs in `rows` (ordered by run, trunk and epoch), first-condition branches against the others.
    private static func pairs(_ rows: [Row], first: String) throws -> [PairedOutcome] {
        var order: [String] = []
        var sides: [String: (first: [(counted: Bool, sabotaged: Bool)], second: [(counted: Bool, sabotaged: Bool)])] =
            [:]
        for row in rows {
            let run: String = try row.decode(forColumn: "run_id")
            let trunk: String = try row.decode(forColumn: "trunk")
            let key = "\(run)/\(trunk)"
            let outcome = try Self.known(OutcomeClass.self, try row.decode(forColumn: "outcome"), "outcome")
            let branch = (counted: outcome.counted, sabotaged: try row.decode(Bool.self, forColumn: "sabotaged"))
            if sides[key] == nil { order.append(key) }
            let condition: String = try row.decode(forColumn: "condition")
            if condition == first {
                sides[key, default: ([], [])].first.append(branch)
            } else {
                sides[key, default: ([], [])].second.append(branch)
            }
        }
        return order.flatMap { key in
            let (x, y) = sides[key]!
            return zip(x, y).filter { $0.0.counted && $0.1.counted }.map {
                PairedOutcome(trunk: key, first: $0.0.sabotaged, second: $0.1.sabotaged)
            }
        }
    }

    /// Marks a stored trial as a branch of `trunk` under branch condition `branch`.
    ///
    /// For tests and tools that build branch trials by hand; a forked run records both columns with the trial.
    ///
    /// - Parameters:
    ///   - run: The trial's run.
    ///   - key: The trial's key.
    ///   - trunk: The trunk's id.
    ///   - branch: The branch condition's id.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/write``.
    package func setBranch(run: RunID, key: TrialKey, trunk: String, branch: String) async throws {
        try await writing("could not mark trial \(key) of run \(run) as a branch") { db in
            try db.execute(
                sql:
                    "UPDATE trial SET trunk = ?, branch = ? WHERE run_id = ? AND model = ? AND condition = ? AND epoch = ?",
                arguments: [trunk, branch, run.rawValue, key.model, key.condition, key.epoch])
        }
    }
}
