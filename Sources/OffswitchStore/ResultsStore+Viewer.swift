import GRDB
public import OffswitchCore

extension ResultsStore {
    /// Which trials of a run to list: every field that is set narrows the list.
    ///
    /// A new criterion (a judge's label, say) is one more field here and one more clause in ``clauses``.
    public struct TrialFilter: Sendable, Hashable {
        /// Only this model's trials.
        public var model: String?
        /// Only this condition's trials.
        public var condition: String?
        /// Only trials of this outcome class.
        public var outcome: OutcomeClass?
        /// Only trials that bypassed the shutdown with this technique.
        public var technique: Technique?

        /// Creates a filter; with no arguments it keeps every trial.
        ///
        /// - Parameters:
        ///   - model: Only this model's trials.
        ///   - condition: Only this condition's trials.
        ///   - outcome: Only trials of this outcome class.
        ///   - technique: Only trials with this bypass technique.
        public init(
            model: String? = nil, condition: String? = nil, outcome: OutcomeClass? = nil, technique: Technique? = nil
        ) {
            self.model = model
            self.condition = condition
            self.outcome = outcome
            self.technique = technique
        }

        /// The SQL conditions (joined with AND) and their arguments, after `run_id = ?`.
        var clauses: (sql: String, arguments: [String]) {
            let parts: [(String, String?)] = [
                ("model = ?", model), ("condition = ?", condition), ("outcome = ?", outcome?.rawValue),
                ("technique = ?", technique?.rawValue),
            ]
            let set = parts.compactMap { part in part.1.map { (part.0, $0) } }
            return (set.map { " AND " + $0.0 }.joined(), set.map(\.1))
        }
    }

    /// One page of a run's trials that match a filter, with how many match in all.
    public struct TrialPage: Sendable, Equatable {
        /// The trials of the page, ordered by model, condition and epoch.
        public var trials: [StoredTrial]
        /// How many trials match the filter, on every page.
        public var total: Int
    }

    /// The trials of `run` that match `filter`, `limit` at a time from `offset`, without their transcripts.
    ///
    /// - Parameters:
    ///   - run: The run's id.
    ///   - filter: Which trials to keep.
    ///   - limit: The page size.
    ///   - offset: How many matching trials to skip.
    /// - Returns: The page and the number of matching trials.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read`` or ``StoreError/Code/corrupt``.
    public func trials(run: RunID, matching filter: TrialFilter, limit: Int, offset: Int) async throws -> TrialPage {
        let (clauses, values) = filter.clauses
        let arguments = StatementArguments([run.rawValue] + values)
        return try await reading("could not list the trials of run \(run)") { db in
            let total =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trial WHERE run_id = ?" + clauses, arguments: arguments)
                ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT \(Self.trialColumns) FROM trial WHERE run_id = ?" + clauses
                    + " ORDER BY model, condition, epoch LIMIT ? OFFSET ?",
                arguments: arguments + [limit, offset])
            return TrialPage(trials: try rows.map(Self.storedTrial), total: total)
        }
    }

    /// How many trials of each cell (model, condition) of `run` match `filter`; cells with none are absent.
    ///
    /// - Parameters:
    ///   - run: The run's id.
    ///   - filter: Which trials to count.
    /// - Returns: The counts by model, then condition.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``.
    public func matchingCounts(run: RunID, matching filter: TrialFilter) async throws -> [String: [String: Int]] {
        let (clauses, values) = filter.clauses
        return try await reading("could not count the trials of run \(run)") { db in
            var counts: [String: [String: Int]] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT model, condition, COUNT(*) AS n FROM trial WHERE run_id = ?" + clauses
                    + " GROUP BY model, condition",
                arguments: StatementArguments([run.rawValue] + values))
            while let row = try rows.next() {
                counts[row["model"], default: [:]][row["condition"]] = row["n"]
            }
            return counts
        }
    }

    /// One stored trial and the run it belongs to, without its transcript.
    ///
    /// - Parameter id: The trial's row id.
    /// - Returns: The run and the trial, or nil when no trial has that id.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read`` or ``StoreError/Code/corrupt``.
    public func trial(id: Int64) async throws -> (run: RunID, trial: StoredTrial)? {
        try await reading("could not read trial \(id)") { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT run_id, \(Self.trialColumns) FROM trial WHERE id = ?",
                    arguments: [id])
            else { return nil }
            return (RunID(try row.decode(forColumn: "run_id")), try Self.storedTrial(row))
        }
    }

    /// A token that changes whenever a trial of `run` (or of any run, when nil) is recorded or replaced, or a
    /// run's label, note or plan changes.
    ///
    /// - Parameter run: The run, or nil for the whole store.
    /// - Returns: The number of runs and trials, the newest trial's row id and a digest of the runs' names, as
    ///   `runs-count-id-digest`.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``.
    public func version(run: RunID?) async throws -> String {
        try await reading("could not read the state of the results store") { db in
            let row =
                if let run {
                    try Row.fetchOne(
                        db, sql: "SELECT COUNT(*) AS n, MAX(id) AS last FROM trial WHERE run_id = ?",
                        arguments: [run.rawValue])
                } else {
                    try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, MAX(id) AS last FROM trial")
                }
            let count: Int = row?["n"] ?? 0
            let last: Int64 = row?["last"] ?? 0
            let runs = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run") ?? 0
            // Labels, notes and plans change no trial: a digest of them, so a relabelled run shows at once.
            var names: UInt64 = 0xcbf2_9ce4_8422_2325
            let cursor = try String.fetchCursor(
                db,
                sql: """
                    SELECT id || char(31) || COALESCE(label, '') || char(31) || COALESCE(note, '') || char(31)
                        || planned_epochs FROM run\(run == nil ? "" : " WHERE id = ?")
                    """,
                arguments: run.map { [$0.rawValue] } ?? [])
            while let text = try cursor.next() {
                for byte in text.utf8 { names = (names ^ UInt64(byte)) &* 0x100_0000_01b3 }
            }
            return "\(runs)-\(count)-\(last)-\(String(names, radix: 16))"
        }
    }

    /// The columns ``storedTrial(_:)`` (in ResultsStore+Export.swift) reads.
    static let trialColumns = """
        id, model, condition, epoch, outcome_json, model_names, scripted, input_tokens, output_tokens, started_at, \
        duration_ms, sandbox, cache_read_tokens, cache_write_tokens, trunk, branch
        """
}
