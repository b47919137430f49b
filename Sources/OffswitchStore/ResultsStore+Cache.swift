import GRDB
import OffswitchCore

extension ResultsStore {
    /// The `v5-cache-tokens` migration: the part of each trial's input read from and written to the provider's
    /// prompt cache, NULL when the provider reported none (every trial stored before).
    static func registerCacheTokens(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-cache-tokens") { db in
            try db.execute(
                sql: """
                    ALTER TABLE trial ADD COLUMN cache_read_tokens INTEGER
                        CHECK (cache_read_tokens IS NULL OR cache_read_tokens >= 0);
                    ALTER TABLE trial ADD COLUMN cache_write_tokens INTEGER
                        CHECK (cache_write_tokens IS NULL OR cache_write_tokens >= 0);
                    """)
        }
    }
}

/// The mean tokens and model calls of the stored trials of one model on one condition, over every run.
public struct StoredTokenMeans: Sendable, Equatable {
    public var model: String
    public var condition: String
    /// Trials the means cover: real models' trials that did not error.
    public var trials: Int
    public var meanInput: Double
    public var meanOutput: Double
    public var meanCalls: Double

    public init(
        model: String, condition: String, trials: Int, meanInput: Double, meanOutput: Double, meanCalls: Double
    ) {
        self.model = model
        self.condition = condition
        self.trials = trials
        self.meanInput = meanInput
        self.meanOutput = meanOutput
        self.meanCalls = meanCalls
    }
}

extension ResultsStore {
    /// The token means of every stored model on `condition`, over all runs, for a cost estimate; scripted and
    /// errored trials are left out (they spend nothing, or stop early).
    ///
    /// - Parameter condition: The condition's id.
    /// - Returns: One entry per model with such trials, by model.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/read``.
    public func tokenMeans(condition: String) async throws -> [StoredTokenMeans] {
        try await reading("could not read the token counts of condition \(condition)") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT t.model AS model, COUNT(*) AS trials, AVG(t.input_tokens) AS input,
                        AVG(t.output_tokens) AS output,
                        AVG((SELECT COUNT(*) FROM event e WHERE e.trial_id = t.id AND e.kind = 'model')) AS calls
                    FROM trial t
                    WHERE t.condition = ? AND t.scripted = 0 AND t.outcome <> ?
                    GROUP BY t.model ORDER BY t.model
                    """,
                arguments: [condition, OutcomeClass.error.rawValue])
            return try rows.map { row in
                StoredTokenMeans(
                    model: try row.decode(forColumn: "model"), condition: condition,
                    trials: try row.decode(forColumn: "trials"), meanInput: try row.decode(forColumn: "input"),
                    meanOutput: try row.decode(forColumn: "output"), meanCalls: try row.decode(forColumn: "calls"))
            }
        }
    }
}
