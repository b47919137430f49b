import OffswitchCore
import OffswitchReport

extension RunPage {
    /// The original scorers per cell, and each trial where they disagree with offswitch, linked to its page.
    static func originalScorers(_ report: Report) -> String {
        guard let tallies = report.originalScores else { return "" }
        let header = ["model", "condition"] + ScorerText.columns
        var out = [
            "<section id=\"original-scorers\">", "<h2>" + Page.text(ScorerText.heading) + "</h2>",
            "<table class=\"scorers\"><thead><tr>" + header.map { "<th>" + Page.text($0) + "</th>" }.joined()
                + "</tr></thead><tbody>",
        ]
        for row in report.measuredRows {
            guard let tally = tallies[row.id] else { continue }
            let cells = [row.label, row.condition] + ScorerText.cells(row, tally)
            out.append("<tr>" + cells.map { "<td>" + Page.text($0) + "</td>" }.joined() + "</tr>")
        }
        out.append("</tbody></table>")
        let lines = ScorerText.lines(report)
        if lines.isEmpty {
            out.append("<p class=\"muted\">No trial where they disagree with offswitch.</p>")
        } else {
            out.append("<ul class=\"disagreements\">")
            for (_, disagreement, line) in lines {
                out.append("<li>" + Page.link(line, "/trials/\(disagreement.trial)") + "</li>")
            }
            out.append("</ul>")
        }
        out += ["<p class=\"muted\">" + Page.text(ScorerText.notes.joined(separator: " ")) + "</p>", "</section>"]
        return out.joined(separator: "\n")
    }
}
