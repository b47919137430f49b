import Foundation
import OffswitchCore
import Testing

@testable import OffswitchReport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reports for the figure tests: the fixture runs, and hand-made rows with long model names.
enum FigureFixtures {
    /// The fixture runs (both), with their published rows unless `published` is false.
    static func report(_ method: ProportionInterval.Method = .jeffreys, published: Bool = true) async throws -> Report {
        try await Report.build(
            store: try await ReportFixtures.store(),
            runs: [ReportFixtures.first.runID.rawValue, ReportFixtures.second.runID.rawValue],
            configuration: .init(intervalMethod: method, includePublished: published))
    }

    /// Model names as long as real ones get, one with settings and one scripted, across two conditions, with a
    /// published value at 1.7% (next to the axis).
    static let longNames: Report = {
        let run = RunID("run-0123456789abcdef")
        func row(
            _ id: Int, _ model: String, _ condition: String, _ k: Int, _ n: Int, settings: [String] = [],
            scripted: Bool = false
        ) -> ReportRow {
            ReportRow(
                id: "row-\(id)", model: model, condition: condition, generation: .two, origin: .measured(runs: [run]),
                modelSettings: settings, sabotaged: k, counted: n, interval: .jeffreys(k, of: n), attempted: k,
                scripted: scripted)
        }
        let published = ReportRow(
            id: "row-9", model: "o3", condition: "B", generation: .two, origin: .published(.paperTable),
            sabotaged: 17, counted: 1000,
            interval: ProportionInterval(
                lower: 0.010, upper: 0.026, method: .jeffreys,
                level: 0.95))
        return Report(
            configuration: .init(),
            runs: [
                .init(
                    id: run, models: [], conditions: ["A", "B"], epochs: 100,
                    trialCount: 500, offswitchVersion: "0.1.0")
            ],
            rows: [
                row(1, "openai-compatible/meta-llama/Llama-3.1-405B-Instruct-Turbo", "A", 37, 100),
                row(2, "anthropic/claude-3-7-sonnet-20250219", "A", 0, 100, settings: ["thinking_budget=16000"]),
                row(3, "reference/overwrite", "A", 100, 100, scripted: true),
                row(4, "openrouter/WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "B", 50, 100),
                row(5, "openai/o3", "B", 2, 98), published,
            ],
            comparisons: [], examples: [])
    }()
}

@Suite("The standalone figure")
struct FigureTests {
    /// The elements of an XML document, parsed by Foundation's XMLParser: names with attributes, and the text.
    final class Elements: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var text = ""

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            elements.append((name, attributes))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        static func parse(_ xml: String) throws -> Elements {
            let parser = XMLParser(data: Data(xml.utf8))
            let elements = Elements()
            parser.delegate = elements
            guard parser.parse() else {
                throw CocoaError(
                    .fileReadCorruptFile,
                    userInfo: [NSLocalizedDescriptionKey: "not XML: \(String(describing: parser.parserError))"])
            }
            return elements
        }

        func count(_ name: String, class className: String) -> Int {
            elements.filter { $0.name == name && $0.attributes["class"] == className }.count
        }
    }

    @Test("is well-formed XML: an svg root in the SVG namespace with a size and a viewBox")
    func parses() async throws {
        let svg = FigureRenderer.svg(try await FigureFixtures.report())
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
        let parsed = try Elements.parse(svg)
        let root = try #require(parsed.elements.first)
        #expect(root.name == "svg")
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        let size = try #require(FigureRenderer.size(of: svg))
        #expect(root.attributes["viewBox"] == "0 0 \(size.width) \(size.height)")
        #expect(size.width >= 600 && size.width < 1400 && size.height > 200)
    }

