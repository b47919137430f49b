import Foundation

/// Renders a report's sabotage rates as a standalone SVG figure for a paper (see ``SVGChart``): one panel per
/// condition, a bar per measured cell with its 95% interval, Palisade's published values as hollow diamonds, an
/// axis title and a caption naming the interval method and N. Its styles are inside it; it loads nothing.
///
/// PNG and PDF are rendered from this SVG by the command line (with headless Chromium).
public enum FigureRenderer {
    /// The figure as an SVG document, ending with a newline.
    ///
    /// - Parameter report: The report.
    /// - Returns: The SVG text, with its XML declaration.
    public static func svg(_ report: Report) -> String { SVGChart.figure(report) }

    /// The figure's size in CSS pixels, as its root element declares it.
    ///
    /// - Parameter svg: A figure from ``svg(_:)``.
    /// - Returns: Width and height, or nil when `svg` does not declare them.
    public static func size(of svg: String) -> (width: Int, height: Int)? {
        func number(_ name: String) -> Int? {
            guard let start = svg.range(of: " \(name)=\"") else { return nil }
            return Int(svg[start.upperBound...].prefix { $0 != "\"" })
        }
        guard let width = number("width"), let height = number("height") else { return nil }
        return (width, height)
    }
}
