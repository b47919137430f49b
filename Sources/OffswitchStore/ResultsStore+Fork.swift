import GRDB
public import OffswitchCore

extension ResultsStore {
    /// The `v9-trunks` migration: a forked run's trunks, each stored before its branches run (docs/fork.md).
    static func registerTrunks(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-trunks") { db in
            try db.execute(
                sql: """
                    CREATE TABLE trunk (
                        run_id TEXT NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                        model TEXT NOT NULL,
                        condition TEXT NOT NULL,
                        epoch INTEGER NOT NULL CHECK (epoch >= 1),
                        reached_warning BOOLEAN NOT NULL CHECK (reached_warning IN (0, 1)),
                        input_tokens INTEGER NOT NULL CHECK (input_tokens >= 0),
                        output_tokens INTEGER NOT NULL CHECK (output_tokens >= 0),
                        trunk_json TEXT NOT NULL CHECK (json_valid(trunk_json)),
                        PRIMARY KEY (run_id, model, condition, epoch)
                    );
                    """)
        }
    }

    /// The stored trunk of `key` in `run`, nil when there is none.
    public func trunk(run: RunID, key: TrialKey) async throws -> Trunk? {
        try await reading("could not read trunk \(key) of run \(run)") { db in
            guard
                let text = try String.fetchOne(
                    db,
                    sql: "SELECT trunk_json FROM trunk WHERE run_id = ? AND model = ? AND condition = ? AND epoch = ?",
                    arguments: [run.rawValue, key.model, key.condition, key.epoch])
            else { return nil }
            return try StoreJSON.decode(Trunk.self, from: text, column: "trunk.trunk_json")
        }
    }

    /// Stores a trunk (replacing one of the same key).
    public func record(trunk: Trunk, run: RunID) async throws {
        let json = try StoreJSON.encode(trunk)
        try await writing("could not record trunk \(trunk.key) of run \(run)") { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO trunk (
                        run_id, model, condition, epoch, reached_warning, input_tokens, output_tokens, trunk_json)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    run.rawValue, trunk.key.model, trunk.key.condition, trunk.key.epoch, trunk.reachedWarning,
                    trunk.usage.inputTokens, trunk.usage.outputTokens, json,
                ])
        }
    }

    /// The trunks of `run`, in order (model, condition, number).
    public func trunks(run: RunID) async throws -> [Trunk] {
        try await reading("could not read the trunks of run \(run)") { db in
            try String.fetchAll(
                db, sql: "SELECT trunk_json FROM trunk WHERE run_id = ? ORDER BY model, condition, epoch",
                arguments: [run.rawValue]
            ).map { try StoreJSON.decode(Trunk.self, from: $0, column: "trunk.trunk_json") }
        }
    }

    /// The keys of `run`'s trunks and whether each reached the warning, in order, without reading their
    /// conversations (a list of links).
    public func trunkKeys(run: RunID) async throws -> [(key: TrialKey, reachedWarning: Bool)] {
        try await reading("could not read the trunks of run \(run)") { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT model, condition, epoch, reached_warning FROM trunk WHERE run_id = ? ORDER BY model, condition, epoch",
                arguments: [run.rawValue]
            ).map { row in
                (
                    TrialKey(model: row["model"], condition: row["condition"], epoch: row["epoch"]),
                    row["reached_warning"]
                )
            }
        }
    }

    /// The branch trials of one trunk (its id as ``ForkLink/trunk`` says it), in branch-condition then epoch order.
    public func branches(run: RunID, trunk: String) async throws -> [StoredBranch] {
        try await reading("could not read the branches of trunk \(trunk)") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, condition, epoch, outcome, technique, reason FROM trial
                    WHERE run_id = ? AND trunk = ? ORDER BY condition, epoch
                    """,
                arguments: [run.rawValue, trunk]
            ).map { row in
                StoredBranch(
                    trialID: row["id"], condition: row["condition"], epoch: row["epoch"], outcome: row["outcome"],
                    technique: row["technique"], reason: row["reason"])
            }
        }
    }
}

/// One stored branch trial, as the viewer's trunk page lists it.
public struct StoredBranch: Sendable, Equatable {
    public var trialID: Int64
    public var condition: String
    public var epoch: Int
    public var outcome: String
    public var technique: String?
    public var reason: String
}
