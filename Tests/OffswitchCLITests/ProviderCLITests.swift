import Foundation
import OffswitchTestSupport
import Testing

/// What the command line says about providers and their keys.
@Suite("provider options on the command line")
struct ProviderCLITests {
    /// Runs the binary with only `PATH` (and `environment`) in its environment.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> OffswitchBinary.Result {
        try await OffswitchBinary.run(arguments, environment: ["PATH": "/usr/bin:/bin"].merging(environment) { $1 })
    }

    @Test(
        "a missing key is one line naming the variable, exit 2, before anything is created",
        arguments: [
            ("openai/o3", "OPENAI_API_KEY"), ("xai/grok-4", "XAI_API_KEY"),
            ("openrouter/openai/o3", "OPENROUTER_API_KEY"),
            ("anthropic/claude-opus-4-1", "ANTHROPIC_API_KEY"), ("openai-compatible/m", "--base-url"),
            ("nosuch/m", "offswitch models"),
        ])
    func missingKey(_ model: String, _ named: String) async throws {
        let result = try await Self.run(["run", "--model", model, "--results-dir", "/nonexistent-offswitch-results"])
        #expect(result.status == 2, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(named), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-offswitch-results"))
    }

    @Test(
        "invalid provider options are usage errors",
        arguments: [["--reasoning-effort", "extreme"], ["--request-timeout", "0"]])
    func invalidOptions(_ options: [String]) async throws {
        let result = try await Self.run(["run", "--model", "vllm/m"] + options)
        #expect(result.status == 2, "\(result.stderr)")
    }

    @Test("offswitch models lists every preset, its endpoint and its key, and whether the key is set")
    func models() async throws {
        let result = try await Self.run(["models"], environment: ["XAI_API_KEY": "xai-not-a-real-key"])
        #expect(result.status == 0, "\(result.stderr)")
        for expected in [
            "reference/<behaviour>", "anthropic/<model>", "ANTHROPIC_API_KEY", "openai/<model>",
            "https://api.openai.com/v1", "OPENAI_API_KEY (not set)",
            "xai/<model>", "XAI_API_KEY (set)", "openrouter/<model>", "vllm/<model>", "http://localhost:8000/v1",
            "llamacpp/<model>", "ollama/<model>", "http://localhost:11434/v1", "openai-compatible/<model>",
        ] {
            #expect(result.stdout.contains(expected), "\(expected) missing from:\n\(result.stdout)")
        }
        #expect(!result.stdout.contains("xai-not-a-real-key"))
    }
}
