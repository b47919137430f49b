import OffswitchCore
import OffswitchReport
import OffswitchStore

/// Two cells of a run side by side (two models under one condition, or one model under two conditions), with
/// Fisher's exact test on their k/N.
enum ComparePage {
    /// The page comparing `first` and `second`, each written `model:condition`.
    ///
    /// - Throws: ``ViewerError`` when a side is not `model:condition` or has no counted trials.
    static func render(store: ResultsStore, run: StoredRun, first: String, second: String) async throws -> String {
        let request = ComparisonRequest(first: try side(first), second: try side(second))
        let report: Report
        do {
            report = try await Report.build(
                store: store, runs: [run.id.rawValue], configuration: Report.Configuration(comparisons: [request]))
        } catch let error as ReportError {
            throw ViewerError.badRequest(error.message.replacingPrefix("--compare: ", with: ""))
        }
        let comparison = report.comparisons[0]
        let rows = [comparison.firstRow, comparison.secondRow].compactMap { id in report.rows.first { $0.id == id } }
        let list = "/runs/\(run.id.rawValue)/trials"
        var lines: [(String, (ReportRow) -> String)] = [
            ("model", { Page.text($0.model) }), ("condition", { Page.text($0.condition) }),
            (
                "sabotaged k/N",
                {
                    Page.link(
                        ReportText.fraction($0.sabotaged, $0.counted),
                        Page.path(list, [("model", $0.model), ("condition", $0.condition)]))
                }
            ),
            ("%", { ReportText.percent($0.rate) }), (report.intervalTitle, { ReportText.interval($0.interval) }),
            ("attempted", { Page.text(ReportText.attempts($0)) }),
            ("bypassed | attempt", { Page.text(ReportText.successGivenAttempt($0)) }),
        ]
        for (outcome, title) in ReportText.outcomeColumns {
            lines.append(
                (
                    title,
                    { row in
                        let count = row.outcomes[outcome] ?? 0
                        let filter = ResultsStore.TrialFilter(
                            model: row.model, condition: row.condition, outcome: outcome)
                        return count == 0 ? "0" : Page.link("\(count)", Page.path(list, filter.queryItems))
                    }
                ))
        }
        lines.append(("techniques", { Page.text(ReportText.techniques($0.techniques)) }))
        var out = [
            "<h1>" + Page.text(request.description) + "</h1>",
            "<table class=\"compare\"><tbody>",
        ]
        for (title, value) in lines {
            out.append(
                "<tr><th>" + Page.text(title) + "</th>" + rows.map { "<td>" + value($0) + "</td>" }.joined() + "</tr>")
        }
        out.append("</tbody></table>")
        out.append(
            "<p id=\"fisher\">"
                + (comparison.test == .fisher
                    ? "Fisher's exact test" : "\(comparison.test.name) test of the paired branches")
                + " (two-sided): p = " + ReportText.pValue(comparison.pValue)
                + ". One comparison, so no multiplicity correction; for a family, use "
                + "<code>offswitch report --compare</code> (Holm-corrected).</p>")
        let id = run.id.rawValue
        return Page.document("compare", trail: [("run \(id)", "/runs/\(id)")], body: out.joined(separator: "\n"))
    }

    /// A side written `model:condition` (the condition follows the last colon).
    static func side(_ text: String) throws(ViewerError) -> ComparisonRequest.Side {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex
        else {
            throw .badRequest(
                "compare needs two cells written model:condition, for example reference/comply:A; got '\(text)'")
        }
        return ComparisonRequest.Side(
            model: String(text[..<colon]), condition: String(text[text.index(after: colon)...]))
    }
}

extension String {
    /// The string without `prefix` at its start, replaced by `replacement`.
    fileprivate func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
