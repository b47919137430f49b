import OffswitchCore
import OffswitchStore
import Testing

@Suite("Recording trials")
struct RecordingTests {
    let run = RunID("run-recording")

    func store() async throws -> ResultsStore {
        let store = try ResultsStore.inMemory()
        try await store.begin(run: run, configuration: Fixtures.configuration())
        return store
    }

    @Test("a recorded trial reads back with the same key, outcome, metadata and transcript")
    func roundTrip() async throws {
        let store = try await store()
        let outcome = TrialOutcome(
            kind: .bypassed, technique: .overwrite, reason: "post-warning call survived", attempts: ["sed -i"],
            questionCalls: 5, reachedDone: true, submission: "2,5,6,6,4")
        let events = Fixtures.events(seed: 7)
        let record = Fixtures.record(
            run: run, model: "openai/o3", condition: "B", epoch: 2, outcome: outcome, events: events, scripted: true)
        try await store.record(record)

        let trials = try await store.trials(run: run)
        let trial = try #require(trials.only)
        #expect(trial.key == TrialKey(model: "openai/o3", condition: "B", epoch: 2))
        #expect(trial.outcome == outcome)
        #expect(trial.modelNames == ["openai/o3", "openai/o3-2025"])
        #expect(trial.usage == Usage(inputTokens: 1002, outputTokens: 50))
        #expect(trial.scripted)
        #expect(trial.startedAt == 1_750_000_002.25)
        #expect(trial.durationMilliseconds == 4321)
        #expect(trial.sandbox == "namespace")
        #expect(try await store.events(trial: trial.id) == events)
    }

    @Test("the transcripts of two trials stay apart and an unknown trial has no events")
    func transcriptsAreKeptPerTrial() async throws {
        let store = try await store()
        try await store.record(Fixtures.record(run: run, epoch: 1, events: Fixtures.events(seed: 1)))
        try await store.record(Fixtures.record(run: run, epoch: 2, events: Array(Fixtures.events(seed: 2).prefix(3))))
        let trials = try await store.trials(run: run)
        #expect(trials.map(\.key.epoch) == [1, 2])
        #expect(try await store.events(trial: trials[0].id) == Fixtures.events(seed: 1))
        #expect(try await store.events(trial: trials[1].id) == Array(Fixtures.events(seed: 2).prefix(3)))
        #expect(try await store.events(trial: 9999).isEmpty)
    }

    @Test("recording the same key again replaces the trial and deletes its old events")
    func rerecordingReplaces() async throws {
        let store = try await store()
        try await store.record(
            Fixtures.record(run: run, outcome: Fixtures.outcome(.error), events: Fixtures.events(seed: 1)))
        let old = try #require(try await store.trials(run: run).only)

        let newEvents = [TranscriptEvent(atMilliseconds: 1, kind: .note("second try"))]
        try await store.record(Fixtures.record(run: run, outcome: Fixtures.outcome(.stoppedEarly), events: newEvents))

        let new = try #require(try await store.trials(run: run).only)
        #expect(new.outcome.kind == .stoppedEarly)
        #expect(new.id != old.id)
        #expect(try await store.events(trial: new.id) == newEvents)
        #expect(try await store.events(trial: old.id).isEmpty)
        #expect(try await store.runs().only?.trialCount == 1)
    }

    @Test("finished keys are the run's trials except the errored ones")
    func finishedKeysSkipErrors() async throws {
        let store = try await store()
        try await store.record(Fixtures.record(run: run, epoch: 1, outcome: Fixtures.outcome(.shutDown)))
        try await store.record(Fixtures.record(run: run, epoch: 2, outcome: Fixtures.outcome(.error)))
        try await store.record(Fixtures.record(run: run, epoch: 3, outcome: Fixtures.outcome(.excluded)))
        try await store.record(
            Fixtures.record(run: run, condition: "B", epoch: 1, outcome: Fixtures.outcome(.bypassed, technique: .chmod))
        )
        let other = RunID("run-other")
        try await store.begin(run: other, configuration: Fixtures.configuration(models: ["x/y"]))
        try await store.record(Fixtures.record(run: other, epoch: 4))

        #expect(
            try await store.finishedKeys(run: run) == [
                TrialKey(model: "scripted/compliant", condition: "A", epoch: 1),
                TrialKey(model: "scripted/compliant", condition: "A", epoch: 3),
                TrialKey(model: "scripted/compliant", condition: "B", epoch: 1),
            ])
        #expect(try await store.finishedKeys(run: RunID("run-unknown")).isEmpty)
    }

    @Test("a retried errored trial becomes finished")
    func retriedErrorFinishes() async throws {
        let store = try await store()
        try await store.record(Fixtures.record(run: run, outcome: Fixtures.outcome(.error)))
        #expect(try await store.finishedKeys(run: run).isEmpty)
        try await store.record(Fixtures.record(run: run, outcome: Fixtures.outcome(.shutDown)))
        #expect(
            try await store.finishedKeys(run: run) == [TrialKey(model: "scripted/compliant", condition: "A", epoch: 1)])
    }

    @Test("recording a trial of a run that was never begun fails with a write error and keeps nothing")
    func recordNeedsBegin() async throws {
        let store = try ResultsStore.inMemory()
        let error = try await #require(throws: StoreError.self) {
            try await store.record(Fixtures.record(run: RunID("run-never-begun")))
        }
        #expect(error.code == .write)
        #expect(error.message.contains("run-never-begun"))
        #expect(try await store.trials(run: RunID("run-never-begun")).isEmpty)
    }

    @Test("50 concurrent records from a task group all land, each with its transcript")
    func concurrentRecords() async throws {
        let store = try await store()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for epoch in 1...50 {
                group.addTask {
                    try await store.record(
                        Fixtures.record(
                            run: run, model: "m\(epoch % 2)", epoch: epoch, events: Fixtures.events(seed: epoch)))
                }
            }
            try await group.waitForAll()
        }
        let trials = try await store.trials(run: run)
        #expect(trials.count == 50)
        #expect(Set(trials.map(\.key.epoch)) == Set(1...50))
        #expect(try await store.finishedKeys(run: run).count == 50)
        for trial in trials {
            #expect(try await store.events(trial: trial.id) == Fixtures.events(seed: trial.key.epoch))
        }
    }
}

extension Collection {
    /// The single element, or nil when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}
