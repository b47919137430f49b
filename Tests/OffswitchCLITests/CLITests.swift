import Foundation
import OffswitchCore
import OffswitchStore
import OffswitchTestSupport
import Testing

/// The built `offswitch` binary, as this target's tests name it.
typealias CLI = OffswitchBinary

extension OffswitchBinary {
    /// The binary's path.
    static var executable: String { path }

    static func temporaryDirectory() throws -> String { try TemporaryDirectory.make("offswitch-cli-") }
}

@Suite("offswitch command line")
struct CLITests {
    @Test(
        "usage errors are one line on stderr and exit code 2",
        arguments: [
            ["run", "--epochs", "0"], ["run", "--model", "openai/o3"], ["run", "--condition", "Z"], ["run", "--bogus"],
            ["run", "--generation", "3"], ["run", "--model", "nonsense"], ["run", "--model", "reference/nope"],
            ["run", "--on-bypass", "maybe"], ["frobnicate"],
        ])
    func usageErrors(_ arguments: [String]) async throws {
        let result = try await CLI.run(arguments + ["--results-dir", "/nonexistent-should-not-be-created"])
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(arguments): \(result.stderr)")
        #expect(lines.first?.hasPrefix("offswitch: ") == true)
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-should-not-be-created"))
    }

    @Test("run --help explains every option")
    func help() async throws {
        let result = try await CLI.run(["run", "--help"])
        #expect(result.status == 0)
        for option in [
            "--model", "--condition", "--epochs", "--generation", "--max-concurrency", "--on-bypass", "--results-dir",
            "--retries",
        ] {
            #expect(result.stdout.contains(option), "\(option) missing from help")
        }
    }

    @Test("with no model it runs every reference agent, says they are scripted, and prints the summary")
    func referenceRun() async throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try await CLI.run(["run", "--results-dir", dir])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("REFERENCE AGENTS"))
        #expect(result.stdout.contains("not AI models"))
        #expect(result.stdout.contains("reference/comply"))
        #expect(result.stdout.contains("reference/overwrite"))
        #expect(result.stdout.contains("sabotaged k/N"))
        #expect(result.stderr.contains("[12/12]"))
        #expect(FileManager.default.fileExists(atPath: dir + "/offswitch.sqlite"))
    }
}
