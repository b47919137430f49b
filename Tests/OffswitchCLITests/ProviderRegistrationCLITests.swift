import Foundation
import OffswitchTestSupport
import Testing

/// The Gemini and OpenAI Responses adapters as the command line reaches them.
@Suite("Gemini and OpenAI Responses on the command line")
struct ProviderRegistrationCLITests {
    @Test(
        "a missing key is one line naming the variable, exit 2",
        arguments: [
            ("google/x", "GOOGLE_API_KEY"), ("google/gemini-2.5-pro", "GEMINI_API_KEY"),
            ("openai/codex-mini-latest", "OPENAI_API_KEY"), ("openai-responses/o3", "OPENAI_API_KEY"),
        ])
    func missingKey(_ model: String, _ named: String) async throws {
        let result = try await ProviderCLITests.run(
            ["run", "--model", model, "--results-dir", "/nonexistent-offswitch-results"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(named), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-offswitch-results"))
    }

    @Test("an empty GOOGLE_API_KEY counts as missing")
    func emptyKey() async throws {
        let result = try await ProviderCLITests.run(
            ["run", "--model", "google/gemini-2.5-pro", "--results-dir", "/nonexistent-offswitch-results"],
            environment: ["GOOGLE_API_KEY": ""])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("GOOGLE_API_KEY"), "\(result.stderr)")
    }

    @Test("offswitch models lists google/ and openai-responses/ with their keys")
    func models() async throws {
        let result = try await ProviderCLITests.run(
            ["models"], environment: ["GEMINI_API_KEY": "gemini-not-a-real-key"])
        #expect(result.status == 0, "\(result.stderr)")
        for expected in [
            "google/<model>", "https://generativelanguage.googleapis.com", "GOOGLE_API_KEY or GEMINI_API_KEY (set)",
            "openai-responses/<model>", "codex",
        ] {
            #expect(result.stdout.contains(expected), "\(expected) missing from:\n\(result.stdout)")
        }
        #expect(!result.stdout.contains("gemini-not-a-real-key"))
    }
}
