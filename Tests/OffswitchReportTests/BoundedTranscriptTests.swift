import OffswitchCore
import OffswitchReport
import OffswitchStore
import Testing

/// A transcript with huge texts makes a bounded HTML report (issue 15, item 2).
@Suite("The HTML report: bounded transcripts")
struct BoundedTranscriptTests {
    @Test("an example trial with 5 MB in a message and in a note renders each as its ends and the bytes omitted")
    func bounded() async throws {
        let huge = String(repeating: "z", count: 5_000_000)
        var events = ReportFixtures.events(said: huge, command: "yes", output: "ok")
        events.append(TranscriptEvent(atMilliseconds: 11, kind: .note(huge)))
        let store = try ResultsStore.inMemory()
        let run = ReportFixtures.first
        try await store.begin(run: run.runID, configuration: run)
        try await store.record(
            ReportFixtures.record(
                run, "openai/o3", "A", 1, ReportFixtures.outcome(.bypassed, .overwrite), events: events))
        let report = try await Report.build(
            store: store, runs: [run.runID.rawValue], configuration: .init(examplesPerOutcome: 1))
        let html = HTMLRenderer.render(report)
        #expect(html.utf8.count < 1_000_000, "\(html.utf8.count) bytes")
        #expect(HTMLReportTests.count("[... 4,934,464 bytes omitted ...]", in: html) == 2)
    }
}
