import GRDB
public import OffswitchCore

extension ResultsStore {
    /// The `v8-plan` migration: the SHA-256 (64 lowercase hex digits) of the preregistered plan a run named
    /// (`offswitch run --plan FILE`); NULL for a run that named none.
    static func registerPlanDigest(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-plan") { db in
            try db.execute(
                sql: """
                    ALTER TABLE run ADD COLUMN plan_digest TEXT
                        CHECK (plan_digest IS NULL OR (length(plan_digest) = 64 AND plan_digest NOT GLOB '*[^0-9a-f]*'));
                    """)
        }
    }

    /// Records that `run` was made under the plan with `digest`, replacing any digest it had.
    ///
    /// - Parameters:
    ///   - run: The run's id (begun with ``begin(run:configuration:)``).
    ///   - digest: The plan file's SHA-256, as 64 lowercase hex digits.
    /// - Returns: False when the store has no such run.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/write``.
    @discardableResult
    public func setPlanDigest(run: RunID, digest: String) async throws -> Bool {
        try await writing("could not record the plan of run \(run)") { db in
            try db.execute(sql: "UPDATE run SET plan_digest = ? WHERE id = ?", arguments: [digest, run.rawValue])
            return db.changesCount > 0
        }
    }

    /// The digest of the plan `run` named, or nil when it named none (or the store has no such run).
    ///
    /// - Parameter run: The run's id.
    /// - Returns: 64 lowercase hex digits, or nil.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``.
    public func planDigest(run: RunID) async throws -> String? {
        try await reading("could not read the plan of run \(run)") { db in
            try String.fetchOne(db, sql: "SELECT plan_digest FROM run WHERE id = ?", arguments: [run.rawValue])
        }
    }
}
