import Foundation
import OffswitchCore
import OffswitchReport
import OffswitchTestSupport
import Testing

@Suite("The HTML report")
struct HTMLReportTests {
    static func html() async throws -> String {
        let report = try await Report.build(
            store: try await ReportFixtures.store(),
            runs: [ReportFixtures.first.runID.rawValue, ReportFixtures.second.runID.rawValue],
            configuration: .init(
                comparisons: [try ComparisonRequest(parsing: "openai/o3:A vs reference/comply:A")],
                examplesPerOutcome: 2))
        return HTMLRenderer.render(report)
    }

    /// How often `needle` occurs in `text`.
    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("matches its golden file")
    func golden() async throws {
        try Golden.check(try await Self.html(), "report.html")
    }

    @Test("a transcript that prints <script> or an <img> shows it as text")
    func escaping() async throws {
        let html = try await Self.html()
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>"))
        let said = "I&#39;ll edit it: &lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"
        #expect(html.contains(said))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("thinking about &lt;b&gt;shutdown&lt;/b&gt; &amp; more"))
        #expect(html.contains("$ echo &#39;echo &lt;b&gt;skipped&lt;/b&gt;&#39; &gt; shutdown.sh"))
    }

    @Test("escape() escapes the five HTML specials and NUL")
    func escapeFunction() {
        let report = Report(
            configuration: .init(), runs: [],
            rows: [
                ReportRow(
                    id: "row-1", model: "<x>&\"'\u{0}", condition: "A", generation: .two,
                    origin: .measured(runs: [RunID("run-1")]), sabotaged: 0, counted: 1,
                    interval: ProportionInterval.jeffreys(0, of: 1), attempted: 0)
            ], comparisons: [], examples: [])
        let html = HTMLRenderer.render(report)
        #expect(html.contains("&lt;x&gt;&amp;&quot;&#39;\u{FFFD}"))
        #expect(!html.contains("<x>"))
    }

    @Test("a bypass example shows the evidence of its technique, escaped; one without evidence shows none")
    func techniqueEvidence() {
        func example(_ evidence: [String]?, epoch: Int) -> TranscriptExample {
            TranscriptExample(
                outcome: .bypassed, rowID: "row-1", run: RunID("run-1"),
                key: TrialKey(model: "m/x", condition: "A", epoch: epoch),
                verdict: TrialOutcome(
                    kind: .bypassed, technique: .cwdTrick, reason: "r", questionCalls: 4, evidence: evidence),
                events: [])
        }
        let report = Report(
            configuration: .init(), runs: [],
            rows: [
                ReportRow(
                    id: "row-1", model: "m/x", condition: "A", generation: .two,
                    origin: .measured(runs: [RunID("run-1")]),
                    sabotaged: 2, counted: 2, interval: ProportionInterval.jeffreys(2, of: 2), attempted: 2)
            ], comparisons: [],
            examples: [
                example(["question call 4 ran from /tmp/<x>", "exec failed: ENOENT"], epoch: 1), example(nil, epoch: 2),
            ])
        let html = HTMLRenderer.render(report)
        #expect(
            html.contains(
                "<ul class=\"technique-evidence\"><li>question call 4 ran from /tmp/&lt;x&gt;</li><li>exec failed: ENOENT</li></ul>"
            ))
        #expect(Self.count("<ul class=\"technique-evidence\">", in: html) == 1)
    }

    @Test(
        "a transcript's images are shown inline as data: URLs with their names, and only then does the CSP allow them")
    func images() throws {
        let frame = try MessageImage(mediaType: "image/jpeg", bytes: [0xFF, 0xD8, 0xFF, 0xE0], name: "frame <1>.jpeg")
        let command = CommandRecord(
            toolCallID: "c1", command: "./dog_control forward 1m", stdout: "", stderr: "", exitCode: 0, timedOut: false,
            truncated: false, durationMilliseconds: 1, sandboxAlive: true, questionCalls: [])
        func example(_ images: [MessageImage]) -> TranscriptExample {
            TranscriptExample(
                outcome: .shutDown, rowID: "row-1", run: RunID("run-1"),
                key: TrialKey(model: "m/x", condition: "A", epoch: 1),
                verdict: TrialOutcome(kind: .shutDown, reason: "r"),
                events: [
                    TranscriptEvent(atMilliseconds: 1, kind: .command(command)),
                    // The tool result repeats the command's (empty) output; with a frame it is still shown.
                    TranscriptEvent(atMilliseconds: 2, kind: .message(.tool("", callID: "c1", images: images))),
                    TranscriptEvent(
                        atMilliseconds: 3, kind: .message(.user("Here is the current camera view:", images: images))),
                ])
        }
        func report(_ images: [MessageImage]) -> String {
            HTMLRenderer.render(
                Report(configuration: .init(), runs: [], rows: [], comparisons: [], examples: [example(images)]))
        }
        let html = report([frame])
        let image = "<img class=\"message-image\" src=\"data:image/jpeg;base64,/9j/4A==\" alt=\"frame &lt;1&gt;.jpeg\">"
        #expect(Self.count(image, in: html) == 2)
        #expect(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""))
        #expect(html.contains("img.message-image{"))
        let plain = report([])
        #expect(!plain.contains("<img"))
        #expect(plain.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""))
        #expect(!plain.contains("img.message-image"))
    }

    @Test("is self-contained: no network, no scripts, a CSP that forbids both")
    func selfContained() async throws {
        let html = try await Self.html()
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(!html.contains("<link") && !html.contains("@import") && !html.contains("url("))
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\""))
    }

    @Test("draws a bar with a whisker per measured row and a hollow marker per published value")
    func chart() async throws {
        let html = try await Self.html()
        #expect(Self.count("<svg id=\"chart\"", in: html) == 1)
        #expect(Self.count("<rect class=\"bar\"", in: html) == 5)
        #expect(Self.count("<line class=\"whisker\"", in: html) == 5)
        // o3 A's published value on its bar, o3 B's on both of its (unpooled) bars.
        #expect(Self.count("<circle class=\"published\"", in: html) == 3)
        #expect(html.contains("fill=\"none\" stroke=\"#c2185b\""))
        #expect(html.contains(">condition A</text>") && html.contains(">condition B</text>"))
    }

    @Test("outcome counts link to example transcripts, two per class at most")
    func anchors() async throws {
        let html = try await Self.html()
        for outcome in ["bypassed", "shut_down", "excluded", "stopped_early", "error"] {
            #expect(html.contains("<section class=\"outcome\" id=\"examples-\(outcome)\">"), "\(outcome)")
            #expect(html.contains("href=\"#examples-\(outcome)\""), "\(outcome)")
            #expect(html.contains("id=\"example-\(outcome)-1\""), "\(outcome)")
        }
        #expect(html.contains("id=\"example-bypassed-2\""))
        #expect(!html.contains("id=\"example-bypassed-3\""))
        // bypassed, shut_down and stopped_early 2 each; the four other classes have one trial each.
        #expect(Self.count("<article class=\"example\"", in: html) == 10)
        #expect(html.contains("<th>overwrite</th>"))
    }

    @Test("offswitch report --html writes the file")
    func command() async throws {
        try await Offswitch.withResults { directory in
            let path = directory + "/out.html"
            let result = try await Offswitch.run(["report", "--results-dir", directory, "--html", path])
            #expect(result.status == 0, "\(result.stderr)")
            let html = try String(contentsOfFile: path, encoding: .utf8)
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(html.contains("<svg id=\"chart\""))
            #expect(result.stderr.contains("wrote the HTML report"))
        }
    }
}
