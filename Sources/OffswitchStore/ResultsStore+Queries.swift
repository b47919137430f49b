import GRDB
public import OffswitchCore

extension ResultsStore {
    /// Every stored run, newest first.
    ///
    /// - Returns: The runs with their configurations and trial counts.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``, or ``StoreError/Code/corrupt`` when a stored
    ///   configuration cannot be decoded.
    public func runs() async throws -> [StoredRun] {
        try await reading("could not list the runs in the results store") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT run.id, run.created_at, run.configuration, run.label, run.note, run.planned_epochs,
                        COUNT(trial.id) AS trial_count, COALESCE(SUM(trial.outcome = ?), 0) AS errored_count
                    FROM run LEFT JOIN trial ON trial.run_id = run.id
                    GROUP BY run.id
                    ORDER BY run.created_at DESC, run.rowid DESC
                    """,
                arguments: [OutcomeClass.error.rawValue])
            return try rows.map { row in
                StoredRun(
                    id: RunID(try row.decode(forColumn: "id")), createdAt: try row.decode(forColumn: "created_at"),
                    configuration: try StoreJSON.decode(
                        RunConfiguration.self, from: try row.decode(forColumn: "configuration"),
                        column: "run.configuration"),
                    trialCount: try row.decode(forColumn: "trial_count"),
                    erroredCount: try row.decode(forColumn: "errored_count"),
                    plannedEpochs: try row.decode(forColumn: "planned_epochs"),
                    label: try row.decode(forColumn: "label"),
                    note: try row.decode(forColumn: "note"))
            }
        }
    }

    /// The tally of each cell (model, condition) of `run`, ordered by model, then condition.
    ///
    /// Computed by SQL over the trial rows; transcripts are not read.
    ///
    /// - Parameter run: The run's id; an unknown run has no cells.
    /// - Returns: One summary per cell that has at least one trial.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``, or ``StoreError/Code/corrupt`` when a row
    ///   holds an outcome or technique this version does not know.
    public func cells(run: RunID) async throws -> [CellSummary] {
        try await reading("could not tally the trials of run \(run)") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT model, condition, outcome, technique, COUNT(*) AS trials,
                        SUM(sabotaged) AS sabotaged, MAX(scripted) AS scripted,
                        SUM(outcome IN ('bypassed', 'shut_down_after_failed_attempt')
                            OR json_array_length(outcome_json, '$.attempts') > 0) AS attempted,
                        json_group_array(DISTINCT model_names) AS model_names
                    FROM trial WHERE run_id = ?
                    GROUP BY model, condition, outcome, technique
                    ORDER BY model, condition
                    """,
                arguments: [run.rawValue])
            var cells: [CellSummary] = []
            var names = Set<String>()
            for row in rows {
                let model: String = try row.decode(forColumn: "model")
                let condition: String = try row.decode(forColumn: "condition")
                let outcome = try Self.known(OutcomeClass.self, try row.decode(forColumn: "outcome"), "outcome")
                let techniqueName: String? = try row.decode(forColumn: "technique")
                let technique = try techniqueName.map { try Self.known(Technique.self, $0, "technique") }
                let trials: Int = try row.decode(forColumn: "trials")
                if cells.last?.model != model || cells.last?.condition != condition {
                    if !cells.isEmpty { cells[cells.count - 1].modelNames = names.sorted() }
                    names = []
                    cells.append(
                        CellSummary(
                            model: model, condition: condition, counts: [:], sabotaged: 0, counted: 0,
                            techniques: [:], scripted: false))
                }
                cells[cells.count - 1].counts[outcome, default: 0] += trials
                cells[cells.count - 1].sabotaged += try row.decode(Int.self, forColumn: "sabotaged")
                if outcome.counted {
                    cells[cells.count - 1].counted += trials
                    cells[cells.count - 1].attempted += try row.decode(Int.self, forColumn: "attempted")
                }
                if let technique { cells[cells.count - 1].techniques[technique, default: 0] += trials }
                if try row.decode(Bool.self, forColumn: "scripted") { cells[cells.count - 1].scripted = true }
                // Each distinct `model_names` array of the group, as a JSON array of their texts.
                for list in try StoreJSON.decode(
                    [String].self, from: row.decode(forColumn: "model_names"), column: "trial.model_names")
                {
                    names.formUnion(try StoreJSON.decode([String].self, from: list, column: "trial.model_names"))
                }
            }
            if !cells.isEmpty { cells[cells.count - 1].modelNames = names.sorted() }
            return cells
        }
    }

    /// The first `count` trials (by epoch) of each model, condition and outcome class of `run`, without their
    /// transcripts, ordered by model, condition and epoch: the candidates for a report's example transcripts,
    /// read without decoding the whole run.
    ///
    /// - Parameters:
    ///   - run: The run's id; an unknown run has no trials.
    ///   - count: How many trials per cell and outcome class.
    /// - Returns: The stored trials.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``, or ``StoreError/Code/corrupt`` when a stored
    ///   outcome cannot be decoded.
    public func trials(run: RunID, firstPerCellAndOutcome count: Int) async throws -> [StoredTrial] {
        try await reading("could not read the trials of run \(run)") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.trialColumns) FROM (
                        SELECT *, row_number() OVER (PARTITION BY model, condition, outcome ORDER BY epoch) AS place
                        FROM trial WHERE run_id = ?)
                    WHERE place <= ? ORDER BY model, condition, epoch
                    """,
                arguments: [run.rawValue, count])
            return try rows.map(Self.storedTrial)
        }
    }

    /// The trials of `run` without their transcripts, ordered by model, condition and epoch.
    ///
    /// - Parameter run: The run's id; an unknown run has no trials.
    /// - Returns: The stored trials.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``, or ``StoreError/Code/corrupt`` when a stored
    ///   outcome cannot be decoded.
    public func trials(run: RunID) async throws -> [StoredTrial] {
        try await reading("could not read the trials of run \(run)") { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT \(Self.trialColumns) FROM trial WHERE run_id = ? ORDER BY model, condition, epoch",
                arguments: [run.rawValue])
            return try rows.map(Self.storedTrial)
        }
    }

    /// The transcript of one trial, in the order it happened.
    ///
    /// - Parameter trial: The trial's row id (``StoredTrial/id``); an unknown id has no events.
    /// - Returns: The events, each bounded as ``TranscriptEvent/Kind/bounded`` bounds it.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``, or ``StoreError/Code/corrupt`` when an event
    ///   cannot be decoded.
    public func events(trial: Int64) async throws -> [TranscriptEvent] {
        try await reading("could not read the transcript of trial \(trial)") { db in
            // Bounded as they are recorded now: a trial stored before output was bounded (8 MiB per command) reads
            // as a new one would, and no page or export built from it grows with what the agent printed.
            try String.fetchAll(db, sql: "SELECT body FROM event WHERE trial_id = ? ORDER BY seq", arguments: [trial])
                .map { body in
                    var event = try StoreJSON.decode(TranscriptEvent.self, from: body, column: "event.body")
                    event.kind = event.kind.bounded
                    return event
                }
        }
    }

    /// The case of `type` named `rawValue`, or a ``StoreError/Code/corrupt`` error naming the column.
    static func known<Value: RawRepresentable<String>>(_ type: Value.Type, _ rawValue: String, _ column: String)
        throws -> Value
    {
        guard let value = Value(rawValue: rawValue) else {
            throw StoreError(
                .corrupt,
                "the results store has a trial whose \(column) is '\(rawValue)', which this version of offswitch "
                    + "does not know; it was written by a newer version: report with that version")
        }
        return value
    }
}
