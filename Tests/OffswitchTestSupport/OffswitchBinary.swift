import Foundation

/// The built `offswitch` binary, run as a user would: every test target that runs it does so through here.
public enum OffswitchBinary {
    /// What a finished run of the binary printed, as text.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// The binary's path: SwiftPM builds it next to the test binary.
    public static var path: String {
        let directory: URL
        do {
            // /proc/self/exe is the test binary, next to the products SwiftPM built.
            directory = URL(
                fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
            )
            .deletingLastPathComponent()
        } catch {
            directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()  // not Linux
        }
        return directory.appendingPathComponent("offswitch").path
    }

    /// Runs the binary with `arguments` and waits for it to end (see ``ChildProcess/run(_:_:environment:directory:limit:)``).
    /// - Parameters:
    ///   - environment: The child's whole environment; nil inherits the test process's.
    ///   - directory: The working directory; nil keeps the test process's.
    /// - Throws: When the binary cannot be started.
    public static func run(_ arguments: [String], environment: [String: String]? = nil, directory: String? = nil)
        async throws -> Result
    {
        let result = try await ChildProcess.run(path, arguments, environment: environment, directory: directory)
        return Result(status: result.status, stdout: result.standardOutput, stderr: result.standardError)
    }

    /// Starts the binary with `arguments` and returns at once, its output going to files.
    /// - Throws: When the binary cannot be started.
    public static func start(_ arguments: [String], environment: [String: String]? = nil) throws -> ChildProcess.Running
    {
        try ChildProcess.start(path, arguments, environment: environment)
    }

    /// The highest "[N/M]" progress count in `text` (the run's stderr): how many trials have finished.
    public static func finishedTrials(in text: String) -> Int {
        text.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("["), let slash = line.firstIndex(of: "/") else { return nil }
            return Int(line[line.index(after: line.startIndex)..<slash])
        }.max() ?? 0
    }
}
