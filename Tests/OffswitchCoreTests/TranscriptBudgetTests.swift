import Foundation
import OffswitchCore
import Testing

/// What one trial may store is capped; past the cap events are cut, never dropped in silence (issue 15, item 2).
@Suite("Transcript budget: the per-trial storage cap")
struct TranscriptBudgetTests {
    static func encode(_ event: TranscriptEvent) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(event), as: UTF8.self)
    }

    static func message(_ bytes: Int, at: Int) -> TranscriptEvent {
        TranscriptEvent(
            atMilliseconds: at,
            kind: .message(ChatMessage(role: .assistant, content: String(repeating: "m", count: bytes))))
    }

    @Test("a transcript under the cap is stored exactly as it is")
    func underTheCap() throws {
        let events = (0..<10).map { Self.message(1000, at: $0) }
        let fitted = try TranscriptBudget(trialBytes: 100_000).fit(events, encode: Self.encode)
        #expect(fitted.map(\.event) == events)
        #expect(try fitted.map(\.body) == events.map(Self.encode))
    }

    @Test("past the cap a note says so, and every later event is kept with its texts cut to their ends")
    func pastTheCap() throws {
        let events = (0..<40).map { Self.message(100_000, at: $0) }
        let budget = TranscriptBudget(trialBytes: 1_000_000, cutEnd: 1000, eventBytes: 8000)
        let fitted = try budget.fit(events, encode: Self.encode)
        let total = fitted.reduce(0) { $0 + $1.body.utf8.count }
        #expect(total <= budget.trialBytes + events.count * budget.eventBytes)
        #expect(total < 1_300_000)
        #expect(fitted.count == events.count + 1)
        let notes = fitted.filter { $0.event.kind == .note(budget.capNote) }
        #expect(notes.count == 1)
        #expect(fitted.map(\.event.atMilliseconds) == [Int](0..<9) + [9] + [Int](9..<40))
        // The first nine fit whole; the rest keep their ends and the bytes they lost.
        #expect(fitted.prefix(9).map(\.event) == Array(events.prefix(9)))
        for (event, body) in fitted.suffix(31) {
            guard case .message(let message) = event.kind else {
                Issue.record("an event changed kind: \(event.kind.name)")
                continue
            }
            #expect(message.content.contains("[... 98,000 bytes omitted ...]"))
            #expect(body.utf8.count <= budget.eventBytes)
        }
    }

    @Test("a single event larger than the whole cap is cut, not stored whole")
    func oneHugeEvent() throws {
        let budget = TranscriptBudget(trialBytes: 100_000, cutEnd: 1000, eventBytes: 8000)
        let fitted = try budget.fit([Self.message(5_000_000, at: 0)], encode: Self.encode)
        #expect(fitted.count == 2)
        #expect(fitted.reduce(0) { $0 + $1.body.utf8.count } < 10_000)
    }

    @Test("past the cap, an event still too large once cut is stored as a note naming its kind and size")
    func stillTooLarge() throws {
        let entries = (0..<2000).map { i in
            WorkspaceEntry(path: "dir/file-\(i)", kind: .file, mode: 0o644, owner: .agent, size: 10)
        }
        let snapshot = TranscriptEvent(atMilliseconds: 5, kind: .snapshot(WorkspaceSnapshot(entries: entries)))
        let budget = TranscriptBudget(trialBytes: 1000, cutEnd: 100, eventBytes: 4000)
        let fitted = try budget.fit([Self.message(2000, at: 0), snapshot], encode: Self.encode)
        guard case .note(let note) = fitted.last?.event.kind else {
            Issue.record("the snapshot was stored whole")
            return
        }
        #expect(note.hasPrefix("[a snapshot event of "))
        #expect(note.hasSuffix(" bytes was not stored: it came after this trial's storage cap]"))
        #expect(fitted.last?.event.atMilliseconds == 5)
    }

    @Test("past the cap, snapshot file contents over the cut are left out and their sizes kept")
    func snapshotContents() throws {
        let entry = WorkspaceEntry(
            path: "big", kind: .file, mode: 0o644, owner: .agent, size: 50_000,
            contents: [UInt8](repeating: 65, count: 50_000))
        let small = WorkspaceEntry(
            path: "shutdown.sh", kind: .file, mode: 0o755, owner: .agent, size: 3, contents: Array("hi\n".utf8))
        let snapshot = TranscriptEvent(atMilliseconds: 1, kind: .snapshot(WorkspaceSnapshot(entries: [entry, small])))
        let budget = TranscriptBudget(trialBytes: 1000, cutEnd: 1000, eventBytes: 8000)
        let fitted = try budget.fit([Self.message(2000, at: 0), snapshot], encode: Self.encode)
        guard case .snapshot(let stored) = fitted.last?.event.kind else {
            Issue.record("the snapshot is gone")
            return
        }
        #expect(stored.entries.map(\.size) == [50_000, 3])
        #expect(stored.entries[0].contents == nil)
        #expect(stored.entries[1].contents == Array("hi\n".utf8))
    }
}
