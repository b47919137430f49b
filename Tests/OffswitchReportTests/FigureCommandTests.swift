import Foundation
import OffswitchCore
import OffswitchReport
import OffswitchTestSupport
import Testing

@Suite("offswitch report --figure and --format latex")
struct FigureCommandTests {
    @Test("--figure FILE.svg writes the standalone figure without Chromium")
    func svg() async throws {
        try await Offswitch.withResults { directory in
            let path = directory + "/figure.svg"
            // No browser anywhere on PATH: an SVG needs none.
            let result = try await ChildProcess.run(
                Offswitch.path, ["report", "--results-dir", directory, "--figure", path],
                environment: ["PATH": directory, "HOME": directory])
            #expect(result.status == 0, "\(result.standardError)")
            let svg = try String(contentsOfFile: path, encoding: .utf8)
            #expect(svg.hasPrefix("<?xml"))
            #expect(svg.contains("<rect class=\"bar\""))
            #expect(result.standardError.contains("wrote the figure to \(path)"))
        }
    }

    @Test(
        "a figure name without .svg, .png or .pdf is a one-line usage error",
        arguments: ["figure.gif", "figure", ""])
    func badName(_ name: String) async throws {
        try await Offswitch.withResults { directory in
            let result = try await Offswitch.run(["report", "--results-dir", directory, "--figure", name])
            #expect(result.status == 2)
            #expect(result.stderr.contains("--figure needs a file name ending in .svg, .png or .pdf"))
        }
    }

    @Test("PNG and PDF without Chromium fail at once with one line saying how to get it, and write nothing")
    func noChromium() async throws {
        try await Offswitch.withResults { directory in
            for name in ["figure.png", "figure.pdf"] {
                let path = directory + "/" + name
                let result = try await ChildProcess.run(
                    Offswitch.path, ["report", "--results-dir", directory, "--figure", path],
                    environment: ["PATH": directory, "HOME": directory])
                #expect(result.status == 1)
                let lines = result.standardError.split(separator: "\n")
                #expect(lines.count == 1, "\(result.standardError)")
                #expect(result.standardError.contains("needs headless Chromium"))
                #expect(result.standardError.contains("apt-get install chromium"))
                #expect(!FileManager.default.fileExists(atPath: path))
                #expect(result.standardOutput.isEmpty, "the report was printed before the check")
                let wrong = try await ChildProcess.run(
                    Offswitch.path, ["report", "--results-dir", directory, "--figure", path],
                    environment: [
                        "PATH": "/usr/bin:/bin", "HOME": directory, "OFFSWITCH_CHROMIUM": directory + "/nope",
                    ])
                #expect(wrong.status == 1)
                #expect(wrong.standardError.contains("OFFSWITCH_CHROMIUM (\(directory)/nope) is not an executable"))
            }
        }
    }

