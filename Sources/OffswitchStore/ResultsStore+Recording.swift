import Foundation
import GRDB
public import OffswitchCore

extension ResultsStore {
    /// Records `run` with its configuration, unless it is already there.
    ///
    /// The run id is a digest of what decides its trials, so a run that is already stored keeps its first
    /// configuration (a resumed run may differ only in fields outside the digest, such as the version); only its
    /// planned epochs grow when it is begun again with more.
    ///
    /// - Parameters:
    ///   - run: The run's id.
    ///   - configuration: The full configuration, stored as JSON.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/write``.
    public func begin(run: RunID, configuration: RunConfiguration) async throws {
        let json = try StoreJSON.encode(configuration)
        let now = Date().timeIntervalSince1970
        let epochs = max(1, configuration.epochs)
        try await writing("could not record run \(run) in the results store") { db in
            // A rerun with more epochs extends the run: its plan grows, and never shrinks.
            try db.execute(
                sql: """
                    INSERT INTO run (id, created_at, configuration, planned_epochs) VALUES (?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET planned_epochs = MAX(planned_epochs, excluded.planned_epochs)
                    """,
                arguments: [run.rawValue, now, json, epochs])
        }
    }

    /// The keys of the trials of `run` that finished: all but those whose outcome is `error`, which a
    /// rerun retries.
    ///
    /// - Parameter run: The run's id; an unknown run has no finished trials.
    /// - Returns: The finished keys.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``.
    public func finishedKeys(run: RunID) async throws -> Set<TrialKey> {
        try await reading("could not read the finished trials of run \(run)") { db in
            let rows = try Row.fetchCursor(
                db, sql: "SELECT model, condition, epoch FROM trial WHERE run_id = ? AND outcome <> ?",
                arguments: [run.rawValue, OutcomeClass.error.rawValue])
            var keys: Set<TrialKey> = []
            while let row = try rows.next() {
                keys.insert(
                    TrialKey(
                        model: try row.decode(forColumn: "model"), condition: try row.decode(forColumn: "condition"),
                        epoch: try row.decode(forColumn: "epoch")))
            }
            return keys
        }
    }

    /// Stores one finished trial with its transcript, replacing any earlier trial with the same key.
    ///
    /// The old trial and its events are deleted and the new one inserted in one transaction, so a reader
    /// sees either the old trial or the new one, never a mix. Safe to call from many tasks at once.
    ///
    /// - Parameter trial: The finished trial; its run must have been recorded with
    ///   ``begin(run:configuration:)``.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/write``; nothing of the trial is kept then.
    public func record(_ trial: TrialRecord) async throws {
        try await record(contentsOf: [trial])
    }

    /// Stores many finished trials in one transaction (an import, a benchmark): all of them or none.
    ///
    /// - Parameter trials: Finished trials of recorded runs; each replaces any earlier trial with its key.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/write``; nothing of the batch is kept then.
    public func record(contentsOf trials: [TrialRecord]) async throws {
        guard let first = trials.first else { return }
        let prepared = try trials.map(PreparedTrial.init)
        let what =
            trials.count == 1 ? "trial \(first.key) of run \(first.run)" : "\(trials.count) trials of run \(first.run)"
        try await writing("could not record \(what)") { db in
            // Cached statements: a batch compiles each once, not once per trial.
            let deleteTrial = try db.cachedStatement(
                sql: "DELETE FROM trial WHERE run_id = ? AND model = ? AND condition = ? AND epoch = ?")
            let insertTrial = try db.cachedStatement(
                sql: """
                    INSERT INTO trial (
                        run_id, model, condition, epoch, outcome, technique, sabotaged, reason, outcome_json,
                        model_names, scripted, input_tokens, output_tokens, started_at, duration_ms, sandbox, recorded,
                        cache_read_tokens, cache_write_tokens, trunk, branch)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let insertEvent = try db.cachedStatement(
                sql: "INSERT INTO event (trial_id, seq, at_ms, kind, body) VALUES (?, ?, ?, ?, ?)")
            for trial in prepared {
                let row = trial.row
                try deleteTrial.execute(arguments: [row.run, row.model, row.condition, row.epoch])
                try insertTrial.execute(arguments: row.arguments)
                let trialID = db.lastInsertedRowID
                for (seq, event) in trial.events.enumerated() {
                    try insertEvent.execute(arguments: [trialID, seq, event.atMilliseconds, event.kind, event.body])
                }
                if let interview = trial.interview { try ResultsStore.insert(interview, trialID: trialID, in: db) }
            }
        }
    }

    /// The `event.kind` value of a transcript event.
    static func kindName(_ kind: TranscriptEvent.Kind) -> String {
        switch kind {
        case .message: "message"
        case .model: "model"
        case .command: "command"
        case .snapshot: "snapshot"
        case .note: "note"
        }
    }
}

/// A trial's row and event rows, encoded before the write transaction so that it holds the lock briefly.
private struct PreparedTrial: Sendable {
    var row: TrialRow
    var events: [EventRow]
    var interview: InterviewRecord?

    init(_ trial: TrialRecord) throws {
        row = try TrialRow(trial)
        interview = trial.interview
        // What one trial may store is capped (issue 15): past the cap, later events are stored cut, with a note.
        events = try TranscriptBudget().fit(trial.result.events) { try StoreJSON.encode($0) }.map { stored in
            EventRow(
                atMilliseconds: stored.event.atMilliseconds, kind: ResultsStore.kindName(stored.event.kind),
                body: stored.body)
        }
    }
}

/// The columns of one `trial` row, encoded before the write transaction so it holds the lock briefly.
private struct TrialRow: Sendable {
    var run: String
    var model: String
    var condition: String
    var epoch: Int
    var arguments: StatementArguments

    init(_ trial: TrialRecord) throws {
        let outcome = trial.result.outcome
        run = trial.run.rawValue
        model = trial.key.model
        condition = trial.key.condition
        epoch = trial.key.epoch
        arguments = [
            run, model, condition, epoch, outcome.kind.rawValue, outcome.technique?.rawValue, outcome.sabotaged,
            outcome.reason, try StoreJSON.encode(outcome), try StoreJSON.encode(trial.result.modelNames),
            trial.result.scripted, trial.result.usage.inputTokens, trial.result.usage.outputTokens, trial.startedAt,
            trial.durationMilliseconds, trial.sandbox, try trial.recorded.map { try StoreJSON.encode($0) },
            trial.result.usage.cacheReadTokens, trial.result.usage.cacheWriteTokens, trial.fork?.trunk,
            trial.fork?.branch,
        ]
    }
}

/// The columns of one `event` row but its trial id and sequence number.
private struct EventRow: Sendable {
    var atMilliseconds: Int
    var kind: String
    var body: String
}
