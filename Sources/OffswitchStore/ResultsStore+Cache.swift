import GRDB

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
