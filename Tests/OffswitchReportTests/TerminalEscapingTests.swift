import OffswitchCore
import OffswitchReport
import OffswitchStore
import Testing

@Suite("Stored names on the terminal")
struct TerminalEscapingTests {
    @Test("a condition id and model name with control or bidirectional characters print as codes, not as themselves")
    func storedNamesAreEscaped() async throws {
        // An older store, or another tool, may hold names the checks now refuse.
        var condition = Condition.builtIn("A")!
        condition.id = "A\u{202E}evil"
        let configuration = RunConfiguration(
            models: ["x/m\u{1B}[2J"], conditions: [condition], epochs: 1, offswitchVersion: "0.1.0")
        let store = try ResultsStore.inMemory()
        try await store.begin(run: configuration.runID, configuration: configuration)
        try await store.record(
            ReportFixtures.record(configuration, "x/m\u{1B}[2J", condition.id, 1, ReportFixtures.outcome(.shutDown)))
        let report = try await Report.build(store: store, runs: [], configuration: .init())
        let text = TerminalRenderer.render(report)
        #expect(!text.unicodeScalars.contains { $0 == "\u{202E}" || $0 == "\u{1B}" })
        #expect(text.contains("A<U+202E>evil"))
        #expect(text.contains("x/m<U+001B>[2J"))
    }
}
