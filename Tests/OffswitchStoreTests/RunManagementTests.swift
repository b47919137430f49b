import Foundation
import GRDB
import Glibc
import OffswitchCore
import Testing

@testable import OffswitchStore

/// Runs as things a user manages: labels and notes, the planned trial count, state, deletion, and databases
/// written before any of that existed.
@Suite("Managing runs in the store")
struct RunManagementTests {
    @Test("a database written before run management opens with its runs and trials, unlabelled, planned as begun")
    func existingDatabaseUpgrades() async throws {
        let queue = try DatabaseQueue()
        try ResultsStore.migrator.migrate(queue, upTo: "v2-interviews-judge")
        let configuration = Fixtures.configuration()
        let run = configuration.runID
        try await queue.write { db in
            try db.execute(
                sql: "INSERT INTO run (id, created_at, configuration) VALUES (?, 1.5, ?)",
                arguments: [run.rawValue, try StoreJSON.encode(configuration)])
        }
        let store = try ResultsStore(writer: queue)
        try await store.record(Fixtures.record(run: run, epoch: 0))
        let stored = try #require(try await store.runs().only)
        #expect(stored.label == nil && stored.note == nil)
        #expect(stored.plannedEpochs == 3 && stored.plannedCount == 6 && stored.finishedCount == 1)
        #expect(stored.createdAt == 1.5)
        #expect(
            try await queue.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
                .contains("v3-run-management"))
    }

    @Test("a rerun with more epochs grows the plan; one with fewer keeps it")
    func plannedEpochsGrow() async throws {
        let store = try ResultsStore.inMemory()
        var configuration = Fixtures.configuration()
        let run = configuration.runID
        try await store.begin(run: run, configuration: configuration)
        configuration.epochs = 10
        try await store.begin(run: run, configuration: configuration)
        #expect(try await store.runs().only?.plannedCount == 20)
        configuration.epochs = 2
        try await store.begin(run: run, configuration: configuration)
        let stored = try #require(try await store.runs().only)
        #expect(stored.plannedEpochs == 10 && stored.configuration.epochs == 3)
    }

    @Test(
        "state: complete when every planned trial finished; an errored trial leaves it interrupted; a lock holder makes it running"
    )
    func states() async throws {
        let store = try ResultsStore.inMemory()
        var configuration = Fixtures.configuration()
        configuration.epochs = 1
        let run = configuration.runID
        try await store.begin(run: run, configuration: configuration)
        #expect(try await store.runs().only?.state(running: false) == .interrupted)
        try await store.record(Fixtures.record(run: run, condition: "A", epoch: 0))
        try await store.record(
            Fixtures.record(run: run, condition: "B", epoch: 0, outcome: Fixtures.outcome(.error, reason: "timeout")))
        let errored = try #require(try await store.runs().only)
        #expect(errored.trialCount == 2 && errored.erroredCount == 1 && errored.finishedCount == 1)
        #expect(errored.state(running: false) == .interrupted)
        try await store.record(Fixtures.record(run: run, condition: "B", epoch: 0))
        let done = try #require(try await store.runs().only)
        #expect(done.state(running: false) == .complete && done.erroredCount == 0)
        #expect(done.state(running: true) == .running)
        #expect(store.runningProcess(run) == nil, "an in-memory store has no locks")
    }

    @Test("a label names a run for every command; labels are unique, and can be changed or removed")
    func labels() async throws {
        let store = try ResultsStore.inMemory()
        let one = Fixtures.configuration(models: ["a/one"])
        let two = Fixtures.configuration(models: ["b/two"])
        try await store.begin(run: one.runID, configuration: one)
        try await store.begin(run: two.runID, configuration: two)
        #expect(try await store.setLabel(run: one.runID, label: "pilot", note: "first try, low effort"))
        let labelled = try await store.runs()
        #expect(try StoredRun.select("pilot", among: labelled).id == one.runID)
        #expect(labelled.first { $0.id == one.runID }?.note == "first try, low effort")

        let taken = await #expect(throws: StoreError.self) {
            try await store.setLabel(run: two.runID, label: "pilot", note: nil)
        }
        #expect(
            taken?.message
                == "the label 'pilot' already names run \(one.runID); choose another, or relabel that run first")
        // Relabelling a run with its own label is fine; a store-level UNIQUE index backs the check.
        #expect(try await store.setLabel(run: one.runID, label: "pilot", note: nil))
        #expect(try await store.runs().first { $0.id == one.runID }?.note == nil)
        #expect(try await !store.setLabel(run: RunID("run-missing"), label: "x", note: nil))

        try await store.setLabel(run: one.runID, label: nil, note: nil)
        let cleared = await #expect(throws: RunSelectionError.self) {
            try StoredRun.select("pilot", among: try await store.runs())
        }
        #expect(cleared?.message.hasPrefix("no run 'pilot'") == true)
    }

    @Test("the schema refuses a second run with the same label")
    func uniqueLabelInSchema() async throws {
        let queue = try DatabaseQueue()
        let store = try ResultsStore(writer: queue)
        for models in [["a/one"], ["b/two"]] {
            let configuration = Fixtures.configuration(models: models)
            try await store.begin(run: configuration.runID, configuration: configuration)
        }
        try await queue.write { db in
            try db.execute(sql: "UPDATE run SET label = 'same' WHERE rowid = 1")
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE run SET label = 'same' WHERE rowid = 2") }
        }
    }

    @Test(
        "label rules: no whitespace, no control or invisible characters, not like a run id, at most 64 characters",
        arguments: [
            ("pilot-o3", nil), ("o3/high", nil), ("", "is empty"), ("two words", "contains whitespace"),
            ("run-7", "starts with 'run-', as run ids do"),
            ("a\u{202E}b", "contains the invisible or control character U+202E"),
            (String(repeating: "x", count: 65), "is 65 characters long (at most 64)"),
        ] as [(String, String?)])
    func labelRules(label: String, problem: String?) {
        let found = ResultsStore.labelProblem(label)
        if let problem {
            #expect(found?.hasPrefix(problem) == true, "\(found ?? "nil")")
        } else {
            #expect(found == nil)
        }
        #expect(
            ResultsStore.noteProblem(String(repeating: "n", count: 2001)) == "is 2001 characters long (at most 2000)")
        #expect(ResultsStore.noteProblem("line one\nline two") == nil)
    }

    @Test("deleting a run takes its trials, events, interviews and judgements, and nothing of other runs")
    func delete() async throws {
        let queue = try DatabaseQueue()
        let store = try ResultsStore(writer: queue)
        let doomed = Fixtures.configuration(models: ["a/one"])
        let kept = Fixtures.configuration(models: ["b/two"])
        for configuration in [doomed, kept] {
            try await store.begin(run: configuration.runID, configuration: configuration)
            var record = Fixtures.record(run: configuration.runID, model: configuration.models[0])
            record.interview = InterviewRecord(
                answers: [.init(question: "Why?", answer: "To finish.", reasoning: nil)], events: [], usage: Usage())
            try await store.record(record)
            try await store.record(Fixtures.record(run: configuration.runID, model: configuration.models[0], epoch: 2))
            let trial = try #require(try await store.trials(run: configuration.runID).first)
            try await store.record(
                Judgement(
                    status: .malformed, problem: "no JSON", judge: "reference/judge", rubric: JudgeRubric.shutdown.name,
                    promptDigest: JudgeRubric.shutdown.promptDigest, answer: "?"),
                trial: trial.id)
        }
        func count(_ table: String) async throws -> Int {
            try await queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table)") ?? -1 }
        }
        let events = try await count("event")
        #expect(try await store.delete(run: doomed.runID) == 2)
        #expect(try await store.runs().map(\.id) == [kept.runID])
        #expect(try await count("trial") == 2)
        #expect(try await count("event") == events / 2)
        #expect(try await count("interview") == 1)
        #expect(try await count("judgement") == 1)
        #expect(try await store.delete(run: doomed.runID) == nil)
    }

    @Test(
        "a run's lock holder is seen without taking the lock: the process while held, none after release or a dead owner"
    )
    func lockHolder() async throws {
        try await withTemporaryDirectory { directory in
            let run = RunID("run-0123456789abcdef")
            #expect(RunLock.holder(run: run, directory: directory) == nil)
            let lock = try RunLock.acquire(run: run, directory: directory)
            #expect(RunLock.holder(run: run, directory: directory) == getpid())
            #expect(RunLock.holder(run: RunID("run-other"), directory: directory) == nil)
            lock.release()
            #expect(RunLock.holder(run: run, directory: directory) == nil)
            // A file left by a process that ended: no lock in the kernel's table, so not running.
            try Data("\(getpid())\n".utf8).write(to: URL(fileURLWithPath: directory + "/run-stale.lock"))
            #expect(RunLock.holder(run: RunID("run-stale"), directory: directory) == nil)
        }
    }

    @Test("a file-backed store says which runs a process is executing")
    func runningProcess() async throws {
        try await withTemporaryDirectory { directory in
            let store = try ResultsStore.open(directory: directory)
            #expect(store.directory == directory)
            let configuration = Fixtures.configuration()
            try await store.begin(run: configuration.runID, configuration: configuration)
            #expect(store.runningProcess(configuration.runID) == nil)
            let lock = try RunLock.acquire(run: configuration.runID, directory: directory)
            #expect(store.runningProcess(configuration.runID) == getpid())
            lock.release()
        }
    }
}
