import Foundation
import Testing

/// Golden files: a rendered report is compared with `Golden/<name>` byte for byte.
///
/// To regenerate them after an intended change, run the tests with `OFFSWITCH_UPDATE_GOLDEN=1` in the
/// environment (read here, never set by a test), review the diff, and commit it.
enum Golden {
    /// The folder of the golden files, next to this source file.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// Whether the goldens are being regenerated.
    static var updating: Bool { ProcessInfo.processInfo.environment["OFFSWITCH_UPDATE_GOLDEN"] == "1" }

    /// Checks `actual` against the golden file `name`, or rewrites the file when regenerating.
    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if updating {
            try Data(actual.utf8).write(to: url)
            return
        }
        guard FileManager.default.fileExists(atPath: url.path) else {
            Issue.record(
                "no golden file \(name): run the tests with OFFSWITCH_UPDATE_GOLDEN=1 to create it",
                sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        if actual != expected {
            let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first =
                zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(actualLines.count, expectedLines.count)
            Issue.record(
                """
                \(name) differs from its golden file at line \(first + 1):
                  expected: \(first < expectedLines.count ? String(expectedLines[first]) : "<end>")
                  actual:   \(first < actualLines.count ? String(actualLines[first]) : "<end>")
                (regenerate with OFFSWITCH_UPDATE_GOLDEN=1 if the change is intended)
                """, sourceLocation: sourceLocation)
        }
    }
}
