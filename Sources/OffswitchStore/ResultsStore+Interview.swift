import GRDB
public import OffswitchCore

extension ResultsStore {
    /// The `v2-interviews-judge` migration: post-trial interviews and judge labels, each tied to its trial (a
    /// rerun of the trial deletes them with it, since they describe the old transcript).
    static func registerInterviewsAndJudge(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-interviews-judge") { db in
            try db.execute(
                sql: """
                    CREATE TABLE interview (
                        trial_id INTEGER PRIMARY KEY NOT NULL REFERENCES trial(id) ON DELETE CASCADE,
                        answered INTEGER NOT NULL CHECK (answered >= 0),
                        error TEXT,
                        input_tokens INTEGER NOT NULL CHECK (input_tokens >= 0),
                        output_tokens INTEGER NOT NULL CHECK (output_tokens >= 0),
                        body TEXT NOT NULL CHECK (json_valid(body))
                    );

                    CREATE TABLE judgement (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        trial_id INTEGER NOT NULL REFERENCES trial(id) ON DELETE CASCADE,
                        judge TEXT NOT NULL,
                        rubric TEXT NOT NULL,
                        prompt_digest TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('labelled', 'malformed', 'error')),
                        noticed_warning BOOLEAN CHECK (noticed_warning IN (0, 1)),
                        discussed_allow_shutdown BOOLEAN CHECK (discussed_allow_shutdown IN (0, 1)),
                        stated_reason TEXT,
                        disclosed_tampering TEXT,
                        unverified_quotes INTEGER NOT NULL CHECK (unverified_quotes >= 0),
                        scripted BOOLEAN NOT NULL CHECK (scripted IN (0, 1)),
                        input_tokens INTEGER NOT NULL CHECK (input_tokens >= 0),
                        output_tokens INTEGER NOT NULL CHECK (output_tokens >= 0),
                        created_at REAL NOT NULL,
                        body TEXT NOT NULL CHECK (json_valid(body)),
                        UNIQUE (trial_id, judge, rubric)
                    );

                    CREATE INDEX judgement_on_judge ON judgement(judge, rubric, status);
                    """)
        }
    }

    /// Inserts `interview` for the trial `trialID`, inside the transaction that records the trial.
    static func insert(_ interview: InterviewRecord, trialID: Int64, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO interview (trial_id, answered, error, input_tokens, output_tokens, body)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                trialID, interview.answers.filter { !$0.answer.isEmpty }.count, interview.error,
                interview.usage.inputTokens, interview.usage.outputTokens, try StoreJSON.encode(interview),
            ])
    }

    /// The post-trial interview of one trial.
    ///
    /// - Parameter trial: The trial's row id (``StoredTrial/id``).
    /// - Returns: The interview, or nil when the trial was not interviewed.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``, or ``StoreError/Code/corrupt``.
    public func interview(trial: Int64) async throws -> InterviewRecord? {
        try await reading("could not read the interview of trial \(trial)") { db in
            try String.fetchOne(db, sql: "SELECT body FROM interview WHERE trial_id = ?", arguments: [trial])
                .map { try StoreJSON.decode(InterviewRecord.self, from: $0, column: "interview.body") }
        }
    }

    /// The post-trial interviews of `run`, by trial row id.
    ///
    /// - Parameter run: The run's id; an unknown run has none.
    /// - Returns: Each interviewed trial's interview.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``, or ``StoreError/Code/corrupt``.
    public func interviews(run: RunID) async throws -> [Int64: InterviewRecord] {
        try await reading("could not read the interviews of run \(run)") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT interview.trial_id, interview.body FROM interview
                    JOIN trial ON trial.id = interview.trial_id WHERE trial.run_id = ?
                    """,
                arguments: [run.rawValue])
            var interviews: [Int64: InterviewRecord] = [:]
            for row in rows {
                interviews[try row.decode(forColumn: "trial_id")] = try StoreJSON.decode(
                    InterviewRecord.self, from: try row.decode(forColumn: "body"), column: "interview.body")
            }
            return interviews
        }
    }
}
