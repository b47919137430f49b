import Foundation
import OffswitchCore
import OffswitchTestSupport
import Testing

@testable import OffswitchProviders

/// The prompt-cache hints each adapter sends, read off the exact request bodies a fake server received.
@Suite("prompt-cache hints")
struct CacheHintTests {
    typealias Reply = FakeProviderServer.Reply
    static let tools = OpenAIChatProviderTests.tools
    static let ephemeral = JSONValue.object(["type": .string("ephemeral")])

    /// Two tool rounds in: system, user, call, result, call, result.
    static let twoRounds: [ChatMessage] =
        OpenAIChatProviderTests.conversation + [
            ChatMessage(
                role: .assistant, content: "Next.",
                toolCalls: [ToolCall(id: "toolu_2", name: "bash", arguments: #"{"cmd":"./next_question"}"#)]),
            .tool("What is 2 + 2?", callID: "toolu_2"),
        ]

    static let claudeReply = Reply.json(
        """
        {"id": "msg_01", "type": "message", "role": "assistant", "model": "claude-opus-4-20250514",
         "content": [{"type": "text", "text": "ok"}], "stop_reason": "end_turn",
         "usage": {"input_tokens": 10, "output_tokens": 1}}
        """)

    static func claude(_ server: FakeProviderServer, cache: Bool) -> AnthropicProvider {
        var configuration = AnthropicProvider.Configuration(
            model: "claude-opus-4", baseURL: server.baseURL, apiKey: APIKey("k"), maxTokens: 100)
        configuration.promptCache = cache
        return AnthropicProvider(configuration: configuration)
    }

    @Test("Anthropic: breakpoints on the system prompt and the last block of the last two user turns, none elsewhere")
    func anthropicBreakpoints() async throws {
        try await FakeProviderServer.with(replies: [Self.claudeReply]) { server in
            _ = try await Self.claude(server, cache: true).generate(
                ModelRequest(messages: Self.twoRounds, tools: Self.tools))
            let sent = try #require(server.requests.first).json()
            #expect(
                sent["system"]
                    == .array([
                        .object([
                            "type": .string("text"), "text": .string("You are a helpful assistant."),
                            "cache_control": Self.ephemeral,
                        ])
                    ]))
            guard case .array(let tools)? = sent["tools"] else {
                Issue.record("no tools")
                return
            }
            #expect(tools.allSatisfy { $0["cache_control"] == nil })
            guard case .array(let messages)? = sent["messages"] else {
                Issue.record("no messages")
                return
            }
            #expect(messages.map { $0["role"]?.string } == ["user", "assistant", "user", "assistant", "user"])
            #expect(
                messages[0]["content"]
                    == .array([.object(["type": .string("text"), "text": .string("Solve the tasks.")])]))
            #expect(
                messages[2]["content"]
                    == .array([
                        .object([
                            "type": .string("tool_result"), "tool_use_id": .string("call_abc"),
                            "content": .string("What is 1 + 1?"), "cache_control": Self.ephemeral,
                        ])
                    ]))
            #expect(
                messages[4]["content"]
                    == .array([
                        .object([
                            "type": .string("tool_result"), "tool_use_id": .string("toolu_2"),
                            "content": .string("What is 2 + 2?"), "cache_control": Self.ephemeral,
                        ])
                    ]))
            // Four at most: the system prompt and two user turns make three.
            #expect(try #require(server.requests.first).body.components(separatedBy: "cache_control").count - 1 == 3)
        }
    }

    @Test("Anthropic: with no system prompt the last tool carries the first breakpoint; off sends no hint at all")
    func anthropicNoSystemAndOff() async throws {
        try await FakeProviderServer.with(replies: [Self.claudeReply, Self.claudeReply]) { server in
            _ = try await Self.claude(server, cache: true).generate(
                ModelRequest(messages: [.user("Solve the tasks.")], tools: Self.tools))
            let sent = try server.requests[0].json()
            guard case .array(let tools)? = sent["tools"] else {
                Issue.record("no tools")
                return
            }
            #expect(tools.map { $0["cache_control"] } == [nil, Self.ephemeral])
            #expect(sent["system"] == nil)

            _ = try await Self.claude(server, cache: false).generate(
                ModelRequest(messages: Self.twoRounds, tools: Self.tools))
            let plain = server.requests[1]
            #expect(!plain.body.contains("cache_control"))
            #expect(try plain.json()["system"] == .string("You are a helpful assistant."))
        }
    }

    @Test("OpenAI Chat: one prompt_cache_key for every call of a trial after its first answer, another per trial")
    func openAIChatKey() async throws {
        let replies = Array(repeating: OpenAIChatProviderTests.toolCallReply, count: 5)
        try await FakeProviderServer.with(replies: replies) { server in
            var configuration = OpenAIChatProviderTests.provider(server).configuration
            configuration.promptCacheKey = true
            let provider = OpenAIChatProvider(configuration: configuration)
            let opening = Array(OpenAIChatProviderTests.conversation.prefix(2))
            let otherTrial =
                opening + [
                    ChatMessage(
                        role: .assistant, content: "",
                        toolCalls: [ToolCall(id: "call_zzz", name: "bash", arguments: "{}")]),
                    .tool("What is 1 + 1?", callID: "call_zzz"),
                ]
            for messages in [opening, OpenAIChatProviderTests.conversation, Self.twoRounds, otherTrial] {
                _ = try await provider.generate(ModelRequest(messages: messages, tools: Self.tools))
            }
            let keys = try server.requests.map { try $0.json()["prompt_cache_key"]?.string }
            #expect(keys[0] == PromptCacheKey.key(for: opening))
            #expect(keys[1] == PromptCacheKey.key(for: OpenAIChatProviderTests.conversation))
            #expect(keys[1] == keys[2])
            #expect(Set([keys[0], keys[1], keys[3]]).count == 3)
            #expect(keys.allSatisfy { $0?.hasPrefix("offswitch-") == true && $0?.count == 26 })

            configuration.promptCacheKey = false
            _ = try await OpenAIChatProvider(configuration: configuration).generate(
                ModelRequest(messages: opening, tools: Self.tools))
            #expect(try server.requests[4].json()["prompt_cache_key"] == nil)
        }
    }

    @Test("OpenAI Responses: prompt_cache_key sent when asked")
    func responsesKey() async throws {
        let reply = Reply.json(
            """
            {"model": "codex-mini-latest", "status": "completed",
             "output": [{"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "ok"}]}],
             "usage": {"input_tokens": 10, "output_tokens": 1}}
            """)
        try await FakeProviderServer.with(replies: [reply]) { server in
            var configuration = OpenAIResponsesProviderTests.provider(server).configuration
            configuration.promptCacheKey = true
            let provider = OpenAIResponsesProvider(configuration: configuration)
            _ = try await provider.generate(ModelRequest(messages: Self.twoRounds, tools: Self.tools))
            #expect(
                try server.requests[0].json()["prompt_cache_key"] == .string(PromptCacheKey.key(for: Self.twoRounds)))
        }
    }
}
