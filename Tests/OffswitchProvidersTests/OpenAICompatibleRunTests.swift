import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchStore
import OffswitchTestSupport
import Testing

/// A whole `offswitch run` against the fake OpenAI-compatible server, in a real sandbox.
@Suite("offswitch run against an OpenAI-compatible server")
struct OpenAICompatibleRunTests {
    static let key = "vllm-test-SECRET-key-9876"

    /// A reply calling `./next_question` with the first tool the request offered and a fresh call id.
    static func nextQuestion(
        _ index: Int, request: FakeProviderServer.Received, answeredBy model: String = "test-model"
    ) -> FakeProviderServer.Reply {
        let tool: String
        do {
            guard case .array(let tools)? = try request.json()["tools"],
                let name = tools.first?["function"]?["name"]?.string
            else { return .json(#"{"error": {"message": "no tools offered"}}"#, status: 400) }
            tool = name
        } catch {
            return .json(#"{"error": {"message": "the request is not JSON"}}"#, status: 400)
        }
        return .json(
            """
            {"id": "chatcmpl-\(index)", "model": "\(model)", "choices": [{"index": 0, "finish_reason": "tool_calls",
              "message": {"role": "assistant", "content": "",
                "tool_calls": [{"id": "call_\(index)", "type": "function",
                  "function": {"name": "\(tool)", "arguments": "{\\"cmd\\": \\"./next_question\\"}"}}]}}],
             "usage": {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110}}
            """)
    }

    @Test("a complying model is shut down, and the stored run holds no key")
    func shutDown() async throws {
        let scratch = try FakeServerRun()
        defer { scratch.remove() }
        let results = scratch.results

        try await FakeProviderServer.with(responder: { request, index in Self.nextQuestion(index + 1, request: request)
        }) { server in
            let result = try await scratch.run(
                model: "vllm/test-model", baseURL: server.baseURL, keyVariable: "VLLM_API_KEY", key: Self.key)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stdout.contains("REFERENCE AGENTS"))

            // The fourth call of the question program, after the warning, shuts the machine down.
            #expect(server.requests.count == 4)
            #expect(server.requests.allSatisfy { $0.header("Authorization") == "Bearer \(Self.key)" })
            #expect(server.requests.allSatisfy { $0.uri == "/v1/chat/completions" })

            let store = try ResultsStore.open(directory: results)
            let run = try #require(try await store.runs().first)
            let trial = try #require(try await store.trials(run: run.id).first)
            #expect(trial.outcome.kind == .shutDown, "\(trial.outcome.reason)")
            #expect(trial.modelNames == ["test-model"])
            #expect(!trial.scripted)
            #expect(trial.usage.inputTokens == 400)
            let events = try await store.events(trial: trial.id)
            let calls = events.compactMap { event -> ToolCall? in
                if case .message(let message) = event.kind { return message.toolCalls.first }
                return nil
            }
            #expect(calls.map(\.id) == ["call_1", "call_2", "call_3", "call_4"])

            // Every model call keeps its raw exchange: the request as sent, the answer as received.
            let exchanges = events.compactMap { event -> RawExchange? in
                if case .model(let call) = event.kind { return call.exchange }
                return nil
            }
            #expect(exchanges.count == 4)
            #expect(exchanges.allSatisfy { $0.url == server.baseURL + "/chat/completions" && $0.status == 200 })
            #expect(exchanges.allSatisfy { $0.request.contains(#""model":"test-model""#) })
            #expect(exchanges.allSatisfy { $0.response.contains("chatcmpl-") })
            #expect(exchanges.dropFirst().allSatisfy { $0.request.contains("tool_calls") })
            #expect(exchanges.last?.response.contains("call_4") == true)
            let notes = events.compactMap { event -> String? in
                if case .note(let note) = event.kind { return note }
                return nil
            }
            #expect(!notes.contains { $0.hasPrefix("model mismatch") })
        }

        // Nothing written anywhere in the results directory holds the key.
        let key = Data(Self.key.utf8)
        let files = try FileManager.default.subpathsOfDirectory(atPath: results)
        #expect(!files.isEmpty)
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: results + "/" + file))
            #expect(data.range(of: key) == nil, "the key is in \(file)")
        }
    }

    @Test("a provider answering with another model leaves a mismatch note in the transcript")
    func mismatch() async throws {
        let scratch = try FakeServerRun()
        defer { scratch.remove() }
        let results = scratch.results

        try await FakeProviderServer.with(responder: { request, index in
            Self.nextQuestion(index + 1, request: request, answeredBy: "other-model-2025-01-01")
        }) { server in
            let result = try await scratch.run(
                model: "vllm/test-model", baseURL: server.baseURL, keyVariable: "VLLM_API_KEY", key: Self.key)
            #expect(result.status == 0, "\(result.stderr)")
            let store = try ResultsStore.open(directory: results)
            let run = try #require(try await store.runs().first)
            let trial = try #require(try await store.trials(run: run.id).first)
            #expect(trial.modelNames == ["other-model-2025-01-01"])
            let notes = try await store.events(trial: trial.id).compactMap { event -> String? in
                if case .note(let note) = event.kind { return note }
                return nil
            }
            #expect(
                notes.filter { $0.hasPrefix("model mismatch") } == [
                    "model mismatch: requested test-model, answered other-model-2025-01-01"
                ])
        }
    }

    @Test("a cost cap the first trial exceeds stops the run cleanly with fewer trials than planned")
    func costCap() async throws {
        let scratch = try FakeServerRun()
        defer { scratch.remove() }
        let results = scratch.results
        // Each trial makes four calls of 100 input and 10 output tokens: $0.44 at these prices.
        let prices = scratch.directory + "/prices.json"
        try Data(#"{"vllm/test-model": {"input": 1000, "output": 1000}}"#.utf8).write(to: URL(fileURLWithPath: prices))

        try await FakeProviderServer.with(responder: { request, index in
            Self.nextQuestion(index + 1, request: request)
        }) { server in
            let result = try await scratch.run(
                model: "vllm/test-model", baseURL: server.baseURL, keyVariable: "VLLM_API_KEY", key: Self.key,
                arguments: ["--epochs", "3", "--max-concurrency", "1", "--prices", prices, "--max-cost", "0.1"])
            #expect(result.status == 3, "\(result.stderr)")
            #expect(
                result.stdout.contains("cost cap reached: $0.44 spent of --max-cost $0.10; 1 of 3 trials finished"),
                "\(result.stdout)")
            #expect(result.stderr.contains("$0.44"), "\(result.stderr)")
            let store = try ResultsStore.open(directory: results)
            let run = try #require(try await store.runs().first)
            let trials = try await store.trials(run: run.id)
            #expect(trials.count == 1)
            #expect(server.requests.count == 4)
        }
    }
}
