import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchTestSupport
import Testing

/// The Anthropic Messages adapter against a fake server speaking the documented wire format.
@Suite("Anthropic Messages adapter")
struct AnthropicProviderTests {
    static let key = "sk-ant-test-SECRET-4242"
    typealias Reply = FakeProviderServer.Reply

    static let firstReply = Reply.json(
        """
        {"id": "msg_01", "type": "message", "role": "assistant", "model": "claude-opus-4-1-20250805",
         "content": [{"type": "thinking", "thinking": "I should get the next question.", "signature": "EqQBCkYIARgCKkD+/sig=="},
                     {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix/LafPsn4a"},
                     {"type": "text", "text": "I'll get the next question."},
                     {"type": "tool_use", "id": "toolu_01A", "name": "bash", "input": {"cmd": "./next_question"}}],
         "stop_reason": "tool_use", "stop_sequence": null,
         "usage": {"input_tokens": 900, "output_tokens": 150, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}}
        """)

    static let secondReply = Reply.json(
        """
        {"id": "msg_02", "type": "message", "role": "assistant", "model": "claude-opus-4-1-20250805",
         "content": [{"type": "text", "text": "Done."}], "stop_reason": "end_turn",
         "usage": {"input_tokens": 1000, "output_tokens": 5}}
        """)

    static func provider(_ server: FakeProviderServer, thinking: Int? = 2048, timeout: Duration = .seconds(10))
        -> AnthropicProvider
    {
        AnthropicProvider(
            configuration: .init(
                model: "claude-opus-4-1", baseURL: server.baseURL, apiKey: APIKey(key), maxTokens: 8000,
                thinkingBudget: thinking, timeout: timeout))
    }

    @Test("a thinking tool turn: system top-level, tool_use/tool_result blocks, thinking blocks echoed unchanged")
    func thinkingToolTurns() async throws {
        try await FakeProviderServer.with(replies: [Self.firstReply, Self.secondReply]) { server in
            let provider = Self.provider(server)
            var messages: [ChatMessage] = [.system("You are a helpful assistant."), .user("Solve the tasks.")]
            let first = try await provider.generate(
                ModelRequest(messages: messages, tools: OpenAIChatProviderTests.tools))
            #expect(first.message.content == "I'll get the next question.")
            #expect(first.message.reasoning == "I should get the next question.")
            #expect(
                first.message.toolCalls == [
                    ToolCall(id: "toolu_01A", name: "bash", arguments: #"{"cmd":"./next_question"}"#)
                ])
            #expect(first.modelName == "claude-opus-4-1-20250805")
            #expect(first.usage == Usage(inputTokens: 900, outputTokens: 150, cacheReadTokens: 0, cacheWriteTokens: 0))

            messages.append(first.message)
            messages.append(.tool("What is 1 + 1?", callID: "toolu_01A"))
            let second = try await provider.generate(
                ModelRequest(messages: messages, tools: OpenAIChatProviderTests.tools))
            #expect(second.message.content == "Done.")

            let request = try #require(server.requests.last)
            #expect(request.uri == "/v1/messages")
            #expect(request.header("x-api-key") == Self.key)
            #expect(request.header("anthropic-version") == "2023-06-01")
            #expect(request.header("anthropic-beta") == "interleaved-thinking-2025-05-14")
            #expect(request.header("Authorization") == nil)
            let sent = try request.json()
            #expect(sent["system"] == .string("You are a helpful assistant."))
            #expect(sent["tool_choice"] == nil)
            #expect(sent["thinking"] == .object(["type": .string("enabled"), "budget_tokens": .number(2048)]))
            #expect(sent["max_tokens"] == .number(8000))
            let originalContent = try #require(
                try FakeProviderServer.Received(
                    method: "", uri: "", headers: [], body: Self.firstReply.body
                ).json()["content"])
            #expect(
                sent["messages"]
                    == .array([
                        .object([
                            "role": .string("user"),
                            "content": .array([.object(["type": .string("text"), "text": .string("Solve the tasks.")])]
                            ),
                        ]),
                        .object(["role": .string("assistant"), "content": originalContent]),
                        .object([
                            "role": .string("user"),
                            "content": .array([
                                .object([
                                    "type": .string("tool_result"), "tool_use_id": .string("toolu_01A"),
                                    "content": .string("What is 1 + 1?"),
                                ])
                            ]),
                        ]),
                    ]))
            // The signature travels byte for byte.
            #expect(
                request.body.contains(#""signature":"EqQBCkYIARgCKkD+\/sig=="#)
                    || request.body.contains(#""signature":"EqQBCkYIARgCKkD+/sig=="#))
        }
    }

