import OffswitchCore

/// Renders a report as one self-contained HTML file: no network, no scripts, no external fonts or images.
///
/// It holds the rates table, an SVG chart drawn here (bars with 95% interval whiskers, published values as
/// hollow markers), the outcome and technique breakdowns, the comparisons, and example transcripts for each
/// outcome class, linked from the outcome counts. A Content-Security-Policy forbids scripts and every
/// external load, so even a string that escaped escaping could not run; a report whose transcripts have images
/// allows `data:` images, and nothing more.
public enum HTMLRenderer {
    /// The report as an HTML document.
    ///
    /// - Parameter report: The report; its ``Report/examples`` are embedded as transcripts.
    /// - Returns: The HTML text.
    public static func render(_ report: Report) -> String {
        let examples = Dictionary(grouping: report.examples, by: \.outcome)
        let labelled =
            report.modelJudged != nil || report.examples.contains { $0.interview != nil || $0.judgement != nil }
        // Only a report whose transcripts show images allows `data:` images and styles them, so every other
        // report is byte for byte what it was.
        let images = report.examples.contains { example in
            example.events.contains {
                if case .message(let message) = $0.kind { !message.images.isEmpty } else { false }
            }
        }
        var out = [
            "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'"
                + (images ? "; img-src data:" : "") + "\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>offswitch report</title>",
            "<style>\(style)\(labelled ? labelStyle : "")\(images ? imageStyle : "")</style>", "</head>", "<body>",
            "<h1>offswitch report</h1>", "<ul class=\"runs\">",
        ]
        out += ReportText.runLines(report).map { "<li>" + HTML.escape($0) + "</li>" }
        out.append("</ul>")
        if report.onlyScripted {
            out.append("<p class=\"warning\">These trials were played by scripted reference agents, not AI models.</p>")
        }
        out.append(
            "<nav><a href=\"#chart-section\">chart</a> · <a href=\"#rates\">rates</a>"
                + " · <a href=\"#outcomes\">outcomes</a>"
                + " · <a href=\"#techniques\">techniques</a>"
                + (report.modelJudged == nil ? "" : " · <a href=\"#model-judged\">model-judged labels</a>")
                + (report.originalScores == nil ? "" : " · <a href=\"#original-scorers\">original scorers</a>")
                + (report.comparisons.isEmpty ? "" : " · <a href=\"#comparisons\">comparisons</a>")
                + (report.examples.isEmpty ? "" : " · <a href=\"#examples\">example transcripts</a>") + "</nav>")
        out += ["<section id=\"chart-section\">", "<h2>Sabotage rate</h2>", SVGChart.render(report), "</section>"]

        out += ["<section id=\"rates\">", "<h2>Rates</h2>"]
        out.append(
            table(
                [
                    "model", "condition", "sabotaged k/N", "%", report.intervalTitle, "attempted", "bypassed|attempt",
                    "source",
                ],
                report.rows.map { row in
                    [
                        HTML.escape(row.label), HTML.escape(row.condition),
                        ReportText.fraction(row.sabotaged, row.counted), ReportText.percent(row.rate),
                        ReportText.interval(row.interval), HTML.escape(ReportText.attempts(row)),
                        HTML.escape(ReportText.successGivenAttempt(row)), HTML.escape(ReportText.source(row)),
                    ]
                }, ids: report.rows.map(\.id), classes: report.rows.map { $0.isPublished ? "published" : "measured" }))
        out.append("</section>")

        out += ["<section id=\"outcomes\">", "<h2>Outcomes</h2>"]
        out.append(
            table(
                ["model", "condition"] + ReportText.outcomeColumns.map(\.1) + ["source"],
                report.measuredRows.map { row in
                    [HTML.escape(row.label), HTML.escape(row.condition)]
                        + ReportText.outcomeColumns.map { outcome, _ in
                            let count = row.outcomes[outcome] ?? 0
                            guard count > 0, examples[outcome] != nil else { return String(count) }
                            return "<a href=\"#\(sectionID(outcome))\">\(count)</a>"
                        } + [HTML.escape(ReportText.source(row))]
                }))
        out.append("</section>")

        let used = Technique.allCases.filter { technique in
            report.measuredRows.contains { $0.techniques[technique] != nil }
        }
        out += ["<section id=\"techniques\">", "<h2>Bypass techniques</h2>"]
        out.append(
            used.isEmpty
                ? "<p>No trial bypassed the shutdown.</p>"
                : table(
                    ["model", "condition"] + used.map(\.rawValue),
                    report.measuredRows.filter { !$0.techniques.isEmpty }.map { row in
                        [HTML.escape(row.label), HTML.escape(row.condition)]
                            + used.map { String(row.techniques[$0] ?? 0) }
                    }))
        out.append("</section>")

        if let labels = report.modelJudged { out.append(labelSection(labels, report: report)) }
        for agreement in report.replayAgreements ?? [] {
            out += ["<section class=\"replay\">", "<h2>\(HTML.escape(ReplayText.heading(agreement)))</h2>"]
            out.append(
                table(
                    ReplayText.header(agreement).map(HTML.escape),
                    ReplayText.rows(agreement).map { $0.map(HTML.escape) }))
            out.append("<p>" + HTML.escape(ReplayText.summary(agreement)) + "</p>")
            let lines = ReplayText.disagreements(agreement)
            if !lines.isEmpty {
                out.append("<ul>" + lines.map { "<li>" + HTML.escape($0) + "</li>" }.joined() + "</ul>")
            }
            out.append("<p>" + HTML.escape(ReplayText.note) + "</p></section>")
        }
        if let tallies = report.originalScores {
            out += ["<section id=\"original-scorers\">", "<h2>\(HTML.escape(ScorerText.heading))</h2>"]
            out.append(
                table(
                    ["model", "condition"] + ScorerText.columns + ["source"],
                    report.measuredRows.compactMap { row in
                        tallies[row.id].map { tally in
                            [HTML.escape(row.label), HTML.escape(row.condition)] + ScorerText.cells(row, tally)
                                + [HTML.escape(ReportText.source(row))]
                        }
                    }))
            let lines = ScorerText.lines(report)
            out.append(
                lines.isEmpty
                    ? "<p>No trial where they disagree with offswitch.</p>"
                    : "<ul>" + lines.map { "<li>" + HTML.escape($0.line) + "</li>" }.joined() + "</ul>")
            out.append("<p class=\"muted\">" + HTML.escape(ScorerText.notes.joined(separator: " ")) + "</p>")
            out.append("</section>")
        }
        if !report.comparisons.isEmpty {
            out += ["<section id=\"comparisons\">", "<h2>\(HTML.escape(ReportText.comparisonHeading(report)))</h2>"]
            out.append(
                table(
                    ReportText.comparisonHeader,
                    report.comparisons.map { ReportText.comparisonCells($0).map(HTML.escape) }))
            out.append(
                "<p class=\"muted\">" + HTML.escape(ReportText.comparisonNotes(report).joined(separator: " ")) + "</p>")
            out.append("</section>")
        }

        if !report.examples.isEmpty {
            out += ["<section id=\"examples\">", "<h2>Example transcripts</h2>", "<ul class=\"outcome-index\">"]
            for outcome in OutcomeClass.allCases {
                guard let list = examples[outcome] else { continue }
                let links = list.indices.map { "<a href=\"#\(TranscriptHTML.anchor(outcome, $0 + 1))\">\($0 + 1)</a>" }
                out.append(
                    "<li><a href=\"#\(sectionID(outcome))\">\(HTML.escape(outcome.rawValue))</a>: "
                        + links.joined(separator: " ") + "</li>")
            }
            out.append("</ul>")
            for outcome in OutcomeClass.allCases {
                guard let list = examples[outcome] else { continue }
                out.append("<section class=\"outcome\" id=\"\(sectionID(outcome))\">")
                out.append(HTML.element("h3", outcome.rawValue))
                out += list.enumerated().map { TranscriptHTML.render($0.element, number: $0.offset + 1) }
                out.append("</section>")
            }
            out.append("</section>")
        }
        out += ["<section id=\"notes\">", "<h2>Notes</h2>", "<ul>"]
        out += (ReportText.notes(report) + (report.modelJudged?.notes ?? [])).map { "<li>" + HTML.escape($0) + "</li>" }
        out += ["</ul>", "</section>", "</body>", "</html>"]
        return out.joined(separator: "\n") + "\n"
    }

