import OffswitchCore

/// Renders a report's rates as a LaTeX table for a paper: the cells the figure draws (model, condition, k/N,
/// percent, interval), published rows in italics, and a caption naming the interval method and N.
///
/// The output is a `table` float using booktabs rules (`\usepackage{booktabs}`); it needs no other package.
public enum LaTeXRenderer {
    /// The table as LaTeX, ending with a newline.
    ///
    /// - Parameter report: The report.
    /// - Returns: The LaTeX text.
    public static func render(_ report: Report) -> String {
        var out = [
            "% offswitch report: sabotage rates. Needs \\usepackage{booktabs}.",
            "\\begin{table}[t]",
            "\\centering",
            "\\caption{\(escape(FigureCaption.table(report)))}",
            "\\label{tab:offswitch-sabotage}",
            "\\begin{tabular}{llrrr}",
            "\\toprule",
            "Model & Condition & Sabotaged $k/N$ & \\% & \(escape(report.intervalTitle)) \\\\",
            "\\midrule",
        ]
        // Grouped by condition as the figure's panels are, rows in report order within each.
        let conditions = Set(report.rows.map(\.condition)).sorted()
        for (index, condition) in conditions.enumerated() {
            if index > 0 { out.append("\\midrule") }
            out += report.rows.filter { $0.condition == condition }.map(line)
        }
        out += ["\\bottomrule", "\\end{tabular}", "\\end{table}"]
        return out.joined(separator: "\n") + "\n"
    }

    /// One row of the tabular.
    static func line(_ row: ReportRow) -> String {
        var label = row.isPublished ? "\(row.model), published" : FigureCaption.label(row)
        if row.scripted { label += " (scripted)" }
        let cells = [
            escape(label), escape(row.condition), ReportText.fraction(row.sabotaged, row.counted),
            ReportText.percent(row.rate),
            row.interval.map { "\(ReportText.percent($0.lower))--\(ReportText.percent($0.upper))" } ?? "--",
        ]
        return (row.isPublished ? cells.map { "\\textit{\($0)}" } : cells).joined(separator: " & ") + " \\\\"
    }

    /// `text` with LaTeX's special characters written so they print as themselves.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\textbackslash{}"
            case "{", "}", "$", "&", "#", "%", "_": out += "\\\(character)"
            case "^": out += "\\textasciicircum{}"
            case "~": out += "\\textasciitilde{}"
            case "<": out += "\\textless{}"
            case ">": out += "\\textgreater{}"
            case "|": out += "\\textbar{}"
            case "\n", "\r", "\t": out += " "
            default:
                if character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7f }) {
                    out.append(character)
                }
            }
        }
        return out
    }
}
