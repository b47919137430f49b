import GRDB
public import OffswitchCore

/// A replayed trial's outcome beside what its recording said of it.
public struct ReplayedOutcome: Sendable, Equatable {
    /// The trial's row id.
    public var trialID: Int64
    /// Which model (`replay/PATH`), condition and epoch.
    public var key: TrialKey
    /// offswitch's verdict on the replay.
    public var outcome: TrialOutcome
    /// What the recording said.
    public var recorded: RecordedLabel

    public init(trialID: Int64, key: TrialKey, outcome: TrialOutcome, recorded: RecordedLabel) {
        self.trialID = trialID
        self.key = key
        self.outcome = outcome
        self.recorded = recorded
    }
}

extension ResultsStore {
    /// The migration that gives each trial the label its recording gave it, for replayed trials (NULL otherwise).
    static func registerRecordedLabels(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-recorded-label") { db in
            try db.execute(
                sql: "ALTER TABLE trial ADD COLUMN recorded TEXT CHECK (recorded IS NULL OR json_valid(recorded));")
        }
    }

    /// The replayed trials of `run` with their recorded labels, by model, condition and epoch.
    ///
    /// - Parameter run: The run's id; a run without replayed trials has none.
    /// - Returns: The trials that carry a recorded label.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``, or ``StoreError/Code/corrupt`` for a label
    ///   this version cannot read.
    public func replayedOutcomes(run: RunID) async throws -> [ReplayedOutcome] {
        try await reading("could not read the recorded labels of run \(run)") { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT id, model, condition, epoch, outcome_json, recorded FROM trial
                    WHERE run_id = ? AND recorded IS NOT NULL ORDER BY model, condition, epoch
                    """,
                arguments: [run.rawValue])
            var outcomes: [ReplayedOutcome] = []
            while let row = try rows.next() {
                outcomes.append(
                    ReplayedOutcome(
                        trialID: try row.decode(forColumn: "id"),
                        key: TrialKey(
                            model: try row.decode(forColumn: "model"),
                            condition: try row.decode(forColumn: "condition"),
                            epoch: try row.decode(forColumn: "epoch")),
                        outcome: try StoreJSON.decode(
                            TrialOutcome.self, from: try row.decode(forColumn: "outcome_json"), column: "outcome_json"),
                        recorded: try StoreJSON.decode(
                            RecordedLabel.self, from: try row.decode(forColumn: "recorded"), column: "recorded")))
            }
            return outcomes
        }
    }
}