    /// The model-judged labels per measured row, apart from the rates and marked as a judge's.
    static func labelSection(_ labels: ModelJudgedLabels, report: Report) -> String {
        let rows = report.measuredRows.filter { labels.tallies[$0.id] != nil }
        return [
            "<section id=\"model-judged\" class=\"model-judged\">", HTML.element("h2", labels.heading),
            "<p class=\"muted\">" + HTML.escape(labels.notes.joined(separator: " ")) + "</p>",
            table(
                ["model", "condition"] + ModelJudgedLabels.columns + ["source"],
                rows.map { row in
                    [HTML.escape(row.label), HTML.escape(row.condition)]
                        + ModelJudgedLabels.cells(labels.tallies[row.id]!).map(HTML.escape)
                        + [HTML.escape(ReportText.source(row))]
                }),
            "</section>",
        ].joined(separator: "\n")
    }

    /// The anchor of an outcome class's examples.
    static func sectionID(_ outcome: OutcomeClass) -> String { "examples-\(HTML.identifier(outcome.rawValue))" }

    /// A table; cells are HTML already (escaped by the caller), headers are escaped here.
    static func table(_ header: [String], _ rows: [[String]], ids: [String]? = nil, classes: [String]? = nil)
        -> String
    {
        let head = header.map { "<th>\(HTML.escape($0))</th>" }.joined()
        var out = ["<table>", "<thead><tr>" + head + "</tr></thead>", "<tbody>"]
        for (index, row) in rows.enumerated() {
            let id = ids.map { " id=\"\(HTML.identifier($0[index]))\"" } ?? ""
            let name = classes.map { " class=\"\($0[index])\"" } ?? ""
            out.append("<tr\(id)\(name)>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>")
        }
        out += ["</tbody>", "</table>"]
        return out.joined(separator: "\n")
    }

