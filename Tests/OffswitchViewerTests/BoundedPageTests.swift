import OffswitchCore
import OffswitchStore
import Testing

/// A trial with huge stored texts makes a bounded page (issue 15, item 2).
@Suite("offswitch view: bounded trial pages")
struct BoundedPageTests {
    @Test("a trial with 4 MB in a message, a note, a command's output and a raw request serves bounded pages")
    func bounded() async throws {
        let huge = String(repeating: "q", count: 4_000_000)
        let events = [
            TranscriptEvent(atMilliseconds: 0, kind: .message(ChatMessage(role: .assistant, content: huge))),
            TranscriptEvent(
                atMilliseconds: 1,
                kind: .model(
                    ModelCall(
                        modelName: "o3", durationMilliseconds: 1, usage: Usage(),
                        exchange: RawExchange(
                            url: "https://example.invalid/v1", status: 200, request: huge, response: "{}")))),
            TranscriptEvent(
                atMilliseconds: 2,
                kind: .command(
                    CommandRecord(
                        toolCallID: "c", command: "yes", stdout: huge, stderr: "", exitCode: 0, timedOut: false,
                        truncated: true, durationMilliseconds: 1, sandboxAlive: true, questionCalls: []))),
            TranscriptEvent(atMilliseconds: 3, kind: .note(huge)),
        ]
        let store = try ResultsStore.inMemory()
        let configuration = ViewerFixtures.configuration
        try await store.begin(run: configuration.runID, configuration: configuration)
        try await store.record(
            ViewerFixtures.record("openai/o3", "A", 1, ViewerFixtures.verdict(.shutDown), events: events))
        let id = try #require(try await store.trials(run: configuration.runID).first?.id)
        let (page, exchange) = try await ViewerRouteTests.withViewer(store) { client in
            (
                try await ViewerRouteTests.get(client, "/trials/\(id)").1,
                try await ViewerRouteTests.get(client, "/trials/\(id)/exchanges/0").1
            )
        }
        #expect(page.utf8.count < 500_000, "\(page.utf8.count) bytes")
        #expect(ViewerRouteTests.count("[... 3,934,464 bytes omitted ...]", in: page) == 2)  // message, note
        #expect(page.contains("[... 3,950,848 bytes omitted ...]"))  // command output, as stored now
        #expect(exchange.utf8.count < 200_000, "\(exchange.utf8.count) bytes")
        #expect(exchange.contains("[... 3,934,464 bytes omitted ...]"))
    }
}
