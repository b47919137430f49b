import Foundation
import OffswitchCore

/// Draws the report's sabotage rates as an SVG bar chart: one panel per condition, one bar per measured row
/// with its 95% interval as a whisker, and the published values as hollow markers with their intervals.
///
/// ``render(_:)`` draws it for the HTML report (styled by the page); ``figure(_:)`` (in `SVGChart+Figure.swift`)
/// draws the same panels as a standalone figure for a paper.
enum SVGChart {
    static let width = 960.0
    static let labelWidth = 290.0
    static let plotWidth = 560.0
    static let rowHeight = 26.0
    static let panelGap = 34.0
    static let top = 46.0

    /// The chart as an inline `<svg>` element (no namespace needed inside HTML, no external references).
    static func render(_ report: Report) -> String {
        let panels = self.panels(report)
        let rowCount = Double(panels.reduce(0) { $0 + $1.rows.count })
        let height = top + rowCount * rowHeight + Double(panels.count) * panelGap + 30
        var svg: [String] = [
            "<svg id=\"chart\" class=\"chart\" role=\"img\" width=\"\(f(width))\" height=\"\(f(height))\" "
                + "viewBox=\"0 0 \(f(width)) \(f(height))\" aria-label=\"Sabotage rate by condition and model, "
                + "with 95% intervals; hollow markers are Palisade's published values\">",
            "<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"#ffffff\"/>",
        ]
        // Legend.
        svg.append(
            "<rect class=\"legend-bar\" x=\"\(f(labelWidth))\" y=\"10\" width=\"18\" height=\"12\" "
                + "fill=\"#3b6fb6\"/>")
        svg.append(
            "<text x=\"\(f(labelWidth + 24))\" y=\"21\" class=\"legend\">measured (bar), 95% interval (whisker)</text>")
        svg.append(
            "<circle class=\"legend-published\" cx=\"\(f(labelWidth + 300))\" cy=\"16\" r=\"5\" fill=\"none\" "
                + "stroke=\"#c2185b\" stroke-width=\"2\"/>")
        svg.append(
            "<text x=\"\(f(labelWidth + 310))\" y=\"21\" class=\"legend\">published (Palisade \(FigureCaption.publishedYears(report)))</text>"
        )
        let plotTop = top
        let plotBottom = height - 30
        // Grid and axis.
        for tick in stride(from: 0.0, through: 100.0, by: 25.0) {
            let x = xPosition(tick / 100)
            svg.append(
                "<line class=\"grid\" x1=\"\(f(x))\" y1=\"\(f(plotTop))\" x2=\"\(f(x))\" y2=\"\(f(plotBottom))\" "
                    + "stroke=\"#dddddd\" stroke-width=\"1\"/>")
            svg.append(
                "<text class=\"tick\" x=\"\(f(x))\" y=\"\(f(plotBottom + 16))\" text-anchor=\"middle\">"
                    + "\(Int(tick))%</text>")
        }
        var y = plotTop
        for panel in panels {
            svg.append(
                "<text class=\"panel\" x=\"8\" y=\"\(f(y + 20))\">condition \(HTML.escape(panel.condition))</text>")
            y += panelGap
            for (row, published) in panel.rows {
                svg += bar(row, published: published, y: y)
                y += rowHeight
            }
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    /// The elements of one measured row.
    static func bar(_ row: ReportRow, published: [ReportRow], y: Double) -> [String] {
        let middle = y + rowHeight / 2
        let rate = row.rate ?? 0
        var label = row.label
        if row.configurationNote != nil, case .measured(let runs) = row.origin {
            label += " (" + runs.map(\.rawValue).joined(separator: "+") + ")"
        }
        var parts = [
            "<g class=\"row\" id=\"chart-\(HTML.identifier(row.id))\">",
            "<title>\(HTML.escape("\(row.label) \(row.condition): \(row.sabotaged)/\(row.counted)"))</title>",
            "<text class=\"label\" x=\"\(f(labelWidth - 10))\" y=\"\(f(middle + 4))\" text-anchor=\"end\">"
                + "\(HTML.escape(label))</text>",
            "<rect class=\"bar\" x=\"\(f(labelWidth))\" y=\"\(f(middle - 8))\" width=\"\(f(rate * plotWidth))\" "
                + "height=\"16\" fill=\"#3b6fb6\"/>",
        ]
        if let interval = row.interval {
            parts += whisker(interval, y: middle, color: "#111111", dashed: false, name: "whisker")
        }
        for marker in published {
            guard let rate = marker.rate else { continue }
            if let interval = marker.interval {
                parts += whisker(interval, y: middle + 5, color: "#c2185b", dashed: true, name: "published-whisker")
            }
            parts.append(
                "<circle class=\"published\" cx=\"\(f(xPosition(rate)))\" cy=\"\(f(middle + 5))\" r=\"5\" "
                    + "fill=\"none\" stroke=\"#c2185b\" stroke-width=\"2\"><title>"
                    + HTML.escape("\(marker.sourceLabel): \(ReportText.percent(rate))%") + "</title></circle>")
        }
        parts.append(
            "<text class=\"value\" x=\"\(f(labelWidth + plotWidth + 12))\" y=\"\(f(middle + 4))\">"
                + HTML.escape(
                    row.rate == nil
                        ? "no counted trials" : "\(row.sabotaged)/\(row.counted)  \(ReportText.percent(row.rate))%")
                + "</text>")
        parts.append("</g>")
        return parts
    }

    /// A horizontal whisker with end caps from the interval's lower to upper bound.
    static func whisker(_ interval: ProportionInterval, y: Double, color: String, dashed: Bool, name: String)
        -> [String]
    {
        whisker(
            from: xPosition(interval.lower), to: xPosition(interval.upper), y: y, color: color, dashed: dashed,
            name: name)
    }

    /// A horizontal whisker with end caps from `low` to `high` (x coordinates).
    static func whisker(from low: Double, to high: Double, y: Double, color: String, dashed: Bool, name: String)
        -> [String]
    {
        let dash = dashed ? " stroke-dasharray=\"3 2\"" : ""
        let stroke = "stroke=\"\(color)\" stroke-width=\"1.5\""
        return [
            "<line class=\"\(name)\" x1=\"\(f(low))\" y1=\"\(f(y))\" x2=\"\(f(high))\" y2=\"\(f(y))\" "
                + "\(stroke)\(dash)/>",
            "<line x1=\"\(f(low))\" y1=\"\(f(y - 4))\" x2=\"\(f(low))\" y2=\"\(f(y + 4))\" \(stroke)/>",
            "<line x1=\"\(f(high))\" y1=\"\(f(y - 4))\" x2=\"\(f(high))\" y2=\"\(f(y + 4))\" \(stroke)/>",
        ]
    }

    /// One condition's panel: its measured rows, each with the published rows of its cell.
    struct Panel {
        var condition: String
        var rows: [(ReportRow, [ReportRow])]
    }

    /// Groups the measured rows by condition (in order of first appearance); a published row belongs to the
    /// measured rows of the cell it follows (the builder puts it right after them).
    static func panels(_ report: Report) -> [Panel] {
        var panels: [Panel] = []
        var cell: [ReportRow] = []
        var entries: [(ReportRow, [ReportRow])] = []
        for row in report.rows {
            if row.isPublished {
                for index in entries.indices where cell.contains(where: { $0.id == entries[index].0.id }) {
                    entries[index].1.append(row)
                }
                continue
            }
            if let last = cell.last, last.model != row.model || last.condition != row.condition { cell = [] }
            cell.append(row)
            entries.append((row, []))
        }
        for (row, published) in entries {
            if let index = panels.firstIndex(where: { $0.condition == row.condition }) {
                panels[index].rows.append((row, published))
            } else {
                panels.append(Panel(condition: row.condition, rows: [(row, published)]))
            }
        }
        return panels.sorted { $0.condition < $1.condition }
    }

    /// The x coordinate of a fraction.
    static func xPosition(_ fraction: Double) -> Double {
        labelWidth + Swift.min(1, Swift.max(0, fraction)) * plotWidth
    }

    /// A coordinate with at most one decimal, without a trailing ".0".
    static func f(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }
}
