import OffswitchCore

/// The standalone figure's legend: only what is drawn.
extension SVGChart {
    /// What a legend entry shows beside its text.
    enum LegendSwatch {
        case bar, scriptedBar, whisker, published
    }

    /// The legend entries of a report's figure: a published entry only when a published value is drawn, a
    /// scripted entry only when a scripted agent's bar is.
    static func legendItems(_ report: Report) -> [(LegendSwatch, String)] {
        var items: [(LegendSwatch, String)] = [(.bar, "measured: sabotaged k/N")]
        if report.measuredRows.contains(where: \.scripted) {
            items.append((.scriptedBar, "scripted reference agent (not a model)"))
        }
        items.append((.whisker, "95% \(FigureCaption.methodName(report)) interval"))
        if panels(report).contains(where: { $0.rows.contains { row in row.1.contains { $0.rate != nil } } }) {
            items.append((.published, "published (Palisade \(FigureCaption.publishedYears(report))), 95% interval"))
        }
        return items
    }

    /// The legend's elements, flowing left to right and onto a new line when `width` is full; advances `top`.
    static func legendElements(
        _ items: [(LegendSwatch, String)], left: Double, top: inout Double, width: Double
    ) -> [String] {
        var parts = ["<g class=\"legend\">"]
        var x = left
        for (swatch, text) in items {
            let itemWidth = 28 + SVGText.width(text, size: Figure.smallSize)
            if x > left, x + itemWidth > left + width {
                x = left
                top += 18
            }
            let middle = top + 7
            switch swatch {
            case .bar, .scriptedBar:
                let fill = swatch == .bar ? Figure.barFill : "url(#scripted-hatch)"
                parts.append(
                    "<rect class=\"legend-bar\" x=\"\(f(x))\" y=\"\(f(middle - 6))\" width=\"20\" height=\"12\" "
                        + "fill=\"\(fill)\" stroke=\"\(Figure.barStroke)\" stroke-width=\"1\"/>")
            case .whisker:
                parts += whisker(
                    from: x, to: x + 20, y: middle, color: "#000000", dashed: false, name: "legend-whisker")
            case .published:
                parts += whisker(
                    from: x, to: x + 20, y: middle, color: Figure.publishedColor, dashed: true, name: "legend-whisker")
                parts.append(diamond(x: x + 10, y: middle, title: nil))
            }
            parts.append(
                "<text class=\"legend\" x=\"\(f(x + 26))\" y=\"\(f(middle + 4))\">\(SVGText.escape(text))</text>")
            x += itemWidth + 18
        }
        top += 16
        parts.append("</g>")
        return parts
    }
}
