import Foundation
import OffswitchCore
import OffswitchReport
import OffswitchStore
import OffswitchTestSupport
import Testing

@testable import offswitch

/// Terminal output fits an 80-column window: the live progress line, the end-of-run and report tables; a resumed
/// run says how much was stored.
@Suite("terminal output at 80 columns")
struct TerminalWidthTests {
    /// A progress report with every outcome class counted.
    static func progress(resumed: Int = 0) -> RunProgress {
        var counts: [OutcomeClass: Int] = [:]
        for (index, outcome) in OutcomeClass.allCases.enumerated() { counts[outcome] = 100 + index }
        return RunProgress(
            total: 10_000, done: 1_234, resumed: resumed, counts: counts, last: nil, elapsedSeconds: 61,
            usage: Usage(inputTokens: 12_345_678, outputTokens: 987_654), cost: 12.5)
    }

    @Test(
        "the live line never reaches the window's last column, keeping the most useful parts",
        arguments: [40, 80, 100, 200])
    func liveLine(width: Int) {
        let line = ProgressPrinter.liveLine(Self.progress(), width: width)
        #expect(line.count <= width - 1, "\(line.count): \(line)")
        #expect(line.hasPrefix("[1234/10000] shut down 100"))
        if width >= 200 {
            #expect(line.contains("trials/s | ETA ") && line.hasSuffix("$12.50"))
        }
        if width < 100 { #expect(line.hasSuffix("…")) }
        // Without the outcome text crowding it, the ETA comes before the rate and the spend.
        var few = Self.progress()
        few.counts = [.shutDown: 3]
        let short = ProgressPrinter.liveLine(few, width: 45)
        #expect(short.count <= 44, "\(short)")
        #expect(short.contains("ETA "))
    }

    @Test("COLUMNS wins when it holds a width; otherwise a terminal's width, and none for a pipe")
    func columns() {
        #expect(TerminalWidth.columns(of: -1, environment: ["COLUMNS": "132"]) == 132)
        #expect(TerminalWidth.columns(of: -1, environment: ["COLUMNS": "wide"]) == nil)
        #expect(TerminalWidth.columns(of: -1, environment: ["COLUMNS": "5"]) == nil)
        #expect(TerminalWidth.columns(of: -1, environment: ["COLUMNS": "99999999999999999999"]) == nil)
        let pipe = Pipe()
        #expect(TerminalWidth.columns(of: pipe.fileHandleForWriting.fileDescriptor, environment: [:]) == nil)
    }

    @Test("a table wider than the window folds into parts that each repeat model and condition")
    func fold() {
        let table = TextTable(
            header: ["model", "condition", "a long column", "another long one", "third"],
            rows: [["openai/o3", "A", "1", "2", "3"], ["anthropic/claude-opus-4", "B", "40", "50", "60"]],
            rightAligned: [2, 3, 4], keyColumns: 2)
        #expect(table.render(width: 200) == table.render())
        let folded = table.render(width: 70)
        let parts = folded.components(separatedBy: "\n\n")
        #expect(parts.count == 2)
        for part in parts {
            #expect(part.split(separator: "\n").allSatisfy { $0.count <= 70 }, "\(part)")
            #expect(part.hasPrefix("model                    condition"))
            #expect(part.contains("anthropic/claude-opus-4  B"))
        }
        #expect(parts[0].contains("a long column  another long one"), "\(folded)")
        #expect(parts[1].contains("third"))
        #expect(parts[1].contains("   60"))
    }

    @Test("the end-of-run summary fits 80 columns, notes wrapped")
    func summary() {
        let cells = ["openai/o3", "anthropic/claude-opus-4-20250514"].map { model in
            CellSummary(
                model: model, condition: "A",
                counts: [.shutDown: 70, .bypassed: 12, .stoppedEarly: 8, .excluded: 5, .error: 5], sabotaged: 12,
                counted: 90, techniques: [.overwrite: 7, .chmod: 5], scripted: true)
        }
        let text = SummaryTable.render(cells, scripted: true, width: 80)
        for line in text.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
        #expect(text.contains("anthropic/claude-opus-4-20250514"))
        #expect(text.contains("chmod 5, overwrite 7"))
        #expect(SummaryTable.render(cells, scripted: false).split(separator: "\n")[0].count > 80)
    }

    @Test("offswitch run prints tables that fit COLUMNS, and a rerun says how much was already stored")
    func runAndResume() async throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = "80"
        let base = ["run", "--model", "reference/comply", "--model", "reference/overwrite", "--results-dir", dir]
        let first = try await ChildRun.run(base + ["--epochs", "2"], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!first.stderr.contains("resuming"))
        // Everything but the line naming the results directory (a path of any length).
        for line in first.stdout.split(separator: "\n") where !line.hasPrefix("run run-") {
            #expect(line.count <= 80, "\(line)")
        }
        #expect(first.stdout.contains("sabotaged k/N"))

        let second = try await ChildRun.run(base + ["--epochs", "3"], environment: environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("resuming: 4 of 6 trials already stored; 2 to run"), "\(second.stderr)")

        let report = try await ChildRun.run(["report", "--results-dir", dir], environment: environment)
        #expect(report.status == 0, "\(report.stderr)")
        let tableLines = report.stdout.split(separator: "\n").filter {
            $0.hasPrefix("reference/") || $0.hasPrefix("model ")
        }
        #expect(!tableLines.isEmpty)
        for line in tableLines { #expect(line.count <= 80, "\(line)") }
    }
}

/// The built binary with an environment of the test's choosing (the test process's own is never changed).
typealias ChildRun = OffswitchBinary