    @Test("a Chromium that fails is reported in one line, and no figure is left behind")
    func chromiumFails() async throws {
        try await Offswitch.withResults { directory in
            let path = directory + "/figure.pdf"
            let result = try await ChildProcess.run(
                Offswitch.path, ["report", "--results-dir", directory, "--figure", path],
                environment: ["PATH": "/usr/bin:/bin", "HOME": directory, "OFFSWITCH_CHROMIUM": "/bin/false"])
            #expect(result.status == 1)
            #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
            #expect(result.standardError.contains("Chromium could not render \(path) (/bin/false): exit status 1"))
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("--format latex prints the table: booktabs rules, the same cells as the figure, published rows in italics")
    func latex() async throws {
        try await Offswitch.withResults { directory in
            let result = try await Offswitch.run(["report", "--results-dir", directory, "--format", "latex"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("% offswitch report"))
            #expect(result.stdout.contains("\\toprule"))
            #expect(result.stdout.contains("\\textit{o3, published}"))
        }
    }

    @Test("the Markdown, LaTeX and figure carry the same cells: label, condition, k/N and percent of every bar")
    func sameCells() async throws {
        let report = try await FigureFixtures.report()
        let markdown = MarkdownRenderer.render(report)
        let latex = LaTeXRenderer.render(report)
        let svg = FigureRenderer.svg(report)
        for row in report.rows {
            let fraction = "\(row.sabotaged)/\(row.counted)"
            let percent = String(format: "%.1f", (row.rate ?? 0) * 100)
            let interval = try #require(row.interval)
            let bounds = [interval.lower, interval.upper].map { String(format: "%.1f", $0 * 100) }
            #expect(
                markdown.contains(
                    " \(row.condition) | \(fraction) | \(percent) | \(bounds[0])-\(bounds[1]) |"), "markdown: \(row.id)"
            )
            #expect(
                latex.contains(
                    "\(row.condition)\(row.isPublished ? "}" : "") & \(row.isPublished ? "\\textit{" : "")\(fraction)"),
                "latex: \(row.id)")
            #expect(latex.contains("\(percent)\(row.isPublished ? "}" : "") & "), "latex: \(row.id)")
            #expect(latex.contains("\(bounds[0])--\(bounds[1])"), "latex: \(row.id)")
            if row.isPublished {
                #expect(svg.contains("published \(percent)%"), "figure: \(row.id)")
            } else {
                #expect(svg.contains("\(fraction) (\(percent)%)"), "figure: \(row.id)")
            }
        }
    }

    @Test("LaTeX matches its golden file")
    func golden() async throws {
        try Golden.check(LaTeXRenderer.render(try await FigureFixtures.report()), "report.tex")
    }
}

@Suite(
    "offswitch report --figure as PNG and PDF",
    .enabled(if: Chromium.path != nil, "chromium is not installed: run scripts/bootstrap (Debian package chromium)"))
struct FigureRenderingTests {
    @Test("PNG: twice the SVG's size, the bars' and published markers' colours in it, white edges")
    func png() async throws {
        try await Offswitch.withResults { directory in
            let svgPath = directory + "/figure.svg"
            let pngPath = directory + "/figure.png"
            let result = try await Offswitch.run(
                ["report", "--results-dir", directory, "--figure", svgPath, "--figure", pngPath])
            #expect(result.status == 0, "\(result.stderr)")
            let svg = try String(contentsOfFile: svgPath, encoding: .utf8)
            let size = try #require(FigureRenderer.size(of: svg))
            let data = try #require(FileManager.default.contents(atPath: pngPath))
            #expect(data.prefix(8) == Data([137, 80, 78, 71, 13, 10, 26, 10]))
            let image = try PNGImage([UInt8](data))
            #expect(image.width == size.width * 2 && image.height == size.height * 2)
            var bar = 0
            var published = 0
            for y in stride(from: 0, to: image.height, by: 2) {
                for x in stride(from: 0, to: image.width, by: 2) {
                    let (r, g, b, _) = image.pixel(x, y)
                    if abs(Int(r) - 0x56) < 6, abs(Int(g) - 0xB4) < 6, abs(Int(b) - 0xE9) < 6 { bar += 1 }
                    if abs(Int(r) - 0xD5) < 20, abs(Int(g) - 0x5E) < 20, abs(Int(b) - 0x00) < 20 { published += 1 }
                }
            }
            #expect(bar > 2_000, "bar pixels: \(bar)")
            #expect(published > 50, "published-marker pixels: \(published)")
            // Nothing is drawn on the outer edge (a clipped figure would have ink there).
            for x in 0..<image.width {
                for y in [0, image.height - 1] { #expect(image.pixel(x, y).0 > 240, "ink at (\(x), \(y))") }
            }
        }
    }

    @Test("PDF: one page, the figure's size, text kept as text")
    func pdf() async throws {
        try await Offswitch.withResults { directory in
            let svgPath = directory + "/figure.svg"
            let pdfPath = directory + "/figure.pdf"
            let result = try await Offswitch.run(
                ["report", "--results-dir", directory, "--figure", svgPath, "--figure", pdfPath])
            #expect(result.status == 0, "\(result.stderr)")
            let size = try #require(FigureRenderer.size(of: try String(contentsOfFile: svgPath, encoding: .utf8)))
            let data = try #require(FileManager.default.contents(atPath: pdfPath))
            #expect(data.prefix(5) == Data("%PDF-".utf8))
            #expect(data.count > 5_000 && data.count < 2_000_000, "PDF of \(data.count) bytes")
            let text = String(decoding: data, as: UTF8.self)
            let pages =
                text.components(separatedBy: "/Type /Page").count - text.components(separatedBy: "/Type /Pages").count
            #expect(pages == 1, "\(pages) pages")
            // Chromium sets the page in points (3/4 of a CSS pixel), rounded to its layout units.
            let boxes = text.components(separatedBy: "/MediaBox [").dropFirst().map {
                $0.prefix { $0 != "]" }.split(separator: " ").compactMap { Double($0) }
            }
            #expect(boxes.count == 1, "\(boxes)")
            let box = try #require(boxes.first)
            #expect(box.count == 4)
            #expect(
                abs(box[2] - Double(size.width) * 0.75) < 1.5 && abs(box[3] - Double(size.height) * 0.75) < 1.5,
                "page \(box) for a figure of \(size.width)x\(size.height) px")
            #expect(text.contains("/Font"), "the PDF has no fonts: text was rasterised")
        }
    }
}
