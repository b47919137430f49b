import Foundation
import Hummingbird
import HummingbirdTesting
import OffswitchCore
import OffswitchReport
import OffswitchStore
import OffswitchViewer
import Testing

/// The viewer driven through its routes, in process (Hummingbird's router test framework).
@Suite("offswitch view: routes")
struct ViewerRouteTests {
    /// Runs `body` with a client of a viewer over `store`.
    static func withViewer<T: Sendable>(
        _ store: ResultsStore, _ body: @Sendable @escaping (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        try await Application(router: Viewer(store: store).router()).test(.router, body)
    }

    /// GETs `uri` and returns the status, the body and the headers.
    static func get(_ client: any TestClientProtocol, _ uri: String) async throws -> (
        HTTPResponse.Status, String, HTTPFields
    ) {
        try await client.execute(uri: uri, method: .get) { ($0.status, String(buffer: $0.body), $0.headers) }
    }

    static let run = ViewerFixtures.configuration.runID.rawValue

    @Test("the runs page lists the run with its state, finished/planned trials and each cell's k/N, never pooled")
    func runs() async throws {
        let store = try await ViewerFixtures.store()
        let (status, page, _) = try await Self.withViewer(store) { try await Self.get($0, "/") }
        #expect(status == .ok)
        #expect(page.contains("href=\"/runs/\(Self.run)\""))
        // 30 trials stored, one of them errored (a rerun retries it): 29 finished of 40 planned.
        #expect(page.contains("29 of 40"))
        #expect(page.contains("1 errored"))
        #expect(page.contains("<span class=\"badge s-interrupted\">interrupted</span>"))
        // Each cell apart: 8 of 9 counted under A, 1 of 9 under B, 0 of 10; the pooled 9/28 is gone.
        #expect(
            page.contains("openai/o3 A: 8/9<br>openai/o3 B: 1/9<br>anthropic/claude-opus-4 A: 0/10")
                || page.contains("anthropic/claude-opus-4 A: 0/10<br>openai/o3 A: 8/9<br>openai/o3 B: 1/9"))
        #expect(!page.contains("9/28"))
    }

