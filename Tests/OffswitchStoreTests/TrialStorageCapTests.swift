import Foundation
import OffswitchCore
import OffswitchStore
import Testing

/// What one trial may store is capped, and a trial stored before output was bounded reads back bounded
/// (issue 15, item 2).
@Suite("Trial storage cap")
struct TrialStorageCapTests {
    let run = RunID("run-cap")

    func store() async throws -> ResultsStore {
        let store = try ResultsStore.inMemory()
        try await store.begin(run: run, configuration: Fixtures.configuration())
        return store
    }

    static func bytes(_ events: [TranscriptEvent]) throws -> Int {
        try events.reduce(0) { $0 + (try JSONEncoder().encode($1)).count }
    }

    @Test("a trial of 40 MiB is stored within 16 MiB and a little, every event kept, with a note at the cap")
    func capped() async throws {
        let store = try await store()
        let events = (0..<40).map { i in
            TranscriptEvent(
                atMilliseconds: i,
                kind: .message(ChatMessage(role: .assistant, content: String(repeating: "m", count: 1 << 20))))
        }
        try await store.record(Fixtures.record(run: run, events: events))
        let trial = try #require(try await store.trials(run: run).only)
        let stored = try await store.events(trial: trial.id)
        let budget = TranscriptBudget()
        #expect(stored.count == 41)
        #expect(stored.filter { $0.kind == .note(budget.capNote) }.count == 1)
        let total = try Self.bytes(stored)
        #expect(total <= budget.trialBytes + stored.count * budget.eventBytes)
        #expect(total < 17 << 20)
        #expect(stored.map(\.atMilliseconds).last == 39)
    }

    @Test("a command stored with 8 MiB of output (as before it was bounded) reads back bounded")
    func legacyOutput() async throws {
        let store = try await store()
        let record = CommandRecord(
            toolCallID: "c", command: "yes | head -c 8M", stdout: String(repeating: "y", count: 8 << 20), stderr: "",
            exitCode: 0, timedOut: false, truncated: true, durationMilliseconds: 5, sandboxAlive: true,
            questionCalls: [])
        try await store.record(
            Fixtures.record(run: run, events: [TranscriptEvent(atMilliseconds: 1, kind: .command(record))]))
        let trial = try #require(try await store.trials(run: run).only)
        guard case .command(let read) = try await store.events(trial: trial.id).first?.kind else {
            Issue.record("no command event")
            return
        }
        #expect(read.stdout.contains("[... 8,339,456 bytes omitted ...]"))
        #expect(read.stdout.utf8.count < 50 << 10)
        #expect(read.command == record.command && read.truncated)
    }
}
