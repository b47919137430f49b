import Foundation
import OffswitchCore

/// The chart as a standalone figure for a paper: the same panels, bars, whiskers and published markers as the
/// HTML report's chart, laid out so nothing is clipped (the label column and the value column are as wide as
/// their text, long model names wrap), with a legend of only what is drawn, an axis title and a caption naming
/// the interval method and N. Every style is inside the SVG; it references no font, stylesheet or image.
///
/// Colours are from the Okabe-Ito palette (safe for the common colour-vision deficiencies), and nothing is told
/// apart by colour alone: published values are hollow diamonds on dashed whiskers, measured values solid bars on
/// solid whiskers, scripted agents' bars are hatched.
extension SVGChart {
    /// Sizes of the figure, in pixels.
    enum Figure {
        static let margin = 16.0
        static let fontSize = 12.0
        static let smallSize = 11.0
        static let headingSize = 13.0
        static let lineHeight = 15.0
        static let plotWidth = 440.0
        static let labelLimit = 250.0
        static let gap = 12.0
        static let barHeight = 14.0
        static let publishedStep = 13.0
        static let minimumContentWidth = 600.0
        static let barFill = "#56B4E9"
        static let barStroke = "#0072B2"
        static let publishedColor = "#D55E00"
        static let style =
            "text{fill:#111111}.panel{font-weight:bold;font-size:13px}.tick,.legend,.caption,.published-value"
            + "{font-size:11px}.grid{stroke:#d9d9d9}.axis{stroke:#555555}"
    }

    /// One measured row as the figure lays it out.
    struct FigureRow {
        var row: ReportRow
        var published: [ReportRow]
        var lines: [String]
        var value: String
        var publishedValues: [String]

        var height: Double {
            let bars = Figure.barHeight + Double(published.count) * Figure.publishedStep
            return Swift.max(Double(lines.count) * Figure.lineHeight, bars) + 10
        }
    }

    /// The figure as a standalone SVG document (with its XML declaration), ending with a newline.
    static func figure(_ report: Report) -> String {
        let panels = self.panels(report)
        let entries = panels.map { panel in
            panel.rows.map { row, published in
                FigureRow(
                    row: row, published: published, lines: [], value: valueText(row),
                    publishedValues: published.map { "published \(ReportText.percent($0.rate))%" })
            }
        }
        let labels = entries.joined().map { FigureCaption.label($0.row) }
        let labelColumn = Swift.min(
            Figure.labelLimit, labels.map { SVGText.width($0, size: Figure.fontSize) }.max() ?? 0)
        let valueColumn = Swift.max(
            60,
            entries.joined().flatMap { entry in
                [SVGText.width(entry.value, size: Figure.fontSize)]
                    + entry.publishedValues.map { SVGText.width($0, size: Figure.smallSize) }
            }.max() ?? 0)
        let plotLeft = Figure.margin + labelColumn + Figure.gap
        let plotRight = plotLeft + Figure.plotWidth
        let contentWidth = Swift.max(Figure.minimumContentWidth, plotRight + Figure.gap + valueColumn - Figure.margin)
        let width = (Figure.margin * 2 + contentWidth).rounded(.up)
        let x = { (fraction: Double) in plotLeft + Swift.min(1, Swift.max(0, fraction)) * Figure.plotWidth }

        var body: [String] = []
        var y = Figure.margin
        let legend = legendItems(report)
        body += legendElements(legend, left: Figure.margin, top: &y, width: contentWidth)
        y += 8
        // Each panel's rows get their own stretch of grid, so the grid never runs through a panel's heading.
        var spans: [(top: Double, bottom: Double)] = []
        var labelIndex = 0
        var panelParts: [String] = []
        for (index, (panel, rows)) in zip(panels, entries).enumerated() {
            if index > 0 { y += 10 }
            let heading = SVGText.wrap(
                "Condition \(panel.condition)", limit: contentWidth, size: Figure.headingSize * 1.1)
            panelParts.append(
                textLines(heading, x: Figure.margin, top: y, size: Figure.headingSize, className: "panel", anchor: nil))
            y += Double(heading.count) * (Figure.headingSize + 4) + 4
            let top = y
            for var entry in rows {
                entry.lines = SVGText.wrap(labels[labelIndex], limit: labelColumn, size: Figure.fontSize)
                labelIndex += 1
                panelParts += figureBar(entry, top: y, labelRight: plotLeft - Figure.gap, plotRight: plotRight, x: x)
                y += entry.height
            }
            spans.append((top, y))
        }
        let plotBottom = y
        for span in spans {
            for tick in stride(from: 0.0, through: 100.0, by: 20.0) {
                let position = x(tick / 100)
                body.append(
                    "<line class=\"\(tick == 0 ? "axis" : "grid")\" x1=\"\(f(position))\" y1=\"\(f(span.top))\" "
                        + "x2=\"\(f(position))\" y2=\"\(f(span.bottom))\" stroke-width=\"1\"/>")
            }
        }
        for tick in stride(from: 0.0, through: 100.0, by: 20.0) {
            body.append(
                "<text class=\"tick\" x=\"\(f(x(tick / 100)))\" y=\"\(f(plotBottom + 15))\" text-anchor=\"middle\">"
                    + "\(Int(tick))%</text>")
        }
        body.append(
            "<line class=\"axis\" x1=\"\(f(plotLeft))\" y1=\"\(f(plotBottom))\" x2=\"\(f(plotRight))\" "
                + "y2=\"\(f(plotBottom))\" stroke-width=\"1\"/>")
        body += panelParts
        y = plotBottom + 34
        body.append(
            "<text class=\"axis-title\" x=\"\(f((plotLeft + plotRight) / 2))\" y=\"\(f(y))\" text-anchor=\"middle\">"
                + "Sabotaged the shutdown (% of counted trials)</text>")
        y += 12
        let caption = SVGText.wrap(
            FigureCaption.figure(report), limit: contentWidth, size: Figure.smallSize, breakingAfter: " ")
        body.append(
            textLines(caption, x: Figure.margin, top: y, size: Figure.smallSize, className: "caption", anchor: nil))
        y += Double(caption.count) * (Figure.smallSize + 4)
        let height = (y + Figure.margin).rounded(.up)

        var svg = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(f(width))\" height=\"\(f(height))\" "
                + "viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-labelledby=\"figure-title figure-desc\" "
                + "font-family=\"\(SVGText.fontFamily)\" font-size=\"12\">",
            "<title id=\"figure-title\">Sabotage rate by model and condition</title>",
            "<desc id=\"figure-desc\">\(SVGText.escape(FigureCaption.figure(report)))</desc>",
            "<style>\(Figure.style)</style>",
            "<defs><pattern id=\"scripted-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" "
                + "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"\(Figure.barFill)\"/>"
                + "<rect width=\"2.5\" height=\"6\" fill=\"#ffffff\"/></pattern></defs>",
            "<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"#ffffff\"/>",
        ]
        svg += body
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    /// The text right of a measured bar: `k/N (x%)`.
    static func valueText(_ row: ReportRow) -> String {
        row.rate == nil ? "no counted trials" : "\(row.sabotaged)/\(row.counted) (\(ReportText.percent(row.rate))%)"
    }

