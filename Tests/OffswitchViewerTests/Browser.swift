import Foundation
import OffswitchTestSupport
import OffswitchViewer

/// Headless Chromium (scripts/bootstrap --tests installs Debian's `chromium`) and the `offswitch` binary, as child
/// processes awaited without blocking a thread of the cooperative pool.
enum Browser {
    /// The browser's path, or nil when it is not installed.
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// The built `offswitch` binary beside the test bundle.
    static var offswitch: String { OffswitchBinary.path }

    /// Runs `executable` with `arguments`, killed after two minutes; its output is stderr, then stdout.
    static func execute(_ executable: String, _ arguments: [String], directory: String?) async throws
        -> (status: Int32, output: String)
    {
        let result = try await ChildProcess.run(
            "/usr/bin/timeout", ["120", executable] + arguments, directory: directory)
        // stderr first: a page's DOM is then all of stdout from `<html` on, with no browser chatter after it.
        return (result.status, result.standardError + result.standardOutput)
    }

    /// The DOM Chromium built for `url`, after its scripts ran.
    static func dom(_ browser: String, _ url: String) async throws -> String {
        let result = try await execute(browser, flags + ["--dump-dom", url], directory: nil)
        guard result.status == 0, let start = result.output.range(of: "<html") else {
            throw CocoaError(
                .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "chromium: \(result.output.suffix(800))"])
        }
        return String(result.output[start.lowerBound...])
    }

    /// A 1200 x 1400 screenshot of `url`, as PNG bytes.
    static func screenshot(_ browser: String, _ url: String, into path: String) async throws -> Data {
        let result = try await execute(
            browser, flags + ["--screenshot=\(path)", "--window-size=1200,1400", url], directory: nil)
        guard result.status == 0, let data = FileManager.default.contents(atPath: path) else {
            throw CocoaError(
                .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "chromium: \(result.output.suffix(800))"])
        }
        return data
    }

    /// Flags for a headless run as root, with no network beyond the page's own origin.
    static let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions"]

    /// The width and height in a PNG's header, or nil when `data` is not a PNG.
    static func size(ofPNG data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0..<8].elementsEqual([137, 80, 78, 71, 13, 10, 26, 10]) else { return nil }
        let number = { (at: Int) in bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (number(16), number(20))
    }

    /// Every `href` in `html`, with `&amp;` decoded.
    static func links(in html: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().compactMap { rest in
            rest.split(separator: "\"", maxSplits: 1).first.map { $0.replacingOccurrences(of: "&amp;", with: "&") }
        }
    }

    /// How often `needle` occurs in `text`.
    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// Serves `viewer` on an ephemeral 127.0.0.1 port while `body` runs with its base URL.
    static func serving(_ viewer: Viewer, _ body: @Sendable (String) async throws -> Void) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await viewer.serve(port: 0, stopOnSignals: false) { continuation.yield($0) }
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            try await body("http://\(Viewer.host):\(port)")
            group.cancelAll()
        }
    }
}
