import OffswitchCore
import OffswitchStore
import Testing

@Suite("Runs")
struct RunTests {
    @Test("begin is idempotent and keeps the first configuration of a run")
    func beginIsIdempotent() async throws {
        let store = try ResultsStore.inMemory()
        let first = Fixtures.configuration(version: "0.1.0")
        let run = first.runID
        try await store.begin(run: run, configuration: first)
        let created = try #require(try await store.runs().only)
        try await store.record(Fixtures.record(run: run))

        try await store.begin(run: run, configuration: first)
        try await store.begin(run: run, configuration: Fixtures.configuration(version: "0.2.0"))

        let runs = try await store.runs()
        #expect(runs == [StoredRun(id: run, createdAt: created.createdAt, configuration: first, trialCount: 1)])
        #expect(try await store.trials(run: run).count == 1)
    }

    @Test("runs are listed newest first with their decoded configurations and trial counts")
    func runsNewestFirst() async throws {
        let store = try ResultsStore.inMemory()
        let older = Fixtures.configuration(models: ["a/one"])
        let newer = Fixtures.configuration(models: ["b/two", "c/three"])
        try await store.begin(run: older.runID, configuration: older)
        try await store.begin(run: newer.runID, configuration: newer)
        for epoch in 1...3 { try await store.record(Fixtures.record(run: newer.runID, model: "b/two", epoch: epoch)) }

        let runs = try await store.runs()
        #expect(runs.map(\.id) == [newer.runID, older.runID])
        #expect(runs.map(\.configuration) == [newer, older])
        #expect(runs.map(\.trialCount) == [3, 0])
        #expect(runs[0].createdAt >= runs[1].createdAt)
    }
}
