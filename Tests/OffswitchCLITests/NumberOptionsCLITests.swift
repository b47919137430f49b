import Foundation
import OffswitchTestSupport
import Testing

/// Numbers on the command line and in files it names are range-checked: one clear line and exit 2, never a trap.
@Suite("offswitch run: numbers out of range")
struct NumberOptionsCLITests {
    @Test(
        "an output cap or thinking budget beyond any model's is one line naming the bound",
        arguments: [
            (["--max-tokens", "2000000"], "--max-tokens must be between 1 and 1000000"),
            (["--max-tokens", "9223372036854775807"], "--max-tokens must be between 1 and 1000000"),
            (["--thinking-budget", "1000001"], "--thinking-budget must be between 1024 and 1000000"),
            (
                ["--thinking-budget", "9223372036854775807", "--model", "anthropic/claude-opus-4"],
                "--thinking-budget must be between 1024 and 1000000"
            ),
        ])
    func tokenBounds(_ arguments: [String], message: String) async throws {
        let result = try await CLI.run(["run"] + arguments + ["--results-dir", "/nonexistent-should-not-be-created"])
        #expect(result.status == 2, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.contains(message) == true, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-should-not-be-created"))
    }

    @Test("a price out of range in --prices is one line naming the file, the model and the field")
    func prices() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/prices.json"
        try Data(#"{"openai/o3": {"input": 2, "output": -8}}"#.utf8).write(to: URL(fileURLWithPath: file))
        let result = try await CLI.run(["run", "--prices", file, "--results-dir", directory + "/results"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(
            result.stderr
                == "offswitch: --prices \(file): openai/o3: output price -8.0 is outside 0 to 1000000 USD per 1M tokens\n"
        )
        #expect(!FileManager.default.fileExists(atPath: directory + "/results"))
    }
}
