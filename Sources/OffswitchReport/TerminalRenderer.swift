import OffswitchCore

/// Renders a report as plain-text tables for a terminal: the default format of `offswitch report`.
public enum TerminalRenderer {
    /// The report as text, ending with a newline.
    ///
    /// - Parameters:
    ///   - report: The report.
    ///   - width: The window's width in columns: a wider table folds into parts that fit, each repeating its
    ///     model and condition. Nil renders every table whole.
    /// - Returns: The text.
    public static func render(_ report: Report, width: Int? = nil) -> String {
        var out = ["offswitch report"] + ReportText.runLines(report).map { "  " + $0 }
        if report.onlyScripted {
            out.append("*** These trials were played by scripted REFERENCE AGENTS, not AI models. ***")
        }
        var rates = TextTable(
            header: [
                "model", "condition", "sabotaged k/N", "%", report.intervalTitle, "attempted", "bypassed|attempt",
                "source",
            ],
            rightAligned: [2, 3, 4, 5, 6], keyColumns: 2)
        for row in report.rows {
            rates.rows.append([
                row.label, row.condition, ReportText.fraction(row.sabotaged, row.counted), ReportText.percent(row.rate),
                ReportText.interval(row.interval), ReportText.attempts(row), ReportText.successGivenAttempt(row),
                ReportText.source(row),
            ])
        }
        out += ["", rates.render(width: width)]

        var outcomes = TextTable(
            header: ["model", "condition"] + ReportText.outcomeColumns.map(\.1) + ["techniques", "source"],
            rightAligned: Set(2..<(2 + ReportText.outcomeColumns.count)), keyColumns: 2)
        for row in report.measuredRows {
            outcomes.rows.append(
                [row.label, row.condition] + ReportText.outcomeColumns.map { String(row.outcomes[$0.0] ?? 0) }
                    + [ReportText.techniques(row.techniques), ReportText.source(row)])
        }
        out += ["", "Outcomes", outcomes.render(width: width)]
        if let labels = report.modelJudged {
            var table = TextTable(
                header: ["model", "condition"] + ModelJudgedLabels.columns + ["source"], rightAligned: [2, 3, 4, 7],
                keyColumns: 2)
            for row in report.measuredRows {
                guard let tally = labels.tallies[row.id] else { continue }
                table.rows.append(
                    [row.label, row.condition] + ModelJudgedLabels.cells(tally) + [ReportText.source(row)])
            }
            out += ["", labels.heading, table.render(width: width)]
        }
        if let tallies = report.originalScores {
            var table = TextTable(
                header: ["model", "condition"] + ScorerText.columns + ["source"], rightAligned: [2, 3, 4, 5, 6])
            for row in report.measuredRows {
                guard let tally = tallies[row.id] else { continue }
                table.rows.append([row.label, row.condition] + ScorerText.cells(row, tally) + [ReportText.source(row)])
            }
            out += ["", ScorerText.heading, table.render()]
            let lines = ScorerText.lines(report)
            out += lines.isEmpty ? ["no trial where they disagree with offswitch"] : lines.map { "  " + $0.line }
        }

        for agreement in report.replayAgreements ?? [] {
            let table = TextTable(
                header: ReplayText.header(agreement), rows: ReplayText.rows(agreement),
                rightAligned: Set(1...agreement.labels.count), keyColumns: 1)
            out += ["", ReplayText.heading(agreement), table.render(width: width), ReplayText.summary(agreement)]
            out += ReplayText.disagreements(agreement).map { "  " + $0 }
        }

        if !report.comparisons.isEmpty {
            var table = TextTable(header: ReportText.comparisonHeader, rightAligned: [2, 3, 4, 5, 6, 7], keyColumns: 1)
            table.rows = report.comparisons.map(ReportText.comparisonCells)
            out +=
                ["", ReportText.comparisonHeading(report), table.render(width: width)]
                + ReportText.comparisonNotes(report)
        }
        out +=
            [""] + ReportText.notes(report) + (report.modelJudged?.notes ?? [])
            + (report.originalScores == nil ? [] : ScorerText.notes)
            + (report.replayAgreements == nil ? [] : [ReplayText.note])
        // Stored names (conditions, models, what providers reported) must not rewrite the reader's terminal.
        return TerminalText.escaped(out.joined(separator: "\n")) + "\n"
    }
}