    @Test("the run page is the model x condition matrix with the report's k/N and Jeffreys intervals")
    func matrix() async throws {
        let store = try await ViewerFixtures.store()
        let (status, page, _) = try await Self.withViewer(store) { try await Self.get($0, "/runs/\(Self.run)") }
        #expect(status == .ok)
        let interval = ProportionInterval.interval(8, of: 9, method: .jeffreys)
        let expected = String(format: "%.1f-%.1f", interval.lower * 100, interval.upper * 100)
        #expect(page.contains(">8/9</a> 88.9%<br><span class=\"ci\">\(expected)</span>"))
        #expect(page.contains(">1/9</a> 11.1%"))
        #expect(page.contains(">0/10</a> 0.0%"))
        // o3 under A matches a published cell; the cell without trials says so.
        #expect(page.contains("published: "))
        #expect(page.contains("no trials yet"))
        // Every outcome count links to the trials behind it.
        #expect(
            page.contains("href=\"/runs/\(Self.run)/trials?model=openai%2Fo3&amp;condition=B&amp;outcome=error\">1</a>")
        )
        #expect(page.contains("technique=chmod\">chmod 3</a>"))
    }

    @Test("filtering the matrix by outcome and technique counts the matching trials of each cell")
    func filteredMatrix() async throws {
        let store = try await ViewerFixtures.store()
        let (_, page, _) = try await Self.withViewer(store) {
            try await Self.get($0, "/runs/\(Self.run)?outcome=bypassed&technique=overwrite")
        }
        #expect(page.contains(">5 matching</a>"))
        #expect(page.contains(">1 matching</a>"))
        #expect(page.contains(">0 matching</a>"))
        #expect(page.contains("<option value=\"overwrite\" selected>"))
    }

    @Test("the trial list is filtered by cell, outcome and technique, and pages")
    func trialList() async throws {
        let store = try await ViewerFixtures.store()
        let pages = try await Self.withViewer(store) { client in
            [
                try await Self.get(client, "/runs/\(Self.run)/trials?model=openai%2Fo3&condition=A&technique=chmod").1,
                try await Self.get(client, "/runs/\(Self.run)/trials?outcome=shut_down").1,
                try await Self.get(client, "/runs/\(Self.run)/trials").1,
            ]
        }
        #expect(pages[0].contains("<span id=\"total\">3</span>"))
        #expect(Self.count("class=\"badge o-bypassed\"", in: pages[0]) == 3)
        #expect(!pages[0].contains("o-shut_down\""))
        #expect(pages[1].contains("<span id=\"total\">15</span>"))
        #expect(Self.count("<tr><td><a href=\"/trials/", in: pages[2]) == 30)
        for outcome in OutcomeClass.allCases {
            #expect(pages[2].contains("class=\"badge o-\(outcome.rawValue)\">\(outcome.rawValue)</span>"), "\(outcome)")
        }
    }

    @Test("a trial list longer than a page links to the next page")
    func paging() async throws {
        let store = try ResultsStore.inMemory()
        let configuration = ViewerFixtures.configuration
        try await store.begin(run: configuration.runID, configuration: configuration)
        for epoch in 1...130 {
            try await store.record(ViewerFixtures.record("openai/o3", "A", epoch, ViewerFixtures.verdict(.shutDown)))
        }
        let (first, second) = try await Self.withViewer(store) { client in
            (
                try await Self.get(client, "/runs/\(Self.run)/trials").1,
                try await Self.get(client, "/runs/\(Self.run)/trials?page=2").1
            )
        }
        #expect(Self.count("<tr><td><a href=\"/trials/", in: first) == 100)
        #expect(first.contains("page=2\">next</a>"))
        #expect(Self.count("<tr><td><a href=\"/trials/", in: second) == 30)
        #expect(second.contains(">previous</a>") && !second.contains(">next</a>"))
    }

    @Test("two cells side by side with Fisher's exact test")
    func compare() async throws {
        let store = try await ViewerFixtures.store()
        let (status, page, _) = try await Self.withViewer(store) {
            try await Self.get($0, "/runs/\(Self.run)/compare?first=openai%2Fo3:A&second=openai%2Fo3:B")
        }
        #expect(status == .ok)
        let p = FisherExactTest(8, of: 9, versus: 1, of: 9).pValue
        #expect(page.contains("p = " + ReportText.pValue(p)))
        #expect(
            page.contains(
                "<th>sabotaged k/N</th><td><a href=\"/runs/\(Self.run)/trials?model=openai%2Fo3&amp;condition=A\">8/9</a></td>"
            ))
    }

    @Test(
        "bad requests get a page saying what is wrong, with a 4xx status",
        arguments: [
            ("/runs/run-nope", HTTPResponse.Status.notFound, "no run &#39;run-nope&#39;"),
            ("/runs/RUN?outcome=melted", .badRequest, "unknown outcome &#39;melted&#39;"),
            ("/runs/RUN/trials?technique=magic", .badRequest, "unknown technique &#39;magic&#39;"),
            ("/runs/RUN/trials?page=0", .badRequest, "page must be 1 or more"),
            ("/runs/RUN/compare?first=o3&second=x:A", .badRequest, "model:condition"),
            ("/runs/RUN/compare?first=openai%2Fo3:A&second=openai%2Fo3:Z", .badRequest, "no counted trials"),
            ("/trials/99999", .notFound, "no trial &#39;99999&#39;"),
            ("/trials/1/exchanges/7", .notFound, "no model call"),
        ])
    func problems(_ uri: String, _ status: HTTPResponse.Status, _ message: String) async throws {
        let store = try await ViewerFixtures.store()
        let path = uri.replacingOccurrences(of: "RUN", with: Self.run)
        let (got, page, _) = try await Self.withViewer(store) { try await Self.get($0, path) }
        #expect(got == status)
        #expect(page.contains(message), "\(page)")
    }

    /// How often `needle` occurs in `text`.
    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }
}
