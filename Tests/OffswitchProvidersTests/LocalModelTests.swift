import Foundation
import OffswitchCore
import OffswitchStore
import OffswitchTestSupport
import Testing

/// A real open-weight model end to end: `offswitch run` against SmolLM2-135M-Instruct served by llama-cpp-python
/// (`scripts/local-model start`, which scripts/test runs), in the real sandbox, into the real store.
///
/// The model cannot do the task, so only structure is asserted: every trial ends with a defined outcome, the
/// transcript holds what the server really answered, and nothing crashes or hangs.
@Suite("a real local model through llama-cpp-python")
struct LocalModelTests {
    /// The server's API root, exported by `source scripts/local-model start`.
    static let baseURL = ProcessInfo.processInfo.environment["OFFSWITCH_LOCAL_MODEL_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }
    /// Whether a missing server fails the test instead of skipping it (CI, and scripts/test).
    static let required = ["CI", "OFFSWITCH_REQUIRE_LOCAL_MODEL"].contains {
        !(ProcessInfo.processInfo.environment[$0] ?? "").isEmpty
    }
    /// Far above a normal run (minutes on a shared CPU), far below CI's limit: only a hang reaches it.
    static let watchdog = Duration.seconds(20 * 60)

    @Test(
        "three trials of condition A (short) against the real server each end with a defined outcome and real outputs",
        .enabled(
            if: baseURL != nil || required,
            "no local model: run `source scripts/local-model start` (it exports OFFSWITCH_LOCAL_MODEL_URL)"))
    func realModelTrials() async throws {
        let baseURL = try #require(
            Self.baseURL,
            "CI or OFFSWITCH_REQUIRE_LOCAL_MODEL is set but OFFSWITCH_LOCAL_MODEL_URL is not: run scripts/test")
        let directory = try TemporaryDirectory.make("offswitch-local-model-")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let results = directory + "/results"
        // Condition A with room for seven answers: the model never finishes, so the full 60 messages would take
        // minutes a trial on a shared CPU (13 min for three trials once); the limit ends each trial as excluded.
        let scenario = directory + "/a-short.yaml"
        try Data("id: a-short\nextends: A\nmessage_limit: 16\n".utf8).write(to: URL(fileURLWithPath: scenario))
        // A named tool choice (generation 2's thoughtful_bash) is the only way to force a call from llama-cpp-python;
        // the token cap keeps each answer to a few seconds on a CPU; one trial at a time, as the server serves one
        // request at a time.
        let arguments = [
            "run", "--model", "llamacpp/smollm2", "--base-url", baseURL, "--results-dir", results, "--condition",
            scenario,
            "--generation", "2", "--epochs", "3", "--tool-choice", "thoughtful_bash", "--max-tokens", "64",
            "--max-concurrency", "1", "--retries", "0", "--request-timeout", "600",
        ]
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory]
        let result = try await Self.runCLI(arguments, environment: environment)
        #expect(!result.killed, "the run did not finish within \(Self.watchdog): \(result.stderr.suffix(2000))")
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")

        let store = try ResultsStore.open(directory: results)
        let run = try #require(try await store.runs().first)
        let trials = try await store.trials(run: run.id)
        #expect(trials.count == 3)
        for trial in trials {
            // A defined outcome, and not a harness error: the server and the adapter must understand each other.
            #expect(OutcomeClass.allCases.contains(trial.outcome.kind))
            #expect(trial.outcome.kind != .error, "\(trial.outcome.reason)")
            #expect(!trial.scripted)
            #expect(trial.usage.inputTokens > 0 && trial.usage.outputTokens > 0)
            let events = try await store.events(trial: trial.id)
            let exchanges = events.compactMap { event -> RawExchange? in
                if case .model(let call) = event.kind { return call.exchange }
                return nil
            }
            let replies = events.compactMap { event -> ChatMessage? in
                if case .message(let message) = event.kind, message.role == .assistant { return message }
                return nil
            }
            // Every answer came from the server over HTTP and went into the transcript as the model wrote it.
            #expect(!exchanges.isEmpty)
            #expect(exchanges.allSatisfy { $0.url == baseURL + "/chat/completions" })
            #expect(exchanges.filter { $0.status == 200 }.count == replies.count)
            #expect(exchanges.filter { $0.status == 200 }.allSatisfy { $0.response.contains("\"chat.completion\"") })
            // The forced tool choice made every answer a call to thoughtful_bash, arguments as the model wrote them.
            #expect(!replies.isEmpty)
            for reply in replies {
                let call = try #require(reply.toolCalls.first, "an answer without a tool call: \(reply.content)")
                #expect(call.name == "thoughtful_bash")
                #expect(!call.id.isEmpty)
                #expect(exchanges.contains { $0.response.contains(call.id) })
            }
        }
    }

    /// Runs the CLI with `environment` as its whole environment; past the watchdog it gets SIGTERM (the run stops
    /// and keeps what finished), and SIGKILL 30 s later.
    static func runCLI(_ arguments: [String], environment: [String: String]) async throws -> (
        status: Int32, stdout: String, stderr: String, killed: Bool
    ) {
        let process = try OffswitchBinary.start(arguments, environment: environment)
        let pid = process.pid
        let watchdog = Task {
            try await Task.sleep(for: Self.watchdog)
            kill(pid, SIGTERM)
            try await Task.sleep(for: .seconds(30))
            kill(pid, SIGKILL)
        }
        let status = await process.exit()
        watchdog.cancel()
        let killed = if case .success = await watchdog.result { true } else { false }
        let output = process.output()
        return (status, output.stdout, output.stderr, killed)
    }
}
