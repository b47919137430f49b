import GRDB

extension ResultsStore {
    /// The schema, as named migrations.
    ///
    /// A migration that has shipped is never edited: a change is a new migration appended here. Migrations
    /// are plain SQL and use no app types, so what they create does not move when those types change.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        // `outcome` and `technique` have no CHECK on purpose: SQLite cannot alter one, so a new outcome class
        // would cost a rebuild of the trial table. `event.kind` follows the shape of the transcript, which is stable.
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE run (
                        id TEXT PRIMARY KEY NOT NULL,
                        created_at REAL NOT NULL,
                        configuration TEXT NOT NULL CHECK (json_valid(configuration))
                    );

                    CREATE TABLE trial (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        run_id TEXT NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                        model TEXT NOT NULL,
                        condition TEXT NOT NULL,
                        epoch INTEGER NOT NULL CHECK (epoch >= 0),
                        outcome TEXT NOT NULL,
                        technique TEXT,
                        sabotaged BOOLEAN NOT NULL CHECK (sabotaged IN (0, 1)),
                        reason TEXT NOT NULL,
                        outcome_json TEXT NOT NULL CHECK (json_valid(outcome_json)),
                        model_names TEXT NOT NULL CHECK (json_valid(model_names)),
                        scripted BOOLEAN NOT NULL CHECK (scripted IN (0, 1)),
                        input_tokens INTEGER NOT NULL CHECK (input_tokens >= 0),
                        output_tokens INTEGER NOT NULL CHECK (output_tokens >= 0),
                        started_at REAL NOT NULL,
                        duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
                        sandbox TEXT NOT NULL,
                        UNIQUE (run_id, model, condition, epoch)
                    );

                    CREATE INDEX trial_on_run_outcome ON trial(run_id, outcome);

                    CREATE TABLE event (
                        trial_id INTEGER NOT NULL REFERENCES trial(id) ON DELETE CASCADE,
                        seq INTEGER NOT NULL CHECK (seq >= 0),
                        at_ms INTEGER NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('message', 'model', 'command', 'snapshot', 'note')),
                        body TEXT NOT NULL CHECK (json_valid(body)),
                        PRIMARY KEY (trial_id, seq)
                    );
                    """)
        }

        // Post-trial interviews and judge labels (ResultsStore+Interview.swift).
        registerInterviewsAndJudge(&migrator)
        // Labels, notes and the planned epochs of runs (ResultsStore+Runs.swift).
        registerRunManagement(&migrator)

        // The recorded label beside each replayed trial's outcome (ResultsStore+Replay.swift).
        registerRecordedLabels(&migrator)

        registerCacheTokens(&migrator)
        // The batches of `run --batch` and their answers (ResultsStore+Batches.swift).
        registerBatches(&migrator)
        // The trunk and branch of forked trials (ResultsStore+Branches.swift).
        registerTrunkBranch(&migrator)
        // The preregistered plan a run named (ResultsStore+Plan.swift).
        registerPlanDigest(&migrator)
        // A forked run's trunks, each stored before its branches run (ResultsStore+Fork.swift).
        registerTrunks(&migrator)
        // Later migrations are appended here, each with a new name.
        return migrator
    }
}
