import Foundation
import OffswitchCore
import OffswitchReport
import Testing

@Suite(
    "The standalone figure in a real browser",
    .enabled(if: Chromium.path != nil, "chromium is not installed: run scripts/bootstrap (Debian package chromium)"))
struct FigureBrowserTests {
    /// One drawn element's box as the browser laid it out, in the figure's pixels.
    struct Box: Decodable, CustomStringConvertible {
        var tag: String
        var name: String
        var text: String
        var left: Double
        var top: Double
        var right: Double
        var bottom: Double

        var description: String { "\(tag).\(name) \"\(text)\" [\(left), \(top), \(right), \(bottom)]" }

        func overlaps(_ other: Box) -> Bool {
            left < other.right - 0.5 && other.left < right - 0.5 && top < other.bottom - 0.5
                && other.top < bottom - 0.5
        }
    }

    /// Chromium's layout of `svg`: the boxes of its texts, bars, lines and markers, measured by a script added to
    /// a copy of the figure and read back from the DOM Chromium dumps.
    static func boxes(_ svg: String) async throws -> [Box] {
        let directory = NSTemporaryDirectory() + "offswitch-figure-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer {
            do { try FileManager.default.removeItem(atPath: directory) } catch {
                Issue.record("could not remove \(directory): \(error)")
            }
        }
        let script = """
            <script>
            const boxes = [];
            for (const e of document.querySelectorAll('text, rect, line, path')) {
              if (e.closest('defs')) continue;
              const b = e.getBoundingClientRect();
              boxes.push({tag: e.tagName, name: e.getAttribute('class') || '', text: (e.textContent || '').trim(),
                left: b.left, top: b.top, right: b.right, bottom: b.bottom});
            }
            const out = document.createElementNS('http://www.w3.org/2000/svg', 'desc');
            out.setAttribute('id', 'boxes');
            out.textContent = btoa(unescape(encodeURIComponent(JSON.stringify(boxes))));
            document.documentElement.appendChild(out);
            </script>
            """
        let page = directory + "/figure.svg"
        try Data(svg.replacingOccurrences(of: "</svg>", with: script + "</svg>").utf8)
            .write(to: URL(fileURLWithPath: page))
        let result = try await Chromium.run(["--dump-dom"], page: page)
        #expect(result.status == 0, "chromium failed: \(result.stderr.suffix(500))")
        let encoded = try #require(
            result.stdout.components(separatedBy: "<desc id=\"boxes\">").last?.components(separatedBy: "</desc>")
                .first, "the script left no boxes")
        let json = try #require(Data(base64Encoded: encoded), "the boxes are not base64: \(encoded.prefix(200))")
        return try JSONDecoder().decode([Box].self, from: json)
    }

    @Test(
        "bars, whiskers and labels are drawn inside the figure, labels left of the plot, no two texts overlap",
        arguments: ["fixture runs", "long model names"])
    func layout(_ which: String) async throws {
        let report = which == "fixture runs" ? try await FigureFixtures.report() : FigureFixtures.longNames
        let svg = FigureRenderer.svg(report)
        let size = try #require(FigureRenderer.size(of: svg))
        let boxes = try await Self.boxes(svg)
        let measured = report.measuredRows.count
        #expect(boxes.filter { $0.name == "bar" }.count == measured)
        #expect(boxes.filter { $0.name == "whisker" }.count == measured)
        #expect(boxes.filter { $0.name == "label" }.count == measured)
        // A diamond per published whisker, and the legend's.
        let published = boxes.filter { $0.name == "published-whisker" }.count
        #expect(published >= report.rows.filter(\.isPublished).count)
        #expect(boxes.filter { $0.name == "published" }.count == published + 1)
        for box in boxes {
            #expect(
                box.left >= -0.5 && box.top >= -0.5 && box.right <= Double(size.width) + 0.5
                    && box.bottom <= Double(size.height) + 0.5,
                "outside the \(size.width)x\(size.height) figure: \(box)")
        }
        // The 0% line is the plot's left edge; labels end before it, values start after the 100% line.
        let axis = try #require(boxes.first { $0.name == "axis" && $0.tag == "line" })
        let plotRight = try #require(boxes.filter { $0.name == "grid" }.map(\.right).max())
        for label in boxes where label.name == "label" {
            #expect(label.right <= axis.left - 4, "label runs into the plot: \(label)")
            #expect(label.right - label.left > 20, "label drawn empty: \(label)")
        }
        for value in boxes where value.name == "value" || value.name == "published-value" {
            #expect(value.left >= plotRight + 4, "value runs into the plot: \(value)")
        }
        for bar in boxes where bar.name == "bar" {
            #expect(bar.left >= axis.left - 1 && bar.right <= plotRight + 1, "bar outside the plot: \(bar)")
        }
        let texts = boxes.filter { $0.tag == "text" }
        #expect(texts.contains { $0.name == "axis-title" })
        #expect(texts.contains { $0.name == "caption" && $0.text.contains("Jeffreys") })
        for (index, text) in texts.enumerated() {
            for other in texts[(index + 1)...] where text.overlaps(other) {
                Issue.record("texts overlap: \(text) and \(other)")
            }
        }
    }
}
