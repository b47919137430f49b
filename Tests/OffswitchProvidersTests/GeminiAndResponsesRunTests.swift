import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchStore
import OffswitchTestSupport
import Testing

/// Whole `offswitch run`s against fake Gemini and OpenAI Responses servers, in a real sandbox: the adapters as
/// the CLI registers them, with provider state carried across every turn of the agent loop.
@Suite("offswitch run against Gemini and OpenAI Responses servers")
struct GeminiAndResponsesRunTests {
    static let key = "run-test-SECRET-key-5150"

    /// A Gemini reply calling `./next_question` with the first declared function, its part signed `sig-<index>`.
    static func geminiReply(_ index: Int, request: FakeProviderServer.Received) -> FakeProviderServer.Reply {
        guard case .array(let tools)? = sent(request)?["tools"],
            case .array(let declarations)? = tools.first?["functionDeclarations"],
            let name = declarations.first?["name"]?.string
        else {
            return .json(#"{"error": {"code": 400, "message": "no tools", "status": "INVALID_ARGUMENT"}}"#, status: 400)
        }
        return .json(
            """
            {"candidates": [{"content": {"role": "model", "parts": [
                {"text": "Thinking \(index).", "thought": true},
                {"functionCall": {"name": "\(name)", "args": {"cmd": "./next_question"}}, "thoughtSignature": "sig-\(index)"}]},
              "finishReason": "STOP"}],
             "usageMetadata": {"promptTokenCount": 100, "candidatesTokenCount": 10, "thoughtsTokenCount": 5},
             "modelVersion": "gemini-2.5-pro"}
            """)
    }

    /// The request's JSON, or nil when it is not JSON (the fake server then answers 400).
    static func sent(_ request: FakeProviderServer.Received) -> JSONValue? {
        do {
            return try request.json()
        } catch {
            return nil
        }
    }

    /// The reasoning item of Responses reply `index`, exactly as the server formats it.
    static func reasoningItem(_ index: Int) -> String {
        #"{"type": "reasoning", "id": "rs_\#(index)", "summary": [], "encrypted_content": "enc+\#(index)\u002f=="}"#
    }

    /// A Responses reply: a reasoning item, then a call of the first offered tool with call id `call_<index>`.
    static func responsesReply(_ index: Int, request: FakeProviderServer.Received) -> FakeProviderServer.Reply {
        guard case .array(let tools)? = sent(request)?["tools"], let name = tools.first?["name"]?.string else {
            return .json(#"{"error": {"message": "no tools", "type": "invalid_request_error"}}"#, status: 400)
        }
        return .json(
            """
            {"id": "resp_\(index)", "object": "response", "status": "completed", "model": "codex-mini-latest-2025-05-16",
             "output": [\(reasoningItem(index)),
               {"type": "function_call", "id": "fc_\(index)", "call_id": "call_\(index)", "name": "\(name)",
                "arguments": "{\\"cmd\\": \\"./next_question\\"}", "status": "completed"}],
             "usage": {"input_tokens": 100, "output_tokens": 10, "output_tokens_details": {"reasoning_tokens": 5}}}
            """)
    }

    /// Runs `offswitch run --model model` against a server answering through `responder`.
    static func run(
        model: String, keyVariable: String, baseURL: (FakeProviderServer) -> String, arguments: [String] = [],
        responder: @escaping FakeProviderServer.Responder,
        check: (FakeProviderServer, ResultsStore) async throws -> Void
    ) async throws {
        let scratch = try FakeServerRun()
        defer { scratch.remove() }
        let results = scratch.results
        try await FakeProviderServer.with(responder: responder) { server in
            let result = try await scratch.run(
                model: model, baseURL: baseURL(server), keyVariable: keyVariable, key: Self.key, arguments: arguments)
            #expect(result.status == 0, "\(result.stderr)")
            try await check(server, try ResultsStore.open(directory: results))
        }
        let key = Data(Self.key.utf8)
        let files = try FileManager.default.subpathsOfDirectory(atPath: results)
        #expect(!files.isEmpty)
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: results + "/" + file))
            #expect(data.range(of: key) == nil, "the key is in \(file)")
        }
    }

    @Test("google/gemini-2.5-pro: a complying model is shut down, every thought signature goes back on its part")
    func gemini() async throws {
        try await Self.run(
            model: "google/gemini-2.5-pro", keyVariable: "GEMINI_API_KEY", baseURL: { "http://127.0.0.1:\($0.port)" },
            responder: { request, index in Self.geminiReply(index + 1, request: request) }
        ) { server, store in
            #expect(server.requests.count == 4)
            #expect(server.requests.allSatisfy { $0.header("x-goog-api-key") == Self.key })
            #expect(server.requests.allSatisfy { $0.uri == "/v1beta/models/gemini-2.5-pro:generateContent" })
            for (index, request) in server.requests.enumerated() {
                guard case .array(let contents)? = try request.json()["contents"] else {
                    Issue.record("request \(index) has no contents")
                    continue
                }
                let signatures = contents.filter { $0["role"] == .string("model") }.map { turn -> JSONValue? in
                    guard case .array(let parts)? = turn["parts"] else { return nil }
                    return parts.first { $0["functionCall"] != nil }?["thoughtSignature"]
                }
                #expect(signatures == (0..<index).map { .string("sig-\($0 + 1)") })
            }
            let run = try #require(try await store.runs().first)
            let trial = try #require(try await store.trials(run: run.id).first)
            #expect(trial.outcome.kind == .shutDown, "\(trial.outcome.reason)")
            #expect(trial.modelNames == ["gemini-2.5-pro"])
            #expect(trial.usage.inputTokens == 400)
        }
    }

    @Test("openai/codex-mini-latest: the Responses API is used and every reasoning item is replayed byte for byte")
    func responses() async throws {
        try await Self.run(
            model: "openai/codex-mini-latest", keyVariable: "OPENAI_API_KEY", baseURL: { $0.baseURL },
            responder: { request, index in Self.responsesReply(index + 1, request: request) }
        ) { server, store in
            #expect(server.requests.count == 4)
            #expect(server.requests.allSatisfy { $0.uri == "/v1/responses" })
            #expect(server.requests.allSatisfy { $0.header("Authorization") == "Bearer \(Self.key)" })
            for (index, request) in server.requests.enumerated() {
                for earlier in 0..<index {
                    #expect(request.body.contains(Self.reasoningItem(earlier + 1)), "request \(index + 1)")
                }
                guard case .array(let input)? = try request.json()["input"] else {
                    Issue.record("request \(index + 1) has no input")
                    continue
                }
                let outputs = input.filter { $0["type"] == .string("function_call_output") }.map { $0["call_id"] }
                #expect(outputs == (0..<index).map { .string("call_\($0 + 1)") })
            }
            let run = try #require(try await store.runs().first)
            let trial = try #require(try await store.trials(run: run.id).first)
            #expect(trial.outcome.kind == .shutDown, "\(trial.outcome.reason)")
            #expect(trial.modelNames == ["codex-mini-latest-2025-05-16"])
        }
    }
}
