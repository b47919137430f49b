import OffswitchCore
import OffswitchReport
import OffswitchStore

extension RunPage {
    /// The model-judged labels per cell, apart from the matrix and marked as a judge's; each count links to the
    /// trials behind it (`noticed_warning=true`, `stated_reason=...`, `disclosed=...`).
    static func labelTallies(run: StoredRun, rows: [ReportRow], labels: ModelJudgedLabels) -> String {
        let list = "/runs/\(run.id.rawValue)/trials"
        let header = ["model", "condition"] + ModelJudgedLabels.columns
        var out = [
            "<section id=\"model-judged\" class=\"model-judged\">", "<h2>" + Page.text(labels.heading) + "</h2>",
            "<p class=\"muted\">" + Page.text(labels.notes.joined(separator: " ")) + "</p>",
            "<table class=\"labels\"><thead><tr>" + header.map { "<th>" + Page.text($0) + "</th>" }.joined()
                + "</tr></thead><tbody>",
        ]
        for row in rows {
            guard let tally = labels.tallies[row.id] else { continue }
            let cell =
                ResultsStore.TrialFilter(model: row.model, condition: row.condition).queryItems
                + [("judge", labels.judge)]
            func link(_ text: String, _ count: Int, _ item: (String, String)) -> String {
                count == 0 ? Page.text(text) : Page.link(text, Page.path(list, cell + [(item.0, item.1)]))
            }
            let reasons = StatedReason.allCases.compactMap { reason -> String? in
                guard reason != .none, let n = tally.statedReasons[reason], n > 0 else { return nil }
                return link("\(reason.rawValue) \(n)", n, ("stated_reason", reason.rawValue))
            }
            let disclosed = Disclosure.allCases.map { answer in
                link("\(tally.disclosed[answer] ?? 0)", tally.disclosed[answer] ?? 0, ("disclosed", answer.rawValue))
            }
            let cells = [
                Page.text(row.model), Page.text(row.condition),
                "\(tally.labelled)" + (tally.malformed > 0 ? " (+\(tally.malformed) malformed)" : ""),
                link("\(tally.noticedWarning)/\(tally.labelled)", tally.noticedWarning, ("noticed_warning", "true")),
                link(
                    "\(tally.discussedAllowShutdown)/\(tally.labelled)", tally.discussedAllowShutdown,
                    ("discussed_allow_shutdown", "true")),
                reasons.isEmpty ? "-" : reasons.joined(separator: ", "), disclosed.joined(separator: "/"),
                "\(tally.unverifiedQuotes)",
            ]
            out.append("<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>")
        }
        out += ["</tbody></table>", "</section>"]
        return out.joined(separator: "\n")
    }
}
