public import Foundation

/// A program run to its end without blocking a thread of Swift's cooperative pool.
///
/// Tests run in parallel on a pool with one thread per core (two on CI). A test that waits for a child with
/// `waitUntilExit` or reads its pipes to the end holds one of those threads for the child's whole life, and two such
/// tests stall every other test: timing bounds elsewhere then fail for reasons of their own. Here the output goes to
/// files and the exit arrives through the termination handler, so the awaiting task gives its thread back.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data

        public var standardOutput: String { String(decoding: stdout, as: UTF8.self) }
        public var standardError: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Runs `executable` with `arguments` and waits for it to end.
    /// - Parameters:
    ///   - environment: The child's whole environment; nil inherits the test process's.
    ///   - directory: The working directory; nil keeps the test process's.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil
    ) async throws -> Result {
        let scratch = NSTemporaryDirectory() + "offswitch-child-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outPath = scratch + "/stdout"
        let errPath = scratch + "/stderr"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardOutput = out
        process.standardError = err
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                continuation.resume(throwing: error)
            }
        }
        return Result(
            status: status, stdout: FileManager.default.contents(atPath: outPath) ?? Data(),
            stderr: FileManager.default.contents(atPath: errPath) ?? Data())
    }
}
