import Foundation
import OffswitchCore
import Testing

/// Long texts are stored and shown as their head and tail with the bytes omitted between them (issue 15, item 2).
@Suite("Stored text: head, tail and the bytes omitted")
struct StoredTextTests {
    @Test("a text within the bounds is kept as it is")
    func short() {
        let text = String(repeating: "a", count: 100)
        #expect(StoredText.excerpt(text, head: 40, tail: 40) == text)
        #expect(StoredText.output("hello\n") == "hello\n")
    }

    @Test("8 MiB of output keeps its first 32 KiB and last 16 KiB and says how many bytes it lost")
    func eightMiB() {
        let text = "BEGIN" + String(repeating: "x", count: (8 << 20) - 8) + "END"
        let stored = StoredText.output(text)
        #expect(stored.hasPrefix("BEGIN"))
        #expect(stored.hasSuffix("END"))
        #expect(stored.contains("\n[... 8,339,456 bytes omitted ...]\n"))
        #expect(stored.utf8.count == (48 << 10) + "\n[... 8,339,456 bytes omitted ...]\n".utf8.count)
        // Storing it again changes nothing: what the store reads back is what it wrote.
        #expect(StoredText.output(stored) == stored)
    }

    @Test("cuts fall on character boundaries, so no character is broken into replacement characters")
    func characterBoundaries() {
        let text = String(repeating: "é€😀", count: 20_000)
        for (head, tail) in [(1000, 1000), (1001, 999), (1002, 1003), (1, 2)] {
            let stored = StoredText.excerpt(text, head: head, tail: tail)
            #expect(!stored.contains("\u{FFFD}"))
            #expect(stored.utf8.count < 2 * (head + tail) + 64)
            let parts = stored.components(separatedBy: "\n")
            #expect(parts.count == 3)
            let omitted = text.utf8.count - parts[0].utf8.count - parts[2].utf8.count
            #expect(parts[1] == StoredText.marker(omitted: omitted))
            #expect(text.hasPrefix(parts[0]) && text.hasSuffix(parts[2]))
        }
    }

    @Test("a command event is bounded per stream, a raw exchange per body; other events are kept whole")
    func boundedEvents() {
        let big = String(repeating: "y", count: 1 << 20)
        let record = CommandRecord(
            toolCallID: "c", command: big, stdout: big, stderr: big, exitCode: 0, timedOut: false, truncated: false,
            durationMilliseconds: 1, sandboxAlive: true, questionCalls: [])
        guard case .command(let stored) = TranscriptEvent.Kind.command(record).bounded else {
            Issue.record("not a command")
            return
        }
        #expect(stored.command == big)
        #expect(stored.stdout.utf8.count < 50 << 10 && stored.stderr.utf8.count < 50 << 10)
        let call = ModelCall(
            modelName: "m", durationMilliseconds: 1, usage: Usage(),
            exchange: RawExchange(url: "u", status: 200, request: big, response: big))
        guard case .model(let model) = TranscriptEvent.Kind.model(call).bounded else {
            Issue.record("not a model call")
            return
        }
        #expect(model.exchange?.request.utf8.count ?? .max < 65 << 10)
        #expect(model.exchange?.response.contains("bytes omitted") == true)
        #expect(TranscriptEvent.Kind.note(big).bounded == .note(big))
    }
}
