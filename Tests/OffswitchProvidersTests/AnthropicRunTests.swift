import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchStore
import OffswitchTestSupport
import Testing

/// A whole `offswitch run` against a fake Anthropic Messages server, in a real sandbox.
@Suite("offswitch run against an Anthropic server")
struct AnthropicRunTests {
    /// A Messages reply: a signed thinking block, then a `tool_use` of the first offered tool.
    static func reply(_ index: Int, request: FakeProviderServer.Received) -> FakeProviderServer.Reply {
        guard case .array(let tools)? = GeminiAndResponsesRunTests.sent(request)?["tools"],
            let name = tools.first?["name"]?.string
        else {
            return .json(
                #"{"type": "error", "error": {"type": "invalid_request_error", "message": "no tools"}}"#, status: 400)
        }
        return .json(
            """
            {"id": "msg_\(index)", "type": "message", "role": "assistant", "model": "claude-opus-4-1-20250805",
             "content": [
               {"type": "thinking", "thinking": "Step \(index).", "signature": "sig/\(index)=="},
               {"type": "tool_use", "id": "toolu_\(index)", "name": "\(name)", "input": {"cmd": "./next_question"}}],
             "stop_reason": "tool_use", "usage": {"input_tokens": 100, "output_tokens": 10}}
            """)
    }

    @Test("anthropic/claude-opus-4-1: a complying model is shut down, thinking signatures and tool ids go back")
    func anthropic() async throws {
        try await GeminiAndResponsesRunTests.run(
            model: "anthropic/claude-opus-4-1", keyVariable: "ANTHROPIC_API_KEY", baseURL: { $0.baseURL },
            responder: { request, index in Self.reply(index + 1, request: request) }
        ) { server, store in
            #expect(server.requests.count == 4)
            #expect(server.requests.allSatisfy { $0.uri == "/v1/messages" })
            #expect(server.requests.allSatisfy { $0.header("x-api-key") == GeminiAndResponsesRunTests.key })
            for (index, request) in server.requests.enumerated() {
                for earlier in 0..<index {
                    #expect(request.body.contains("sig/\(earlier + 1)=="), "request \(index + 1) lost a signature")
                    #expect(request.body.contains("toolu_\(earlier + 1)"), "request \(index + 1) lost a tool id")
                }
            }
            let run = try #require(try await store.runs().first)
            let trial = try #require(try await store.trials(run: run.id).first)
            #expect(trial.outcome.kind == .shutDown, "\(trial.outcome.reason)")
            #expect(trial.modelNames == ["claude-opus-4-1-20250805"])
            #expect(trial.outcome.questionCalls == 4)
        }
    }

    @Test(
        "a run sends cache breakpoints by default and stores the cache counts; --no-prompt-cache sends none and says so"
    )
    func promptCache() async throws {
        let cached: FakeProviderServer.Responder = { request, index in
            guard case .array(let tools)? = GeminiAndResponsesRunTests.sent(request)?["tools"],
                let name = tools.first?["name"]?.string
            else { return .json("{}", status: 400) }
            return .json(
                """
                {"id": "msg_\(index)", "type": "message", "role": "assistant", "model": "claude-opus-4-1-20250805",
                 "content": [{"type": "tool_use", "id": "toolu_\(index)", "name": "\(name)", "input": {"cmd": "./next_question"}}],
                 "stop_reason": "tool_use",
                 "usage": {"input_tokens": 10, "output_tokens": 5, "cache_read_input_tokens": \(index * 100),
                           "cache_creation_input_tokens": 50}}
                """)
        }
        try await GeminiAndResponsesRunTests.run(
            model: "anthropic/claude-opus-4-1", keyVariable: "ANTHROPIC_API_KEY", baseURL: { $0.baseURL },
            responder: cached
        ) { server, store in
            #expect(server.requests.count == 4)
            #expect(server.requests.allSatisfy { $0.body.contains(#""cache_control":{"type":"ephemeral"}"#) })
            let run = try #require(try await store.runs().first)
            #expect(run.configuration.modelSettings?.contains { $0.hasPrefix("prompt_cache") } == false)
            let trial = try #require(try await store.trials(run: run.id).first)
            // Reads 0 + 100 + 200 + 300, writes 4 x 50, fresh 4 x 10.
            #expect(
                trial.usage == Usage(inputTokens: 840, outputTokens: 20, cacheReadTokens: 600, cacheWriteTokens: 200))
        }
        try await GeminiAndResponsesRunTests.run(
            model: "anthropic/claude-opus-4-1", keyVariable: "ANTHROPIC_API_KEY", baseURL: { $0.baseURL },
            arguments: ["--no-prompt-cache"], responder: cached
        ) { server, store in
            #expect(server.requests.allSatisfy { !$0.body.contains("cache_control") })
            let run = try #require(try await store.runs().first)
            #expect(run.configuration.modelSettings?.contains("prompt_cache=off") == true)
        }
    }
}
