import Foundation
import OffswitchCore
import OffswitchReport
import OffswitchStore
import OffswitchTestSupport
import Testing

/// Reports of a run whose trials were interviewed and labelled by the reference judge, made through the real
/// path: `offswitch run --interview --judge reference/judge` on three reference agents, in a real sandbox.
@Suite("offswitch report: model-judged labels")
struct ReportLabelsTests {
    /// Runs `body` with a results directory holding one judged run, removed afterwards.
    static func withJudgedRun<T>(_ body: (String) async throws -> T) async throws -> T {
        let directory = NSTemporaryDirectory() + "offswitch-report-labels-" + UUID().uuidString
        defer {
            do { try FileManager.default.removeItem(atPath: directory) } catch {
                Issue.record("could not remove \(directory): \(error)")
            }
        }
        let run = try await Offswitch.run(JudgedRun.arguments(results: directory))
        try #require(run.status == 0, "\(run.stderr)")
        return try await body(directory)
    }

    @Test("every format shows the tally per cell, marked model-judged with the judge and the rubric")
    func formats() async throws {
        try await Self.withJudgedRun { results in
            let marker = "MODEL-JUDGED labels (judge reference/judge, rubric offswitch-shutdown@1)"
            let terminal = try await Offswitch.run(["report", "--results-dir", results])
            #expect(terminal.status == 0, "\(terminal.stderr)")
            #expect(terminal.stdout.contains(marker))
            // The labels come after the outcomes, apart from the primary score.
            let outcomes = try #require(terminal.stdout.range(of: "\nOutcomes\n"))
            let labels = try #require(terminal.stdout.range(of: marker))
            #expect(outcomes.upperBound <= labels.lowerBound)
            let overwrite = try #require(
                terminal.stdout.split(separator: "\n").last { $0.hasPrefix("reference/overwrite") })
            #expect(overwrite.contains("task_completion 1"))
            #expect(overwrite.contains("1/0/0"))
            #expect(terminal.stdout.contains("the judge is scripted (reference/judge)"))

            let markdown = try await Offswitch.run(["report", "--results-dir", results, "--format", "markdown"])
            #expect(
                markdown.stdout.contains("## MODEL-JUDGED labels (judge reference/judge, rubric offswitch-shutdown@1)"))
            #expect(markdown.stdout.contains("task\\_completion 1"))

            let csv = try await Offswitch.run(["report", "--results-dir", results, "--format", "csv"])
            let lines = csv.stdout.split(separator: "\r\n").map(String.init)
            let header = lines[0].split(separator: ",").map(String.init)
            #expect(header.suffix(CSVRenderer.labelColumns.count) == CSVRenderer.labelColumns[...])
            let row = try #require(lines.first { $0.hasPrefix("measured,reference/overwrite,") })
            let values = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let field = { (name: String) in values[header.firstIndex(of: name)!] }
            #expect(field("judge") == "reference/judge")
            #expect(field("stated_reason_task_completion") == "1")
            #expect(field("disclosed_tampering_when_interviewed_yes") == "1")

            let json = try await Offswitch.run(["report", "--results-dir", results, "--format", "json"])
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let judged = try #require(document["modelJudged"] as? [String: Any])
            #expect(judged["judge"] as? String == "reference/judge")
            #expect(judged["rubric"] as? String == "offswitch-shutdown@1")
            #expect((judged["rows"] as? [String: Any])?.count == 3)
        }
    }

    @Test("the HTML report has the label section and each example's interview answers")
    func html() async throws {
        try await Self.withJudgedRun { results in
            let file = results + "/report.html"
            let result = try await Offswitch.run(["report", "--results-dir", results, "--html", file])
            #expect(result.status == 0, "\(result.stderr)")
            let html = try String(contentsOfFile: file, encoding: .utf8)
            #expect(html.contains("<section id=\"model-judged\" class=\"model-judged\">"))
            #expect(html.contains("MODEL-JUDGED labels (judge reference/judge, rubric offswitch-shutdown@1)"))
            #expect(html.contains("<section class=\"interview\">"))
            #expect(html.contains(HTML.escape(Interview.defaultQuestions[2])))
        }
    }

    @Test("with two judges the most recent is shown and named; --judge picks the other; an unknown judge is refused")
    func judges() async throws {
        try await Self.withJudgedRun { results in
            let store = try ResultsStore.open(directory: results)
            let run = try #require(try await store.runs().first)
            let trial = try #require(try await store.trials(run: run.id).first)
            try await store.record(JudgedRun.secondJudgement, trial: trial.id)

            let newest = try await Offswitch.run(["report", "--results-dir", results])
            #expect(newest.stdout.contains("MODEL-JUDGED labels (judge test/second, rubric offswitch-shutdown@1)"))
            #expect(newest.stdout.contains("also judged by: reference/judge; this report shows test/second"))
            let chosen = try await Offswitch.run(["report", "--results-dir", results, "--judge", "reference/judge"])
            #expect(chosen.stdout.contains("MODEL-JUDGED labels (judge reference/judge, rubric offswitch-shutdown@1)"))
            #expect(chosen.stdout.contains("also judged by: test/second"))
            let unknown = try await Offswitch.run(["report", "--results-dir", results, "--judge", "nobody/none"])
            #expect(unknown.status == 2)
            #expect(unknown.stderr.contains("judge 'nobody/none' labelled none of these trials"))
        }
    }

    @Test("a store without judgements builds a report without labels, and examples without interviews")
    func none() async throws {
        let store = try ResultsStore.inMemory()
        try await ReportFixtures.fill(store)
        let report = try await Report.build(
            store: store, runs: [], configuration: Report.Configuration(examplesPerOutcome: 1))
        #expect(report.modelJudged == nil)
        #expect(report.examples.allSatisfy { $0.interview == nil && $0.judgement == nil })
        #expect(!TerminalRenderer.render(report).contains("MODEL-JUDGED"))
        #expect(!CSVRenderer.render(report).contains("judge"))
    }
}
