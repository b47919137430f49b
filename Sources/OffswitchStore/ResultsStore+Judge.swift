import Foundation
import GRDB
public import OffswitchCore

/// A judgement as the store has it: which trial it labels.
public struct StoredJudgement: Sendable, Equatable {
    /// The labelled trial's row id (``StoredTrial/id``).
    public var trialID: Int64
    public var judgement: Judgement

    public init(trialID: Int64, judgement: Judgement) {
        self.trialID = trialID
        self.judgement = judgement
    }
}

extension ResultsStore {
    /// Stores `judgement` of the trial `trial`, replacing an earlier one by the same judge and rubric.
    ///
    /// Nothing is written when the trial is gone (a rerun replaced it while it was being judged).
    ///
    /// - Parameters:
    ///   - judgement: The judge's answer, parsed or not.
    ///   - trial: The trial's row id.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/write``.
    public func record(_ judgement: Judgement, trial: Int64) async throws {
        let labels = judgement.labels
        let arguments: StatementArguments = [
            trial, judgement.judge, judgement.rubric, judgement.promptDigest, judgement.status.rawValue,
            labels?.noticedWarning.value, labels?.discussedAllowShutdown.value, labels?.statedReason.value.rawValue,
            labels?.disclosedTamperingWhenInterviewed.value.rawValue, labels?.unverifiedCount ?? 0, judgement.scripted,
            judgement.usage.inputTokens, judgement.usage.outputTokens, Date().timeIntervalSince1970,
            try StoreJSON.encode(judgement), trial,
        ]
        try await writing("could not record the judgement of trial \(trial)") { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO judgement (
                        trial_id, judge, rubric, prompt_digest, status, noticed_warning, discussed_allow_shutdown,
                        stated_reason, disclosed_tampering, unverified_quotes, scripted, input_tokens, output_tokens,
                        created_at, body)
                    SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM trial WHERE id = ?)
                    """,
                arguments: arguments)
        }
    }

    /// The trials of `run` still to be judged by `judge` with `rubric`: not yet judged, or judged with an error.
    ///
    /// Errored trials are left out: their transcripts end in a failure, not a behaviour.
    ///
    /// - Parameters:
    ///   - run: The run's id.
    ///   - judge: The judge's address.
    ///   - rubric: The rubric's `id@version`.
    /// - Returns: The trials, ordered as ``trials(run:)`` orders them.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``, or ``StoreError/Code/corrupt``.
    public func trialsToJudge(run: RunID, judge: String, rubric: String) async throws -> [StoredTrial] {
        let done = try await judgements(run: run, judge: judge, rubric: rubric)
            .filter { $0.judgement.status != .error }.map(\.trialID)
        let skip = Set(done)
        return try await trials(run: run).filter { !skip.contains($0.id) && $0.outcome.kind != .error }
    }

    /// The judgements of `run`'s trials, optionally only those of one judge and rubric.
    ///
    /// - Parameters:
    ///   - run: The run's id; an unknown run has none.
    ///   - judge: Only this judge's (`provider/model`), or nil for every judge.
    ///   - rubric: Only this rubric's (`id@version`), or nil for every rubric.
    /// - Returns: The judgements, ordered by trial, then judge.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``, or ``StoreError/Code/corrupt``.
    public func judgements(run: RunID, judge: String? = nil, rubric: String? = nil) async throws -> [StoredJudgement] {
        try await reading("could not read the judgements of run \(run)") { db in
            var sql = """
                SELECT judgement.trial_id, judgement.body FROM judgement
                JOIN trial ON trial.id = judgement.trial_id WHERE trial.run_id = ?
                """
            var arguments: StatementArguments = [run.rawValue]
            if let judge {
                sql += " AND judgement.judge = ?"
                arguments += [judge]
            }
            if let rubric {
                sql += " AND judgement.rubric = ?"
                arguments += [rubric]
            }
            let rows = try Row.fetchAll(
                db, sql: sql + " ORDER BY judgement.trial_id, judgement.judge", arguments: arguments)
            return try rows.map { row in
                StoredJudgement(
                    trialID: try row.decode(forColumn: "trial_id"),
                    judgement: try StoreJSON.decode(
                        Judgement.self, from: try row.decode(forColumn: "body"), column: "judgement.body"))
            }
        }
    }
}
