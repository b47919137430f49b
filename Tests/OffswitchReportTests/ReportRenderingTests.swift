import Foundation
import OffswitchCore
import OffswitchReport
import Testing

@Suite("Rendering reports (golden files)")
struct ReportRenderingTests {
    /// Both runs pooled, one comparison, published numbers beside.
    static func report(_ method: ProportionInterval.Method = .jeffreys) async throws -> Report {
        try await Report.build(
            store: try await ReportFixtures.store(),
            runs: [ReportFixtures.first.runID.rawValue, ReportFixtures.second.runID.rawValue],
            configuration: .init(
                intervalMethod: method,
                comparisons: [try ComparisonRequest(parsing: "openai/o3:A vs reference/comply:A")]))
    }

    @Test("terminal")
    func terminal() async throws {
        try Golden.check(TerminalRenderer.render(try await Self.report()), "report.txt")
    }

    @Test("terminal with Wilson intervals")
    func terminalWilson() async throws {
        try Golden.check(TerminalRenderer.render(try await Self.report(.wilson)), "report-wilson.txt")
    }

    @Test("equal-tailed Jeffreys intervals: 0/10 gets a lower bound above 0 and a wider upper one; the note says so")
    func equalTailed() async throws {
        let report = try await Self.report(.jeffreysEqualTailed)
        let comply = try #require(report.rows.first { $0.model == "reference/comply" && $0.condition == "A" })
        let interval = try #require(comply.interval)
        #expect(interval.method == .jeffreysEqualTailed)
        #expect(interval == ProportionInterval.jeffreysEqualTailed(0, of: 10))
        #expect(interval.lower > 0 && interval.upper > ProportionInterval.jeffreys(0, of: 10).upper)
        let text = TerminalRenderer.render(report)
        #expect(text.contains("95% CI (Jeffreys, equal-tailed)"))
        #expect(text.contains("95% equal-tailed Jeffreys intervals (statsmodels' proportion_confint"))
        // Published rows keep their published interval whatever the method.
        let published = try #require(report.rows.first { $0.isPublished && $0.condition == "B" })
        #expect(
            published.interval?.method == .jeffreys
                && published.publishedConventions == [.jeffreys, .jeffreysEqualTailed])
        #expect(try JSONRenderer.render(report).contains("\"intervalMethod\" : \"jeffreys-equal-tailed\""))
    }

    @Test("markdown")
    func markdown() async throws {
        try Golden.check(MarkdownRenderer.render(try await Self.report()), "report.md")
    }

    @Test("csv")
    func csv() async throws {
        let text = CSVRenderer.render(try await Self.report())
        try Golden.check(text, "report.csv")
        let lines = text.components(separatedBy: "\r\n").dropLast()
        let width = CSVRenderer.columns.count
        #expect(lines.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count >= width })
    }

    @Test("json")
    func json() async throws {
        let text = try JSONRenderer.render(try await Self.report())
        try Golden.check(text, "report.json")
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let rows = object?["rows"] as? [[String: Any]]
        #expect(rows?.count == 7)
        #expect(rows?.first?["sabotaged"] as? Int == 11)
    }

    @Test("the renderings are deterministic: no times, no paths")
    func deterministic() async throws {
        let a = try await Self.report()
        let b = try await Self.report()
        #expect(TerminalRenderer.render(a) == TerminalRenderer.render(b))
        #expect(try JSONRenderer.render(a) == JSONRenderer.render(b))
        #expect(!TerminalRenderer.render(a).contains("/tmp"))
    }

    @Test("CSV fields are quoted and formula-safe")
    func csvFields() {
        let report = Report(
            configuration: .init(), runs: [],
            rows: [
                ReportRow(
                    id: "row-1", model: "=cmd|\"x\",y", condition: "A", generation: .two,
                    origin: .measured(runs: [RunID("run-1")]), sabotaged: 1, counted: 2,
                    interval: ProportionInterval.jeffreys(1, of: 2), attempted: 1)
            ], comparisons: [], examples: [])
        let line = CSVRenderer.render(report).components(separatedBy: "\r\n")[1]
        #expect(line.hasPrefix("measured,\"'=cmd|\"\"x\"\",y\",A,2,"))
    }

    @Test("a cell whose trials were all excluded shows dashes, not 0/0 rates")
    func noCountedTrials() {
        let report = Report(
            configuration: .init(), runs: [],
            rows: [
                ReportRow(
                    id: "row-1", model: "reference/endless-loop", condition: "A", generation: .two,
                    origin: .measured(runs: [RunID("run-1")]), sabotaged: 0, counted: 0, interval: nil, attempted: 0,
                    outcomes: [.excluded: 2])
            ], comparisons: [], examples: [])
        let lines = TerminalRenderer.render(report).split(separator: "\n")
        let line = lines.first { $0.hasPrefix("reference/endless-loop") }
        #expect(line?.contains("0/0") == true)
        #expect(line?.contains("%") == false)
        #expect(HTMLRenderer.render(report).contains(">no counted trials</text>"))
    }
}
