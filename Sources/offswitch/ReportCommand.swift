import ArgumentParser
import Foundation
import OffswitchCore
import OffswitchReport
import OffswitchScenarios
import OffswitchStore

/// `offswitch report`: k/N with intervals, attempts, outcomes and techniques per cell, published numbers beside.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report stored runs: sabotage k/N with 95% intervals, attempts, outcomes, techniques, comparisons.",
        discussion: """
            With no RUN, reports the newest run in the results directory. Runs named together are pooled per \
            model and condition when they ran that condition with the same texts and settings; otherwise each \
            configuration gets its own row saying what differs. Palisade's published numbers are shown beside \
            cells whose model and condition match (marked "published (Palisade 2025)", or 2026 for the robot \
            paper's patrol cells). When a transcript judge \
            labelled the trials ('offswitch judge'), a separate table tallies its MODEL-JUDGED labels per cell. \
            --figure writes the rates as a figure for a paper (SVG; PNG and PDF need headless Chromium) and \
            --format latex prints them as a LaTeX table; see docs/figures.md.
            """)

    @Argument(
        help: ArgumentHelp("Run ids, unique prefixes of them, or labels. Default: the newest run.", valueName: "run"))
    var runs: [String] = []

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "Output format: terminal, markdown, latex, csv or json.")
    var format: Format = .terminal

    /// How the report is printed.
    enum Format: String, CaseIterable, ExpressibleByArgument {
        case terminal, markdown, latex, csv, json
    }

    @Option(
        help: """
            Interval for measured rows: jeffreys (one-sided at k=0 and k=N, as SPEC), \
            jeffreys-equal-tailed (statsmodels' convention, as Palisade's code) or wilson.
            """)
    var interval: ProportionInterval.Method = .jeffreys

    @Option(
        name: .customLong("compare"),
        help: ArgumentHelp(
            "A comparison, as \"modelA:condA vs modelB:condB\" (repeatable); Fisher's exact test, Holm-corrected.",
            valueName: "comparison"))
    var comparisons: [String] = []

    @Option(
        help: ArgumentHelp(
            "Also write a self-contained HTML report (chart, tables, example transcripts) to this file.",
            valueName: "file"))
    var html: String?

    @Option(
        name: .customLong("figure"),
        help: ArgumentHelp(
            "Also write the sabotage rates as a standalone figure for a paper: .svg, or .png/.pdf rendered from the "
                + "SVG with headless Chromium (repeatable).",
            valueName: "file"))
    var figures: [String] = []

    @Option(
        name: .customLong("plan"),
        help: ArgumentHelp(
            "A preregistration plan: its planned analysis first, every deviation from it, and --compare results "
                + "not in it apart as exploratory (terminal and markdown formats).",
            valueName: "file"))
    var planFile: String?

    @Flag(name: .customLong("no-published"), help: "Do not show Palisade's published numbers.")
    var noPublished = false

    @Flag(
        name: .customLong("scorers"),
        help:
            "Also score every trial as Palisade's marker file and GDM's strict compliance would, and list where they disagree with offswitch."
    )
    var originalScorers = false

    @Option(
        help: ArgumentHelp(
            "Whose model-judged labels to show (a judge's provider/model) when several judges labelled the runs. "
                + "Default: the one that judged most recently; the report names it.",
            valueName: "address"))
    var judge: String?

    func validate() throws {
        for figure in figures where FigureWriter.Format(path: figure) == nil {
            throw ValidationError("--figure needs a file name ending in .svg, .png or .pdf, for example figure.pdf")
        }
        for comparison in comparisons {
            do { _ = try ComparisonRequest(parsing: comparison) } catch let error as ReportError {
                throw ValidationError(error.message)
            }
        }
        if let html, html.isEmpty { throw ValidationError("--html needs a file name, for example report.html") }
        if planFile != nil, ![.terminal, .markdown].contains(format) {
            throw ValidationError("--plan works with --format terminal or markdown")
        }
        if let judge, judge.isEmpty {
            throw ValidationError("--judge needs a judge address, for example reference/judge")
        }
    }

    func run() async throws {
        try storeOptions.requireStore()
        // A missing Chromium is found out before anything is printed.
        let writer = FigureWriter(environment: ProcessInfo.processInfo.environment)
        for figure in figures {
            let format = FigureWriter.Format(path: figure)!
            if format != .svg { try writer.requireChromium(for: figure, format: format) }
        }
        let plan = try planFile.map { path in
            do { return try PlanFile.load(path: path) } catch let error as ConfigurationError {
                throw CLIError.usage("--plan: \(error.message)")
            }
        }
        let requested = try comparisons.map(ComparisonRequest.init(parsing:))
        var configuration = Report.Configuration(
            intervalMethod: interval,
            // Under a plan the comparisons are the review's: planned ones by family, the rest exploratory.
            comparisons: plan == nil ? requested : [], includePublished: !noPublished,
            examplesPerOutcome: html == nil ? 0 : 2, judge: judge)
        configuration.originalScorers = originalScorers
        let report: Report
        var review = ""
        do {
            let store = try storeOptions.open()
            try await store.checkIntegrity()
            report = try await Report.build(store: store, runs: runs, configuration: configuration)
            if let plan, let planFile {
                review = try await PlanReview.review(
                    report, plan: plan.plan, digest: plan.digest, exploratory: requested, store: store
                ).render(
                    path: planFile, digest: plan.digest, plan: plan.plan, width: TerminalWidth.columns(of: 1) ?? 200)
            }
        } catch let error as ReportError {
            throw error.code == .noRuns ? CLIError.failure(error.message) : CLIError.usage(error.message)
        }
        let text: String =
            switch format {
            case .markdown: MarkdownRenderer.render(report)
            case .latex: LaTeXRenderer.render(report)
            case .csv: CSVRenderer.render(report)
            case .json: try JSONRenderer.render(report)
            case .terminal: TerminalRenderer.render(report, width: TerminalWidth.columns(of: 1))
            }
        FileHandle.standardOutput.write(Data((review + text).utf8))
        if let html {
            do {
                try Data(HTMLRenderer.render(report).utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
            } catch {
                throw CLIError.failure("cannot write the HTML report to \(html): \(error.localizedDescription)")
            }
            FileHandle.standardError.write(Data("offswitch: wrote the HTML report to \(html)\n".utf8))
        }
        for figure in figures {
            try await writer.write(
                svg: FigureRenderer.svg(report), to: figure, format: FigureWriter.Format(path: figure)!)
            FileHandle.standardError.write(Data("offswitch: wrote the figure to \(figure)\n".utf8))
        }
    }
}