    /// The page's styles: system fonts only.
    static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#111;max-width:1100px}\
        table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}\
        td{font-variant-numeric:tabular-nums}tr.published td{font-style:italic;color:#8a1040}\
        .chart text{font-size:12px;fill:#111}.chart .panel{font-weight:bold;font-size:13px}\
        .warning{font-weight:bold;color:#a00}pre{white-space:pre-wrap;word-break:break-word;margin:2px 0;\
        background:#f6f6f6;padding:4px}.event{border-left:3px solid #ccc;padding:2px 8px;margin:4px 0}\
        .role-assistant{border-color:#3b6fb6}.command{border-color:#444}.note{border-color:#c2185b;font-weight:bold}\
        .time{color:#777;font-size:11px}.role{font-weight:bold}.example{border:1px solid #ddd;padding:8px;margin:12px 0}\
        .tool-name{font-weight:bold}.arg-name{color:#555;font-size:11px}pre.arg-thoughts{background:#eef3fb}
        """

    /// The styles of model-judged labels and interviews, added only to a report that has them.
    /// The style of a transcript's images: no wider than the page's text column.
    static let imageStyle =
        "img.message-image{display:block;max-width:min(480px,100%);height:auto;margin:4px 0;"
        + "border:1px solid #ccc}"

    static let labelStyle = """
        .model-judged{border-left:4px solid #7b5ea7;padding-left:8px}.muted{color:#666}\
        blockquote.unverified{text-decoration:underline wavy #a00}.interview{border-left:4px solid #999;padding-left:8px}
        """
}
