import GRDB
import OffswitchCore
import OffswitchStore
import Testing

@Suite("Results store schema")
struct SchemaTests {
    @Test("the migrations create the run, trial and event tables with their keys and index")
    func migrationCreatesSchema() async throws {
        let queue = try DatabaseQueue()
        _ = try ResultsStore(writer: queue)
        try await queue.read { db in
            #expect(
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") == [
                    "v1", "v2-interviews-judge", "v3-run-management", "v4-recorded-label", "v5-cache-tokens",
                    "v6-batches",
                    "v7-trunk-branch", "v8-plan", "v9-trunks",
                ])
            #expect(
                try db.columns(in: "run").map(\.name) == [
                    "id", "created_at", "configuration", "label", "note", "planned_epochs", "plan_digest",
                ])
            #expect(
                try db.columns(in: "trial").map(\.name) == [
                    "id", "run_id", "model", "condition", "epoch", "outcome", "technique", "sabotaged", "reason",
                    "outcome_json", "model_names", "scripted", "input_tokens", "output_tokens", "started_at",
                    "duration_ms", "sandbox", "recorded", "cache_read_tokens", "cache_write_tokens", "trunk", "branch",
                ])
            #expect(try db.columns(in: "event").map(\.name) == ["trial_id", "seq", "at_ms", "kind", "body"])
            #expect(try db.primaryKey("event").columns == ["trial_id", "seq"])
            #expect(try db.table("trial", hasUniqueKey: ["run_id", "model", "condition", "epoch"]))

            let outcomeIndex = try #require(try db.indexes(on: "trial").first { $0.name == "trial_on_run_outcome" })
            #expect(outcomeIndex.columns == ["run_id", "outcome"])

            let trialForeignKey = try #require(try db.foreignKeys(on: "trial").first)
            #expect(trialForeignKey.destinationTable == "run")
            let eventForeignKey = try #require(try db.foreignKeys(on: "event").first)
            #expect(eventForeignKey.destinationTable == "trial")
            let cascades = try Row.fetchAll(
                db, sql: "SELECT \"table\", on_delete FROM pragma_foreign_key_list('event')")
            #expect(cascades.map { $0["on_delete"] as String? } == ["CASCADE"])
        }
    }

    @Test("creating a second store over a migrated database runs no migration again and keeps the data")
    func migrationIsIdempotent() async throws {
        let queue = try DatabaseQueue()
        let first = try ResultsStore(writer: queue)
        let run = RunID("run-again")
        try await first.begin(run: run, configuration: Fixtures.configuration())
        try await first.record(Fixtures.record(run: run))
        let second = try ResultsStore(writer: queue)
        #expect(try await second.trials(run: run).count == 1)
        #expect(try await queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM grdb_migrations") } == 9)
    }

    @Test("a trial's cache reads and writes are stored and read back; a trial without them reads nil")
    func cacheTokens() async throws {
        let store = try ResultsStore.inMemory()
        let run = RunID("run-cache")
        try await store.begin(run: run, configuration: Fixtures.configuration())
        var cached = Fixtures.record(run: run, epoch: 1)
        cached.result.usage = Usage(inputTokens: 9000, outputTokens: 50, cacheReadTokens: 8000, cacheWriteTokens: 700)
        try await store.record(cached)
        try await store.record(Fixtures.record(run: run, epoch: 2))
        let trials = try await store.trials(run: run).sorted { $0.key.epoch < $1.key.epoch }
        #expect(
            trials.map(\.usage) == [
                Usage(inputTokens: 9000, outputTokens: 50, cacheReadTokens: 8000, cacheWriteTokens: 700),
                Usage(inputTokens: 1002, outputTokens: 50),
            ])
    }

    @Test("the schema rejects an unknown event kind, a trial of an unknown run and invalid JSON")
    func constraintsLiveInTheSchema() async throws {
        let queue = try DatabaseQueue()
        let store = try ResultsStore(writer: queue)
        let run = RunID("run-constraints")
        try await store.begin(run: run, configuration: Fixtures.configuration())
        try await store.record(Fixtures.record(run: run))
        let trialID = try #require(try await store.trials(run: run).first?.id)
        try await queue.write { db in
            #expect(throws: DatabaseError.self) {
                try db.execute(
                    sql: "INSERT INTO event (trial_id, seq, at_ms, kind, body) VALUES (?, 99, 0, 'bogus', '{}')",
                    arguments: [trialID])
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(
                    sql: "INSERT INTO event (trial_id, seq, at_ms, kind, body) VALUES (?, 99, 0, 'note', 'not json')",
                    arguments: [trialID])
            }
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "UPDATE trial SET run_id = 'run-missing' WHERE id = ?", arguments: [trialID])
            }
        }
        try await queue.write { db in try db.execute(sql: "DELETE FROM run") }
        #expect(try await queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM event") } == 0)
    }
}
