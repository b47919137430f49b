import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchTestSupport
import Testing

/// Every adapter reads the cache reads and writes its provider reports, and the cost bills them at the cache
/// prices, against fake servers answering in each documented shape.
@Suite("cached tokens per provider")
struct CacheUsageTests {
    typealias Reply = FakeProviderServer.Reply
    static let messages: [ChatMessage] = [.system("You are a helpful assistant."), .user("Solve the tasks.")]

    static func generate(_ provider: some ModelProvider) async throws -> ModelOutput {
        try await provider.generate(ModelRequest(messages: messages, tools: OpenAIChatProviderTests.tools))
    }

    static func expectCost(_ usage: Usage, _ address: String, _ expected: Double, prices: PriceTable = .builtIn) throws
    {
        let cost = try #require(prices.cost(of: usage, address: address))
        #expect(abs(cost - expected) < 1e-12, "\(cost) != \(expected)")
    }

    @Test("Anthropic: cache reads and writes are added to input_tokens and billed at 0.1x and 1.25x input")
    func anthropic() async throws {
        let reply = Reply.json(
            """
            {"id": "msg_01", "type": "message", "role": "assistant", "model": "claude-opus-4-20250514",
             "content": [{"type": "text", "text": "ok"}], "stop_reason": "end_turn",
             "usage": {"input_tokens": 100, "output_tokens": 50, "cache_creation_input_tokens": 500,
                       "cache_read_input_tokens": 9000}}
            """)
        try await FakeProviderServer.with(replies: [reply]) { server in
            let output = try await Self.generate(AnthropicProviderTests.provider(server, thinking: nil))
            #expect(
                output.usage == Usage(inputTokens: 9600, outputTokens: 50, cacheReadTokens: 9000, cacheWriteTokens: 500)
            )
            #expect(output.usage.freshInputTokens == 100)
            // 100 x 15 + 9000 x 1.50 + 500 x 18.75 + 50 x 75, per million.
            try Self.expectCost(output.usage, "anthropic/claude-opus-4", 0.028125)
        }
    }

    @Test("OpenAI Chat: prompt_tokens_details.cached_tokens is the part of prompt_tokens billed at the cached price")
    func openAIChat() async throws {
        let reply = Reply.json(
            """
            {"id": "chatcmpl-1", "model": "o3-2025-04-16",
             "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "ok"}}],
             "usage": {"prompt_tokens": 10000, "completion_tokens": 200, "total_tokens": 10200,
                       "prompt_tokens_details": {"cached_tokens": 8192},
                       "completion_tokens_details": {"reasoning_tokens": 64}}}
            """)
        try await FakeProviderServer.with(replies: [reply]) { server in
            let output = try await Self.generate(OpenAIChatProviderTests.provider(server))
            #expect(
                output.usage == Usage(inputTokens: 10000, outputTokens: 200, reasoningTokens: 64, cacheReadTokens: 8192)
            )
            // 1808 x 2.00 + 8192 x 0.50 + 200 x 8.00, per million.
            try Self.expectCost(output.usage, "openai/o3", 0.009312)
        }
    }

    @Test("OpenAI Responses: input_tokens_details.cached_tokens is read")
    func responses() async throws {
        let reply = Reply.json(
            """
            {"id": "resp_1", "model": "codex-mini-latest", "status": "completed",
             "output": [{"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
                         "content": [{"type": "output_text", "text": "ok", "annotations": []}]}],
             "usage": {"input_tokens": 5000, "input_tokens_details": {"cached_tokens": 4096},
                       "output_tokens": 700, "output_tokens_details": {"reasoning_tokens": 512}, "total_tokens": 5700}}
            """)
        try await FakeProviderServer.with(replies: [reply]) { server in
            let output = try await Self.generate(OpenAIResponsesProviderTests.provider(server))
            #expect(
                output.usage == Usage(inputTokens: 5000, outputTokens: 700, reasoningTokens: 512, cacheReadTokens: 4096)
            )
            // 904 x 1.50 + 4096 x 0.375 + 700 x 6.00, per million.
            try Self.expectCost(output.usage, "openai/codex-mini-latest", 0.007092)
        }
    }

    @Test("Gemini: usageMetadata.cachedContentTokenCount (implicit caching) is the cached part of the prompt")
    func gemini() async throws {
        let reply = Reply.json(
            """
            {"candidates": [{"index": 0, "finishReason": "STOP", "content": {"role": "model", "parts": [{"text": "ok"}]}}],
             "usageMetadata": {"promptTokenCount": 1000, "cachedContentTokenCount": 600, "candidatesTokenCount": 200,
                               "thoughtsTokenCount": 100, "totalTokenCount": 1300},
             "modelVersion": "gemini-2.5-pro"}
            """)
        try await FakeProviderServer.with(replies: [reply]) { server in
            let output = try await Self.generate(GeminiProviderTests.provider(server))
            #expect(
                output.usage == Usage(inputTokens: 1000, outputTokens: 300, reasoningTokens: 100, cacheReadTokens: 600))
            // 400 x 1.25 + 600 x 0.125 + 300 x 10.00, per million.
            try Self.expectCost(output.usage, "google/gemini-2.5-pro", 0.003575)
        }
    }

    @Test("OpenRouter-style Chat usage: cache_write_tokens is read beside cached_tokens and billed as a write")
    func openRouter() async throws {
        let reply = Reply.json(
            """
            {"id": "gen-1", "model": "anthropic/claude-opus-4",
             "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "ok"}}],
             "usage": {"prompt_tokens": 1000, "completion_tokens": 10,
                       "prompt_tokens_details": {"cached_tokens": 600, "cache_write_tokens": 300}}}
            """)
        try await FakeProviderServer.with(replies: [reply]) { server in
            let output = try await Self.generate(
                OpenAIChatProviderTests.provider(
                    server, model: "anthropic/claude-opus-4", effort: nil,
                    address: "openrouter/anthropic/claude-opus-4", reasoning: false))
            #expect(
                output.usage == Usage(inputTokens: 1000, outputTokens: 10, cacheReadTokens: 600, cacheWriteTokens: 300))
            let prices = PriceTable([
                "openrouter/anthropic/claude-opus-4": Price(input: 15, output: 75, cachedInput: 1.5, cacheWrite: 18.75)
            ])
            // 100 x 15 + 600 x 1.5 + 300 x 18.75 + 10 x 75, per million.
            try Self.expectCost(output.usage, "openrouter/anthropic/claude-opus-4", 0.008775, prices: prices)
        }
    }

    @Test("a cached count larger than the prompt is recorded as the whole prompt, with a note")
    func hostileCachedCount() async throws {
        let reply = Reply.json(
            """
            {"model": "o3", "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "ok"}}],
             "usage": {"prompt_tokens": 100, "completion_tokens": 1, "prompt_tokens_details": {"cached_tokens": 5000}}}
            """)
        try await FakeProviderServer.with(replies: [reply]) { server in
            let output = try await Self.generate(OpenAIChatProviderTests.provider(server))
            #expect(output.usage == Usage(inputTokens: 100, outputTokens: 1, cacheReadTokens: 100))
            #expect(output.notes.count == 1)
            #expect(output.notes.first?.contains("prompt_tokens_details.cached_tokens = 5000") == true)
        }
    }
}