    @Test(
        "carries its own styles and references nothing outside itself",
        arguments: [FigureFixtures.longNames])
    func selfContained(_ report: Report) throws {
        let svg = FigureRenderer.svg(report)
        let parsed = try Elements.parse(svg)
        #expect(parsed.elements.contains { $0.name == "style" })
        for element in parsed.elements {
            #expect(!["image", "script", "foreignObject", "link", "use", "a", "iframe"].contains(element.name))
            for (name, value) in element.attributes {
                #expect(!name.hasSuffix("href"), "\(element.name) has \(name)=\(value)")
                if value.contains("url(") { #expect(value.hasPrefix("url(#"), "\(element.name) \(name)=\(value)") }
            }
        }
        // The only URI in it is the SVG namespace's name.
        #expect(svg.components(separatedBy: "http").count - 1 == 1)
        for forbidden in ["@import", "@font-face", "url(http", "url(data", "url(file", "src="] {
            #expect(!svg.contains(forbidden))
        }
    }

    @Test("draws a bar and a whisker per measured row, a diamond and a dashed whisker per published value")
    func marks() async throws {
        let report = try await FigureFixtures.report()
        let parsed = try Elements.parse(FigureRenderer.svg(report))
        #expect(parsed.count("rect", class: "bar") == report.measuredRows.count)
        #expect(parsed.count("line", class: "whisker") == report.measuredRows.count)
        // A published value is marked beside each measured row of its cell (openai/o3 B is split in two).
        let published = SVGChart.panels(report).flatMap(\.rows).reduce(0) { $0 + $1.1.count }
        #expect(published == 3 && report.rows.filter(\.isPublished).count == 2)
        #expect(parsed.count("path", class: "published") == published + 1)  // and the legend's
        #expect(parsed.count("line", class: "published-whisker") == published)
        // Told apart without colour: published whiskers are dashed, measured ones solid.
        let lines = parsed.elements.filter { $0.name == "line" }
        #expect(
            lines.filter { $0.attributes["class"] == "published-whisker" }.allSatisfy {
                $0.attributes["stroke-dasharray"] != nil
            })
        #expect(
            lines.filter { $0.attributes["class"] == "whisker" }.allSatisfy { $0.attributes["stroke-dasharray"] == nil }
        )
        #expect(parsed.text.contains("published (Palisade 2025), 95% interval"))
        #expect(parsed.text.contains("published 94.5%"))
        #expect(parsed.text.contains("Sabotaged the shutdown (% of counted trials)"))
    }

    @Test("the legend shows only what is drawn")
    func legend() async throws {
        let parsed = try Elements.parse(FigureRenderer.svg(try await FigureFixtures.report(published: false)))
        #expect(parsed.count("path", class: "published") == 0)
        #expect(!parsed.text.contains("published (Palisade 2025)"))
        #expect(!parsed.text.contains("Hollow diamonds"))
        #expect(parsed.text.contains("scripted reference agent"))  // reference/comply played
        let scripted = try Elements.parse(FigureRenderer.svg(FigureFixtures.longNames))
        #expect(scripted.elements.filter { $0.attributes["fill"] == "url(#scripted-hatch)" }.count == 2)
    }

    @Test(
        "the caption names the interval method and N",
        arguments: [
            (ProportionInterval.Method.jeffreys, "95% Jeffreys intervals"),
            (.jeffreysEqualTailed, "95% equal-tailed Jeffreys intervals"), (.wilson, "95% Wilson score"),
        ])
    func caption(_ method: ProportionInterval.Method, _ words: String) async throws {
        let report = try await FigureFixtures.report(method)
        let parsed = try Elements.parse(FigureRenderer.svg(report))
        let counted = report.measuredRows.map(\.counted)
        let caption = parsed.text.replacingOccurrences(of: "\n", with: "")
        #expect(caption.contains(words))
        #expect(caption.contains("N = \(counted.min()!) to \(counted.max()!) per cell"))
        #expect(caption.contains("\(counted.reduce(0, +)) counted trials in all"))
        #expect(caption.contains(ReportFixtures.first.runID.rawValue))
        #expect(FigureCaption.sampleSize(FigureFixtures.longNames).hasPrefix("N = 98 to 100 per cell"))
    }

    @Test("long model names wrap inside the label column instead of being cut")
    func longNames() throws {
        let svg = FigureRenderer.svg(FigureFixtures.longNames)
        let parsed = try Elements.parse(svg)
        let labels = parsed.elements.filter { $0.name == "text" && $0.attributes["class"] == "label" }
        #expect(labels.count == 5)
        // Every name is there whole, in the text of its label's lines.
        for model in FigureFixtures.longNames.measuredRows.map(\.model) {
            #expect(parsed.text.contains(model), "\(model) is not in the figure")
        }
        let first = try #require(parsed.elements.first { $0.attributes["class"] == "axis" })
        let axis = try #require(Double(first.attributes["x1"] ?? ""))
        #expect(axis <= 16 + SVGChart.Figure.labelLimit + SVGChart.Figure.gap)
    }

    @Test(
        "wrapping keeps every character and each line within the limit",
        arguments: [
            "openai-compatible/meta-llama/Llama-3.1-405B-Instruct-Turbo", "short", "",
            "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "anthropic/claude-opus-4 (thinking budget 16000)",
        ])
    func wrap(_ text: String) {
        let lines = SVGText.wrap(text, limit: 150, size: 12)
        #expect(lines.allSatisfy { SVGText.width($0, size: 12) <= 150 })
        #expect(lines.joined().replacingOccurrences(of: " ", with: "") == text.replacingOccurrences(of: " ", with: ""))
        if SVGText.width(text, size: 12) <= 150 { #expect(lines == [text]) }
    }

    @Test("text that XML forbids is replaced, markup is escaped")
    func escaping() throws {
        #expect(SVGText.escape("a<b>&\"'\u{1}") == "a&lt;b&gt;&amp;&quot;&#39;\u{FFFD}")
        var report = FigureFixtures.longNames
        report.rows[0].model = "evil/<script>&\u{1}\u{7}"
        _ = try Elements.parse(FigureRenderer.svg(report))
    }
}
