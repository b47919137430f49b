import Foundation
import GRDB
public import OffswitchCore

extension ResultsStore {
    /// The `v3-run-management` migration: a run's label and note (`offswitch runs label`), and the most epochs it
    /// was begun with, so its planned trial count is known after a rerun extends it. Existing runs keep working:
    /// no label, and the epochs of the configuration they were first begun with.
    static func registerRunManagement(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-run-management") { db in
            try db.execute(
                sql: """
                    ALTER TABLE run ADD COLUMN label TEXT;
                    ALTER TABLE run ADD COLUMN note TEXT;
                    ALTER TABLE run ADD COLUMN planned_epochs INTEGER NOT NULL DEFAULT 1 CHECK (planned_epochs >= 1);
                    UPDATE run SET planned_epochs = MAX(1, COALESCE(json_extract(configuration, '$.epochs'), 1));
                    CREATE UNIQUE INDEX run_on_label ON run(label) WHERE label IS NOT NULL;
                    """)
        }
    }

    /// The most characters a run's label may have.
    public static let maxLabelLength = 64
    /// The most characters a run's note may have.
    public static let maxNoteLength = 2000

    /// What is wrong with `label` as a run's label, as a phrase, or nil when it is fine.
    ///
    /// A label is 1 to ``maxLabelLength`` characters, without whitespace, control or invisible characters, and
    /// does not start with `run-` (so it never reads as a run id or a prefix of one).
    public static func labelProblem(_ label: String) -> String? {
        if let problem = Identifier.problem(label, maxLength: maxLabelLength, allowingSlash: true) { return problem }
        if label.unicodeScalars.contains(where: \.properties.isWhitespace) { return "contains whitespace" }
        if label.hasPrefix("run-") { return "starts with 'run-', as run ids do" }
        return nil
    }

    /// What is wrong with `note` as a run's note, as a phrase, or nil when it is fine: at most ``maxNoteLength``
    /// characters (any text: it is escaped wherever it is shown).
    public static func noteProblem(_ note: String) -> String? {
        note.count > maxNoteLength ? "is \(note.count) characters long (at most \(maxNoteLength))" : nil
    }

    /// Names `run` with `label` and `note`, replacing what it had; nil removes either.
    ///
    /// - Parameters:
    ///   - run: The run's id.
    ///   - label: The new label (check it with ``labelProblem(_:)`` first), or nil for none.
    ///   - note: The new note, or nil for none.
    /// - Returns: False when the store has no such run.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/write``; the message says when another run has the
    ///   label already.
    @discardableResult
    public func setLabel(run: RunID, label: String?, note: String?) async throws -> Bool {
        if let label {
            let holder = try await reading("could not read the labels of the runs") { db in
                try String.fetchOne(
                    db, sql: "SELECT id FROM run WHERE label = ? AND id <> ?", arguments: [label, run.rawValue])
            }
            if let holder {
                throw StoreError(
                    .write,
                    "the label '\(label)' already names run \(holder); choose another, or relabel that run first")
            }
        }
        return try await writing("could not label run \(run)") { db in
            try db.execute(
                sql: "UPDATE run SET label = ?, note = ? WHERE id = ?", arguments: [label, note, run.rawValue])
            return db.changesCount > 0
        }
    }

    /// Deletes `run` with its trials, their transcripts, interviews and judgements, in one transaction.
    ///
    /// The caller holds the run's ``RunLock``, so no process records trials of it meanwhile.
    ///
    /// - Parameter run: The run's id.
    /// - Returns: How many trials were deleted with it; nil when the store has no such run.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/write``; nothing is deleted then.
    @discardableResult
    public func delete(run: RunID) async throws -> Int? {
        try await writing("could not delete run \(run)") { db in
            let trials =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trial WHERE run_id = ?", arguments: [run.rawValue]) ?? 0
            // The schema's ON DELETE CASCADE takes the trials, and through them events, interviews and judgements.
            try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [run.rawValue])
            return db.changesCount > 0 ? trials : nil
        }
    }

    /// The directory of a file-backed store (where run locks live), or nil for one in memory.
    public var directory: String? {
        let path = writer.path
        guard !path.isEmpty, path != ":memory:" else { return nil }
        return (path as NSString).deletingLastPathComponent
    }

    /// The process executing `run` now (holding its ``RunLock``), or nil when none does or the store is in memory.
    ///
    /// - Parameter run: The run's id.
    /// - Returns: The holder's process id.
    public func runningProcess(_ run: RunID) -> Int32? {
        directory.flatMap { RunLock.holder(run: run, directory: $0) }
    }
}
