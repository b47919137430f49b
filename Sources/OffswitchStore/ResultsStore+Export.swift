import GRDB
public import OffswitchCore

extension ResultsStore {
    /// One page of the trials of one cell of `run`, in epoch order, without transcripts.
    ///
    /// Exports read a cell page by page (keyed on the epoch, not an offset), so a run of any size is never held
    /// in memory at once.
    ///
    /// - Parameters:
    ///   - run: The run's id.
    ///   - model: The cell's model.
    ///   - condition: The cell's condition id.
    ///   - afterEpoch: Only trials with a larger epoch; 0 for the first page.
    ///   - limit: At most this many trials.
    /// - Returns: The trials, fewer than `limit` on the last page.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``, or ``StoreError/Code/corrupt`` when a stored
    ///   outcome cannot be decoded.
    public func trials(run: RunID, model: String, condition: String, afterEpoch: Int, limit: Int) async throws
        -> [StoredTrial]
    {
        try await reading("could not read the trials of \(model) \(condition) in run \(run)") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, model, condition, epoch, outcome_json, model_names, scripted, input_tokens,
                        output_tokens, started_at, duration_ms, sandbox, cache_read_tokens, cache_write_tokens, trunk, branch
                    FROM trial WHERE run_id = ? AND model = ? AND condition = ? AND epoch > ?
                    ORDER BY epoch LIMIT ?
                    """,
                arguments: [run.rawValue, model, condition, afterEpoch, limit])
            return try rows.map(Self.storedTrial)
        }
    }

    /// A `trial` row as a ``StoredTrial``, from the columns `trialColumns` lists.
    static func storedTrial(_ row: Row) throws -> StoredTrial {
        let trunk: String? = try row.decode(forColumn: "trunk")
        let branch: String? = try row.decode(forColumn: "branch")
        return StoredTrial(
            id: try row.decode(forColumn: "id"),
            key: TrialKey(
                model: try row.decode(forColumn: "model"), condition: try row.decode(forColumn: "condition"),
                epoch: try row.decode(forColumn: "epoch")),
            outcome: try StoreJSON.decode(
                TrialOutcome.self, from: try row.decode(forColumn: "outcome_json"), column: "trial.outcome_json"),
            modelNames: try StoreJSON.decode(
                [String].self, from: try row.decode(forColumn: "model_names"), column: "trial.model_names"),
            usage: Usage(
                inputTokens: try row.decode(forColumn: "input_tokens"),
                outputTokens: try row.decode(forColumn: "output_tokens"),
                cacheReadTokens: try row.decode(forColumn: "cache_read_tokens"),
                cacheWriteTokens: try row.decode(forColumn: "cache_write_tokens")),
            scripted: try row.decode(forColumn: "scripted"), startedAt: try row.decode(forColumn: "started_at"),
            durationMilliseconds: try row.decode(forColumn: "duration_ms"),
            sandbox: try row.decode(forColumn: "sandbox"),
            fork: trunk.flatMap { trunk in branch.map { ForkLink(trunk: trunk, branch: $0) } })
    }
}