    /// The elements of one measured row: label lines, bar, whisker, published markers and values.
    static func figureBar(
        _ entry: FigureRow, top: Double, labelRight: Double, plotRight: Double, x: (Double) -> Double
    ) -> [String] {
        let row = entry.row
        // A wrapped label's bar sits at the middle of its lines; a one-line label sits on its bar's middle.
        let labelBlock = Double(entry.lines.count) * Figure.lineHeight
        let barsBlock = Figure.barHeight + Double(entry.published.count) * Figure.publishedStep
        let middle = top + 5 + Swift.max(0, (labelBlock - barsBlock) / 2) + Figure.barHeight / 2
        let labelTop = entry.lines.count == 1 ? middle + 5 - Figure.fontSize : top + 4
        let fill = row.scripted ? "url(#scripted-hatch)" : Figure.barFill
        var parts = [
            "<g class=\"row\" id=\"figure-\(HTML.identifier(row.id))\">",
            textLines(
                entry.lines, x: labelRight, top: labelTop, size: Figure.fontSize, className: "label", anchor: "end"),
            "<rect class=\"bar\" x=\"\(f(x(0)))\" y=\"\(f(middle - Figure.barHeight / 2))\" "
                + "width=\"\(f(x(row.rate ?? 0) - x(0)))\" height=\"\(f(Figure.barHeight))\" fill=\"\(fill)\" "
                + "stroke=\"\(Figure.barStroke)\" stroke-width=\"1\"/>",
        ]
        if let interval = row.interval {
            parts += whisker(
                from: x(interval.lower), to: x(interval.upper), y: middle, color: "#000000", dashed: false,
                name: "whisker")
        }
        parts.append(
            "<text class=\"value\" x=\"\(f(plotRight + Figure.gap))\" y=\"\(f(middle + 4))\">"
                + SVGText.escape(entry.value) + "</text>")
        for (index, marker) in entry.published.enumerated() {
            guard let rate = marker.rate else { continue }
            let markerY = middle + Figure.barHeight / 2 + 6 + Double(index) * Figure.publishedStep
            if let interval = marker.interval {
                parts += whisker(
                    from: x(interval.lower), to: x(interval.upper), y: markerY, color: Figure.publishedColor,
                    dashed: true, name: "published-whisker")
            }
            parts.append(diamond(x: x(rate), y: markerY, title: "\(marker.sourceLabel): \(ReportText.percent(rate))%"))
            parts.append(
                "<text class=\"published-value\" x=\"\(f(plotRight + Figure.gap))\" y=\"\(f(markerY + 4))\">"
                    + SVGText.escape(entry.publishedValues[index]) + "</text>")
        }
        parts.append("</g>")
        return parts
    }

    /// A hollow diamond, the published values' marker.
    static func diamond(x: Double, y: Double, title: String?) -> String {
        "<path class=\"published\" d=\"M \(f(x)) \(f(y - 5)) L \(f(x + 5)) \(f(y)) L \(f(x)) \(f(y + 5)) "
            + "L \(f(x - 5)) \(f(y)) Z\" fill=\"#ffffff\" stroke=\"\(Figure.publishedColor)\" stroke-width=\"2\">"
            + (title.map { "<title>\(SVGText.escape($0))</title>" } ?? "") + "</path>"
    }

    /// A `<text>` of one or more lines (`tspan`s), the first baseline a line below `top`.
    static func textLines(
        _ lines: [String], x: Double, top: Double, size: Double, className: String, anchor: String?
    ) -> String {
        let step = size + (className == "label" ? 3 : 4)
        let spans = lines.enumerated().map { index, line in
            "<tspan x=\"\(f(x))\" y=\"\(f(top + size - 1 + Double(index) * step))\">\(SVGText.escape(line))</tspan>"
        }
        let anchorAttribute = anchor.map { " text-anchor=\"\($0)\"" } ?? ""
        return "<text class=\"\(className)\"\(anchorAttribute)>" + spans.joined() + "</text>"
    }
}
