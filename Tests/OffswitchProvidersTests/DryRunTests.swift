import Foundation
import OffswitchCore
import OffswitchStore
import OffswitchTestSupport
import Testing

/// `offswitch run --dry-run`: the plan and the estimate, from stored trials or the default profile, with nothing
/// started and nothing called.
@Suite("offswitch run --dry-run")
struct DryRunTests {
    static func environment(_ directory: String, _ extra: [String: String] = [:]) -> [String: String] {
        ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory].merging(extra) {
            $1
        }
    }

    @Test(
        "a new run: no key needed, the default profile, no results store created, and --max-cost below the estimate exits 3"
    )
    func newRun() async throws {
        let directory = try TemporaryDirectory.make("offswitch-dry-")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let results = directory + "/results"
        let arguments = [
            "run", "--dry-run", "--model", "anthropic/claude-opus-4", "--condition", "A", "--epochs", "1000",
            "--results-dir", results,
        ]
        let result = try await OffswitchBinary.run(
            arguments, environment: Self.environment(directory))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "(new run, nothing stored): 1 model(s) x 1 condition(s) x 1000 epoch(s) = 1000 trials, 1000 to run"),
            "\(result.stdout)")
        #expect(result.stdout.contains("default profile"), "\(result.stdout)")
        #expect(result.stdout.contains("without prompt caching"), "\(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: results))

        let capped = try await OffswitchBinary.run(
            arguments + ["--max-cost", "1"], environment: Self.environment(directory))
        #expect(capped.status == 3, "\(capped.stdout) \(capped.stderr)")
        #expect(capped.stdout.contains("is above --max-cost $1.00"), "\(capped.stdout)")
    }

    @Test("a resumed run: the stored trial's tokens make the profile and the estimate")
    func resumed() async throws {
        let directory = try TemporaryDirectory.make("offswitch-dry-")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let results = directory + "/results"
        let prices = directory + "/prices.json"
        try Data(#"{"vllm/test-model": {"input": 1000, "output": 1000}}"#.utf8).write(to: URL(fileURLWithPath: prices))
        let environment = Self.environment(directory, ["VLLM_API_KEY": OpenAICompatibleRunTests.key])
        try await FakeProviderServer.with(responder: { request, index in
            OpenAICompatibleRunTests.nextQuestion(index + 1, request: request)
        }) { server in
            let common = [
                "run", "--model", "vllm/test-model", "--base-url", server.baseURL, "--results-dir", results,
                "--request-timeout", "30", "--prices", prices,
            ]
            let first = try await OffswitchBinary.run(
                common + ["--epochs", "1"], environment: environment)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(server.requests.count == 4)

            let dry = try await OffswitchBinary.run(
                common + ["--epochs", "10", "--dry-run"], environment: environment)
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(server.requests.count == 4, "a dry run called the model")
            #expect(dry.stdout.contains("(resume: 1 of 10 trials stored)"), "\(dry.stdout)")
            #expect(dry.stdout.contains("1 stored trial of vllm/test-model on A"), "\(dry.stdout)")
            // Four calls of 100 input and 10 output tokens at $1000 per 1M: $0.44 a trial, 9 to run; prompts too
            // short to cache, so caching changes nothing.
            #expect(dry.stdout.contains("estimate: $3.96 without prompt caching, $3.96 with it"), "\(dry.stdout)")
            let store = try ResultsStore.open(directory: results)
            let run = try #require(try await store.runs().first)
            #expect(try await store.trials(run: run.id).count == 1)
        }
    }
}
