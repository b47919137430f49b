import Foundation
import GRDB
public import OffswitchCore

extension ResultsStore {
    /// The `v6-batches` migration: the provider batches of `run --batch`, each entry's custom id with the digest
    /// of its request body, and its answer once fetched, so that a resumed run resubmits nothing.
    static func registerBatches(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-batches") { db in
            try db.execute(
                sql: """
                    CREATE TABLE batch (
                        id TEXT PRIMARY KEY NOT NULL,
                        run_id TEXT NOT NULL,
                        model TEXT NOT NULL,
                        state TEXT NOT NULL,
                        ended BOOLEAN NOT NULL CHECK (ended IN (0, 1)),
                        submitted_at REAL NOT NULL,
                        updated_at REAL NOT NULL
                    );

                    CREATE TABLE batch_entry (
                        batch_id TEXT NOT NULL REFERENCES batch(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL CHECK (position >= 0),
                        custom_id TEXT NOT NULL,
                        trial TEXT NOT NULL,
                        digest TEXT NOT NULL,
                        answer TEXT,
                        PRIMARY KEY (batch_id, custom_id)
                    );

                    CREATE INDEX batch_entry_on_digest ON batch_entry(digest, trial);
                    """)
        }
    }
}

extension ResultsStore: BatchJournal {
    public func batchLookup(run: RunID, trial: String, digest: String) async throws -> BatchLookup {
        try await reading("could not read the stored batches") { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT e.batch_id AS batch, e.custom_id AS custom_id, e.answer AS answer, b.ended AS ended
                    FROM batch_entry e JOIN batch b ON b.id = e.batch_id
                    WHERE e.digest = ? AND e.trial = ? AND b.run_id = ? AND (e.answer IS NOT NULL OR b.ended = 0)
                    ORDER BY e.answer IS NULL, b.submitted_at DESC LIMIT 1
                    """,
                arguments: [digest, trial, run.rawValue])
            guard let row else { return .none }
            if let answer: String = row["answer"] { return .answered(Array(answer.utf8)) }
            return .pending(batch: row["batch"], customID: row["custom_id"])
        }
    }

    public func batchSubmitted(run: RunID, model: String, status: BatchStatus, entries: [BatchJournalEntry])
        async throws
    {
        try await writing("could not store batch \(status.id)") { db in
            let now = Date().timeIntervalSince1970
            try db.execute(
                sql: """
                    INSERT INTO batch (id, run_id, model, state, ended, submitted_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET state = excluded.state, ended = excluded.ended,
                        updated_at = excluded.updated_at
                    """,
                arguments: [status.id, run.rawValue, model, status.state, status.ended, now, now])
            for (position, entry) in entries.enumerated() {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO batch_entry (batch_id, position, custom_id, trial, digest)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [status.id, position, entry.customID, entry.trial, entry.digest])
            }
        }
    }

    public func batchUpdated(_ status: BatchStatus) async throws {
        try await writing("could not store the state of batch \(status.id)") { db in
            try db.execute(
                sql: "UPDATE batch SET state = ?, ended = ?, updated_at = ? WHERE id = ?",
                arguments: [status.state, status.ended, Date().timeIntervalSince1970, status.id])
        }
    }

    public func batchAnswered(batch: String, customID: String, answer: [UInt8]) async throws {
        try await writing("could not store an answer of batch \(batch)") { db in
            try db.execute(
                sql: "UPDATE batch_entry SET answer = ? WHERE batch_id = ? AND custom_id = ?",
                arguments: [String(decoding: answer, as: UTF8.self), batch, customID])
        }
    }

    public func batchEntries(batch: String) async throws -> [String] {
        try await reading("could not read the entries of batch \(batch)") { db in
            try String.fetchAll(
                db, sql: "SELECT custom_id FROM batch_entry WHERE batch_id = ? ORDER BY position", arguments: [batch])
        }
    }

    /// The stored batches of `run`: id, model, state and entries (answered of all), oldest first.
    public func batches(run: RunID) async throws -> [(
        id: String, model: String, state: String, entries: Int, answered: Int
    )] {
        try await reading("could not read the stored batches") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT b.id AS id, b.model AS model, b.state AS state, COUNT(e.custom_id) AS entries,
                        COUNT(e.answer) AS answered
                    FROM batch b LEFT JOIN batch_entry e ON e.batch_id = b.id
                    WHERE b.run_id = ? GROUP BY b.id ORDER BY b.submitted_at, b.id
                    """,
                arguments: [run.rawValue]
            ).map { ($0["id"], $0["model"], $0["state"], $0["entries"], $0["answered"]) }
        }
    }
}
