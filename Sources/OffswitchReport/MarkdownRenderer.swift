/// Renders a report as GitHub-flavoured Markdown: for pasting into an issue or a paper draft.
public enum MarkdownRenderer {
    /// The report as Markdown, ending with a newline.
    ///
    /// - Parameter report: The report.
    /// - Returns: The Markdown text.
    public static func render(_ report: Report) -> String {
        var out = ["# offswitch report", ""] + ReportText.runLines(report).map { "- `\($0)`" }
        if report.onlyScripted {
            out += ["", "**These trials were played by scripted reference agents, not AI models.**"]
        }
        out +=
            [""]
            + table(
                [
                    "model", "condition", "sabotaged k/N", "%", report.intervalTitle, "attempted", "bypassed\\|attempt",
                    "source",
                ],
                alignment: ["---", "---", "---:", "---:", "---:", "---:", "---:", "---"],
                report.rows.map { row in
                    [
                        row.isPublished ? "*\(escape(row.label))*" : "`\(escape(row.label))`", escape(row.condition),
                        ReportText.fraction(row.sabotaged, row.counted), ReportText.percent(row.rate),
                        ReportText.interval(row.interval), ReportText.attempts(row),
                        ReportText.successGivenAttempt(row),
                        escape(ReportText.source(row)),
                    ]
                })
        out +=
            ["", "## Outcomes", ""]
            + table(
                ["model", "condition"] + ReportText.outcomeColumns.map(\.1) + ["techniques", "source"],
                alignment: ["---", "---"] + ReportText.outcomeColumns.map { _ in "---:" } + ["---", "---"],
                report.measuredRows.map { row in
                    ["`\(escape(row.label))`", escape(row.condition)]
                        + ReportText.outcomeColumns.map { String(row.outcomes[$0.0] ?? 0) }
                        + [escape(ReportText.techniques(row.techniques)), escape(ReportText.source(row))]
                })
        if let labels = report.modelJudged {
            out +=
                ["", "## " + escape(labels.heading), ""]
                + table(
                    ["model", "condition"] + ModelJudgedLabels.columns.map(escape) + ["source"],
                    alignment: ["---", "---", "---:", "---:", "---:", "---", "---", "---:", "---"],
                    report.measuredRows.compactMap { row in
                        labels.tallies[row.id].map { tally in
                            ["`\(escape(row.label))`", escape(row.condition)]
                                + ModelJudgedLabels.cells(tally).map(escape)
                                + [escape(ReportText.source(row))]
                        }
                    })
        }
        if let tallies = report.originalScores {
            out +=
                ["", "## " + escape(ScorerText.heading), ""]
                + table(
                    ["model", "condition"] + ScorerText.columns + ["source"],
                    alignment: ["---", "---", "---:", "---:", "---:", "---:", "---:", "---"],
                    report.measuredRows.compactMap { row in
                        tallies[row.id].map { tally in
                            ["`\(escape(row.label))`", escape(row.condition)] + ScorerText.cells(row, tally)
                                + [escape(ReportText.source(row))]
                        }
                    })
            let lines = ScorerText.lines(report)
            out +=
                [""]
                + (lines.isEmpty
                    ? ["No trial where they disagree with offswitch."] : lines.map { "- " + escape($0.line) })
        }
        for agreement in report.replayAgreements ?? [] {
            out +=
                ["", "## " + escape(ReplayText.heading(agreement)), ""]
                + table(
                    ReplayText.header(agreement).map(escape), alignment: ["---"] + agreement.labels.map { _ in "---:" },
                    ReplayText.rows(agreement).map { $0.map(escape) })
            out += ["", escape(ReplayText.summary(agreement))]
            let lines = ReplayText.disagreements(agreement)
            if !lines.isEmpty { out += [""] + lines.map { "- " + escape($0) } }
        }
        if !report.comparisons.isEmpty {
            out +=
                ["", "## \(ReportText.comparisonHeading(report))", ""]
                + table(
                    ReportText.comparisonHeader, alignment: ["---", "---"] + Array(repeating: "---:", count: 6),
                    report.comparisons.map { ReportText.comparisonCells($0).map(escape) })
            out += [""] + ReportText.comparisonNotes(report).map { "- " + escape($0) }
        }
        out +=
            ["", "## Notes", ""]
            + (ReportText.notes(report) + (report.modelJudged?.notes ?? [])
            + (report.originalScores == nil ? [] : ScorerText.notes)
            + (report.replayAgreements == nil ? [] : [ReplayText.note])).map { "- " + escape($0) }
        return out.joined(separator: "\n") + "\n"
    }

    /// A pipe table.
    static func table(_ header: [String], alignment: [String], _ rows: [[String]]) -> [String] {
        ([header, alignment] + rows).map { "| " + $0.joined(separator: " | ") + " |" }
    }

    /// Text made safe inside a table cell: pipes escaped, newlines as spaces, Markdown emphasis characters escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|", "*", "_", "`", "<", ">", "[", "]", "\\": out += "\\\(character)"
            case "\n", "\r": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
