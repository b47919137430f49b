public import Foundation

/// A program run to its end without blocking a thread of Swift's cooperative pool.
///
/// Tests run in parallel on a pool with one thread per core (two on CI). A test that waits for a child with
/// `waitUntilExit` or reads its pipes to the end holds one of those threads for the child's whole life, and two such
/// tests stall every other test: timing bounds elsewhere then fail for reasons of their own. Here the output goes to
/// files and the exit arrives through the termination handler, so the awaiting task gives its thread back.
///
/// Files, not pipes: a child that fills one pipe (64 KiB) while the parent reads the other to its end waits forever,
/// and so does the parent. A file takes whatever the child writes, in either order; a result holds at most `limit`
/// bytes of each stream, so a runaway child cannot take the test's memory with it.
public enum ChildProcess {
    /// How much of each stream a result holds unless told otherwise: far more than any test here prints.
    public static let defaultLimit = 64 << 20

    public struct Result: Sendable {
        public var status: Int32
        /// The first `limit` bytes the child wrote to stdout.
        public var stdout: Data
        /// The first `limit` bytes the child wrote to stderr.
        public var stderr: Data

        public var standardOutput: String { String(decoding: stdout, as: UTF8.self) }
        public var standardError: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Runs `executable` with `arguments` and waits for it to end.
    /// - Parameters:
    ///   - environment: The child's whole environment; nil inherits the test process's.
    ///   - directory: The working directory; nil keeps the test process's.
    ///   - limit: The most bytes of each stream the result holds (the first ones).
    /// - Throws: When the program cannot be started.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        limit: Int = defaultLimit
    ) async throws -> Result {
        let child = try start(executable, arguments, environment: environment, directory: directory, limit: limit)
        return await child.result()
    }

    /// Starts `executable` with `arguments` and returns at once; its output goes to files read with ``Running``.
    /// - Parameters:
    ///   - environment: The child's whole environment; nil inherits the test process's.
    ///   - directory: The working directory; nil keeps the test process's.
    ///   - limit: The most bytes of each stream ``Running/output()`` and ``Running/result()`` read (the first ones).
    /// - Throws: When the scratch files cannot be made or the program cannot be started.
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        limit: Int = defaultLimit
    ) throws -> Running {
        precondition(limit > 0, "a child's output limit must be positive")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        return try Running(process, limit: limit)
    }
}
