import Foundation
import OffswitchReport
import OffswitchTestSupport
import Testing

/// Headless Chromium, when installed (scripts/bootstrap --tests installs Debian's `chromium`).
enum Chromium {
    /// The browser's path, or nil when it is not installed.
    static let path: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser"] {
            for directory in directories + ["/usr/bin"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    /// Runs the browser headless on `page` with `arguments`, killed after two minutes; returns its output.
    static func run(_ arguments: [String], page: String) async throws -> (status: Int32, stdout: String, stderr: String)
    {
        let result = try await ChildProcess.run(
            "/usr/bin/timeout",
            ["120", path!, "--headless", "--no-sandbox", "--disable-gpu"] + arguments
                + [URL(fileURLWithPath: page).absoluteString])
        return (result.status, result.standardOutput, result.standardError)
    }
}

@Suite(
    "The HTML report in a real browser",
    .enabled(
        if: Chromium.path != nil, "chromium is not installed: run scripts/bootstrap --tests (Debian package chromium)"))
struct BrowserTests {
    /// Writes the fixture report's HTML into a new directory and runs `body` with its path.
    static func withReport(_ body: (String) async throws -> Void) async throws {
        let directory = try TemporaryDirectory.make("offswitch-browser-")
        defer {
            do { try FileManager.default.removeItem(atPath: directory) } catch {
                Issue.record("could not remove \(directory): \(error)")
            }
        }
        let path = directory + "/report.html"
        try Data(try await HTMLReportTests.html().utf8).write(to: URL(fileURLWithPath: path))
        try await body(path)
    }

    @Test("a screenshot shows the chart: its bars and published markers are on screen")
    func screenshot() async throws {
        try await Self.withReport { page in
            let png = (page as NSString).deletingLastPathComponent + "/shot.png"
            let result = try await Chromium.run(["--screenshot=\(png)", "--window-size=1200,1600"], page: page)
            #expect(result.status == 0, "chromium failed: \(result.stderr.suffix(500))")
            let data = try #require(FileManager.default.contents(atPath: png), "no screenshot written")
            #expect(data.count > 20_000, "the screenshot is suspiciously small: \(data.count) bytes")
            let image = try PNGImage([UInt8](data))
            #expect(image.width == 1200 && image.height == 1600)
            // The chart is in the upper part of the page; count its bar colour (#3b6fb6) and the published
            // markers' colour (#c2185b) there. A blank or unstyled render has neither.
            var bar = 0
            var published = 0
            var nonWhite = 0
            for y in 150..<700 {
                for x in 0..<image.width {
                    let (r, g, b, _) = image.pixel(x, y)
                    if abs(Int(r) - 0x3b) < 8, abs(Int(g) - 0x6f) < 8, abs(Int(b) - 0xb6) < 8 { bar += 1 }
                    if abs(Int(r) - 0xc2) < 24, abs(Int(g) - 0x18) < 24, abs(Int(b) - 0x5b) < 24 { published += 1 }
                    if r < 250 || g < 250 || b < 250 { nonWhite += 1 }
                }
            }
            // The widest bar alone is 84.6% of 560 px by 16 px, about 7,500 pixels.
            #expect(bar > 7_000, "bar pixels: \(bar)")
            #expect(published > 40, "published-marker pixels: \(published)")
            #expect(nonWhite > 15_000, "non-background pixels in the chart area: \(nonWhite)")
        }
    }

    @Test("the DOM the browser built has the chart's SVG elements")
    func dom() async throws {
        try await Self.withReport { page in
            let result = try await Chromium.run(["--dump-dom"], page: page)
            #expect(result.status == 0, "chromium failed: \(result.stderr.suffix(500))")
            let dom = result.stdout
            #expect(dom.contains("<svg id=\"chart\""))
            #expect(HTMLReportTests.count("<rect class=\"bar\"", in: dom) == 5)
            #expect(HTMLReportTests.count("<circle class=\"published\"", in: dom) == 3)
            #expect(HTMLReportTests.count("<line class=\"whisker\"", in: dom) == 5)
            // The transcript's <script> stayed text: the browser built no script element from it.
            #expect(!dom.contains("<script"))
            #expect(dom.contains("&lt;script&gt;alert('pwned')&lt;/script&gt;"))
        }
    }
}