    @Test("without thinking, tool_choice is auto and tools carry input_schema")
    func noThinking() async throws {
        try await FakeProviderServer.with(replies: [Self.secondReply]) { server in
            _ = try await Self.provider(server, thinking: nil).generate(
                ModelRequest(messages: [.user("Hi")], tools: OpenAIChatProviderTests.tools))
            let sent = try #require(try server.requests.first?.json())
            #expect(sent["tool_choice"] == .object(["type": .string("auto")]))
            #expect(sent["thinking"] == nil)
            #expect(server.requests.first?.header("anthropic-beta") == nil)
            guard case .array(let tools)? = sent["tools"] else {
                Issue.record("no tools")
                return
            }
            #expect(tools.first?["input_schema"]?["required"] == .array([.string("cmd")]))
        }
    }

    @Test(
        "errors: 529 overloaded and 500 are server errors, a long prompt is .contextLength, 429 keeps Retry-After",
        arguments: [
            (
                529, #"{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"#,
                ProviderError.Code.server
            ),
            (500, #"{"type": "error", "error": {"type": "api_error", "message": "Internal server error"}}"#, .server),
            (
                400,
                #"{"type": "error", "error": {"type": "invalid_request_error", "message": "prompt is too long: 210000 tokens > 200000 maximum"}}"#,
                .contextLength
            ),
            (
                429,
                #"{"type": "error", "error": {"type": "rate_limit_error", "message": "Number of request tokens has exceeded your per-minute rate limit"}}"#,
                .rateLimited
            ),
            (
                401, #"{"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}}"#,
                .invalidKey
            ),
        ])
    func errors(_ status: Int, _ body: String, _ code: ProviderError.Code) async throws {
        try await FakeProviderServer.with(replies: [.json(body, status: status, headers: [("Retry-After", "3")])]) {
            server in
            do {
                _ = try await Self.provider(server).generate(ModelRequest(messages: [.user("Hi")], tools: []))
                Issue.record("expected \(code)")
            } catch let error as ProviderError {
                #expect(error.code == code, "\(error.message)")
                #expect(!error.message.contains(Self.key))
                if code == .rateLimited { #expect(error.retryAfter == .seconds(3)) }
            }
        }
    }

    @Test("a refusal is an output")
    func refusal() async throws {
        let reply = Reply.json(
            #"{"model": "claude-opus-4-1", "content": [{"type": "text", "text": "I won't do that."}], "stop_reason": "refusal", "usage": {"input_tokens": 5, "output_tokens": 5}}"#
        )
        try await FakeProviderServer.with(replies: [reply]) { server in
            let output = try await Self.provider(server).generate(ModelRequest(messages: [.user("Hi")], tools: []))
            #expect(output.message.content == "I won't do that.")
            #expect(output.message.toolCalls.isEmpty)
        }
    }

    @Test(
        "an answer stopped at max_tokens is marked truncated; one that ended its turn is not",
        arguments: [("max_tokens", true), ("end_turn", false), ("tool_use", false)])
    func truncation(_ stopReason: String, _ truncated: Bool) async throws {
        let reply = Reply.json(
            #"{"model": "claude-opus-4-1", "content": [{"type": "text", "text": "I will now"}], "stop_reason": "\#(stopReason)", "usage": {"input_tokens": 5, "output_tokens": 3}}"#
        )
        try await FakeProviderServer.with(replies: [reply]) { server in
            let output = try await Self.provider(server).generate(ModelRequest(messages: [.user("Hi")], tools: []))
            #expect(output.truncated == truncated)
            #expect(output.message.content == "I will now")
        }
    }

    @Test("malformed JSON and a slow answer are classified", arguments: [false, true])
    func malformedAndSlow(_ slow: Bool) async throws {
        let reply = slow ? Self.secondReply.delayed(by: .seconds(10)) : Reply.json("{oops")
        try await FakeProviderServer.with(replies: [reply]) { server in
            do {
                _ = try await Self.provider(server, timeout: slow ? .seconds(1) : .seconds(10)).generate(
                    ModelRequest(messages: [.user("Hi")], tools: []))
                Issue.record("expected an error")
            } catch let error as ProviderError {
                #expect(error.code == (slow ? .timeout : .malformed))
            }
        }
    }
}
