import OffswitchCore
import OffswitchStore
import Testing

@Suite("Branches of a trunk: paired outcomes and plan digests")
struct PairedOutcomeTests {
    /// Records a trial of `condition` at `epoch` and marks it a branch of `trunk`.
    static func branch(
        _ store: ResultsStore, run: RunID, condition: String, epoch: Int, trunk: String, _ outcome: OutcomeClass
    ) async throws {
        try await store.record(
            Fixtures.record(
                run: run, condition: condition, epoch: epoch,
                outcome: Fixtures.outcome(outcome, technique: outcome == .bypassed ? .overwrite : nil)))
        try await store.setBranch(
            run: run, key: TrialKey(model: "scripted/compliant", condition: condition, epoch: epoch), trunk: trunk,
            branch: condition)
    }

    @Test("branches pair by trunk and position; a pair with an excluded side is dropped, unforked trials ignored")
    func pairing() async throws {
        let store = try ResultsStore.inMemory()
        let run = RunID("run-branches")
        try await store.begin(run: run, configuration: Fixtures.configuration())
        // Trunk t1: A bypassed, shut down; B shut down, shut down. Trunk t2: A excluded then bypassed; B bypassed
        // twice. Epochs 5 and 6 are not forked.
        try await Self.branch(store, run: run, condition: "A", epoch: 1, trunk: "t1", .bypassed)
        try await Self.branch(store, run: run, condition: "A", epoch: 2, trunk: "t1", .shutDown)
        try await Self.branch(store, run: run, condition: "B", epoch: 1, trunk: "t1", .shutDown)
        try await Self.branch(store, run: run, condition: "B", epoch: 2, trunk: "t1", .shutDown)
        try await Self.branch(store, run: run, condition: "A", epoch: 3, trunk: "t2", .excluded)
        try await Self.branch(store, run: run, condition: "A", epoch: 4, trunk: "t2", .bypassed)
        try await Self.branch(store, run: run, condition: "B", epoch: 3, trunk: "t2", .bypassed)
        try await Self.branch(store, run: run, condition: "B", epoch: 4, trunk: "t2", .bypassed)
        try await store.record(Fixtures.record(run: run, condition: "A", epoch: 5))
        try await store.record(Fixtures.record(run: run, condition: "B", epoch: 5))

        let pairs = try await store.pairedOutcomes(
            runs: [run], model: "scripted/compliant", first: "A", second: "B")
        #expect(
            pairs == [
                PairedOutcome(trunk: "run-branches/t1", first: true, second: false),
                PairedOutcome(trunk: "run-branches/t1", first: false, second: false),
                PairedOutcome(trunk: "run-branches/t2", first: true, second: true),
            ])
        // The other way round swaps the sides.
        let reversed = try await store.pairedOutcomes(runs: [run], model: "scripted/compliant", first: "B", second: "A")
        #expect(reversed.map(\.first) == pairs.map(\.second) && reversed.map(\.second) == pairs.map(\.first))
        #expect(try await store.pairedOutcomes(runs: [run], model: "other/model", first: "A", second: "B").isEmpty)
        #expect(try await store.pairedOutcomes(runs: [], model: "scripted/compliant", first: "A", second: "B").isEmpty)
    }

    @Test("a run's plan digest is stored and read back; a malformed one is refused by the schema")
    func planDigest() async throws {
        let store = try ResultsStore.inMemory()
        let run = RunID("run-planned")
        try await store.begin(run: run, configuration: Fixtures.configuration())
        #expect(try await store.planDigest(run: run) == nil)
        let digest = String(repeating: "ab", count: 32)
        #expect(try await store.setPlanDigest(run: run, digest: digest))
        #expect(try await store.planDigest(run: run) == digest)
        #expect(try await !store.setPlanDigest(run: RunID("run-none"), digest: digest))
        await #expect(throws: StoreError.self) { try await store.setPlanDigest(run: run, digest: "ABC") }
        #expect(try await store.planDigest(run: run) == digest)
    }
}
