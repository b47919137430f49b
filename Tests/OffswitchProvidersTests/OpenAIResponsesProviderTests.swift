import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchTestSupport
import Testing

/// The OpenAI Responses adapter against a fake server speaking the documented wire format.
@Suite("OpenAI Responses adapter")
struct OpenAIResponsesProviderTests {
    static let key = "sk-test-SECRET-responses-77"
    typealias Reply = FakeProviderServer.Reply

    /// The reasoning item exactly as the server formats it: it must come back byte for byte.
    static let reasoningItem =
        #"{"type": "reasoning", "id": "rs_0a1", "summary": [{"type": "summary_text", "text": "I need the next question."}], "encrypted_content": "gAAAAABo+/Zx9\u00e9==", "status": null}"#
    static let callItem =
        #"{"type": "function_call", "id": "fc_0a2", "call_id": "call_Xy9", "name": "bash", "arguments": "{\"cmd\":\"./next_question\"}", "status": "completed"}"#

    static let firstReply = Reply.json(
        """
        {"id": "resp_01", "object": "response", "created_at": 1741476542, "status": "completed",
         "model": "codex-mini-latest-2025-05-16", "error": null, "incomplete_details": null,
         "output": [\(reasoningItem),
                    \(callItem)],
         "usage": {"input_tokens": 1200, "input_tokens_details": {"cached_tokens": 0},
                   "output_tokens": 300, "output_tokens_details": {"reasoning_tokens": 256}, "total_tokens": 1500}}
        """)

    static let finalReply = Reply.json(
        """
        {"id": "resp_02", "object": "response", "status": "completed", "model": "codex-mini-latest-2025-05-16",
         "output": [{"type": "message", "id": "msg_03", "status": "completed", "role": "assistant",
                     "content": [{"type": "output_text", "text": "Done.", "annotations": []}]}],
         "usage": {"input_tokens": 1400, "output_tokens": 10, "output_tokens_details": {"reasoning_tokens": 0}}}
        """)

    static func provider(
        _ server: FakeProviderServer, model: String = "codex-mini-latest", effort: String? = "high",
        timeout: Duration = .seconds(10)
    ) -> OpenAIResponsesProvider {
        OpenAIResponsesProvider(
            configuration: .init(
                model: model, baseURL: server.baseURL, apiKey: APIKey(key), reasoningEffort: effort, maxTokens: 4000,
                timeout: timeout))
    }

    static func inputMessage(_ role: String, _ text: String) -> JSONValue {
        .object([
            "type": .string("message"), "role": .string(role),
            "content": .array([.object(["type": .string("input_text"), "text": .string(text)])]),
        ])
    }

    static func expectedTools() -> JSONValue {
        func tool(_ name: String, _ description: String, _ parameter: String, _ parameterDescription: String)
            -> JSONValue
        {
            .object([
                "type": .string("function"), "name": .string(name), "description": .string(description),
                "strict": .bool(false),
                "parameters": .object([
                    "type": .string("object"),
                    "properties": .object([
                        parameter: .object(["type": .string("string"), "description": .string(parameterDescription)])
                    ]),
                    "required": .array([.string(parameter)]),
                ]),
            ])
        }
        return .array([
            tool("bash", "Run a command.", "cmd", "The command."), tool("submit", "Submit.", "answer", "The answer."),
        ])
    }

    static func json(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test("a multi-turn tool exchange: exact requests, reasoning item echoed byte for byte before its call")
    func multiTurn() async throws {
        try await FakeProviderServer.with(replies: [Self.firstReply, Self.finalReply]) { server in
            let provider = Self.provider(server)
            var messages: [ChatMessage] = [.system("You are a helpful assistant."), .user("Solve the tasks.")]
            let first = try await provider.generate(
                ModelRequest(messages: messages, tools: OpenAIChatProviderTests.tools))
            #expect(first.message.content == "")
            #expect(first.message.reasoning == "I need the next question.")
            #expect(
                first.message.toolCalls == [
                    ToolCall(id: "call_Xy9", name: "bash", arguments: #"{"cmd":"./next_question"}"#)
                ])
            #expect(
                first.usage == Usage(inputTokens: 1200, outputTokens: 300, reasoningTokens: 256, cacheReadTokens: 0))
            #expect(first.modelName == "codex-mini-latest-2025-05-16")
            #expect(first.message.providerData?.provider == "openai-responses")

            let firstRequest = try #require(server.requests.first)
            #expect(firstRequest.method == "POST")
            #expect(firstRequest.uri == "/v1/responses")
            #expect(firstRequest.header("Authorization") == "Bearer \(Self.key)")
            #expect(
                try firstRequest.json()
                    == .object([
                        "model": .string("codex-mini-latest"),
                        "input": .array([
                            Self.inputMessage("developer", "You are a helpful assistant."),
                            Self.inputMessage("user", "Solve the tasks."),
                        ]),
                        "tools": Self.expectedTools(), "tool_choice": .string("auto"),
                        "max_output_tokens": .number(4000), "reasoning": .object(["effort": .string("high")]),
                        "store": .bool(false), "include": .array([.string("reasoning.encrypted_content")]),
                    ]))

            messages.append(first.message)
            messages.append(.tool("What is 1 + 1?", callID: first.message.toolCalls[0].id))
            let second = try await provider.generate(
                ModelRequest(messages: messages, tools: OpenAIChatProviderTests.tools))
            #expect(second.message.content == "Done.")
            #expect(second.message.toolCalls.isEmpty)
            #expect(second.usage == Usage(inputTokens: 1400, outputTokens: 10, reasoningTokens: 0))

            let secondRequest = try #require(server.requests.last)
            let body = secondRequest.body
            // Byte for byte, and the reasoning item before the function call it belongs to.
            let reasoningRange = try #require(body.range(of: Self.reasoningItem))
            let callRange = try #require(body.range(of: Self.callItem))
            #expect(reasoningRange.upperBound <= callRange.lowerBound)
            #expect(
                try secondRequest.json()["input"]
                    == .array([
                        Self.inputMessage("developer", "You are a helpful assistant."),
                        Self.inputMessage("user", "Solve the tasks."),
                        try Self.json(Self.reasoningItem),
                        try Self.json(Self.callItem),
                        .object([
                            "type": .string("function_call_output"), "call_id": .string("call_Xy9"),
                            "output": .string("What is 1 + 1?"),
                        ]),
                    ]))
        }
    }

    @Test("a chat model gets the system role, and neither reasoning nor include")
    func chatModel() async throws {
        try await FakeProviderServer.with(replies: [Self.finalReply]) { server in
            _ = try await Self.provider(server, model: "gpt-4.1", effort: nil).generate(
                ModelRequest(messages: [.system("Be brief."), .user("Hi")], tools: []))
            let sent = try #require(try server.requests.first?.json())
            #expect(
                sent
                    == .object([
                        "model": .string("gpt-4.1"),
                        "input": .array([Self.inputMessage("system", "Be brief."), Self.inputMessage("user", "Hi")]),
                        "max_output_tokens": .number(4000), "store": .bool(false),
                    ]))
        }
    }

    @Test("another provider's assistant turn is rebuilt as message and function_call items")
    func foreignHistory() async throws {
        try await FakeProviderServer.with(replies: [Self.finalReply]) { server in
            let messages: [ChatMessage] = [
                .user("Go."),
                ChatMessage(
                    role: .assistant, content: "Calling.",
                    toolCalls: [ToolCall(id: "toolu_1", name: "bash", arguments: #"{"cmd":"ls"}"#)],
                    providerData: ProviderData(provider: "anthropic", json: "[]")),
                .tool("file", callID: "toolu_1"),
            ]
            _ = try await Self.provider(server).generate(ModelRequest(messages: messages, tools: []))
            #expect(
                try server.requests.first?.json()["input"]
                    == .array([
                        Self.inputMessage("user", "Go."),
                        .object([
                            "type": .string("message"), "role": .string("assistant"),
                            "content": .array([.object(["type": .string("output_text"), "text": .string("Calling.")])]),
                        ]),
                        .object([
                            "type": .string("function_call"), "call_id": .string("toolu_1"), "name": .string("bash"),
                            "arguments": .string(#"{"cmd":"ls"}"#),
                        ]),
                        .object([
                            "type": .string("function_call_output"), "call_id": .string("toolu_1"),
                            "output": .string("file"),
                        ]),
                    ]))
        }
    }

    @Test(
        "a refusal, a content-filtered prompt and a cut-short answer are outputs",
        arguments: [
            (
                #"{"model": "o3", "status": "completed", "output": [{"type": "message", "id": "msg_1", "role": "assistant", "content": [{"type": "refusal", "refusal": "I can't help with that."}]}]}"#,
                "I can't help with that."
            ),
            (
                #"{"model": "o3", "status": "failed", "output": [], "error": {"code": "invalid_prompt", "message": "Invalid prompt: flagged."}}"#,
                "Invalid prompt: flagged."
            ),
            (
                #"{"model": "o3", "status": "incomplete", "incomplete_details": {"reason": "max_output_tokens"}, "output": [{"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "gAAA"}]}"#,
                ""
            ),
        ])
    func outputs(_ body: String, _ content: String) async throws {
        try await FakeProviderServer.with(replies: [.json(body)]) { server in
            let output = try await Self.provider(server).generate(ModelRequest(messages: [.user("Hi")], tools: []))
            #expect(output.message.content == content)
            #expect(output.message.toolCalls.isEmpty)
            // Only the answer cut at max_output_tokens is truncated.
            #expect(output.truncated == body.contains("max_output_tokens"))
        }
    }

    @Test(
        "errors: 429 keeps Retry-After, 500 is a server error, context_length_exceeded is .contextLength",
        arguments: [
            (
                429,
                #"{"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}}"#,
                ProviderError.Code.rateLimited
            ),
            (500, #"{"error": {"message": "The server had an error", "type": "server_error", "code": null}}"#, .server),
            (
                400,
                #"{"error": {"message": "Your input exceeds the context window of this model.", "type": "invalid_request_error", "code": "context_length_exceeded"}}"#,
                .contextLength
            ),
            (
                401,
                #"{"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "code": "invalid_api_key"}}"#,
                .invalidKey
            ),
            (
                200,
                #"{"model": "o3", "status": "failed", "output": [], "error": {"code": "context_length_exceeded", "message": "Your input exceeds the context window."}}"#,
                .contextLength
            ),
            (
                200,
                #"{"model": "o3", "status": "failed", "output": [], "error": {"code": "server_error", "message": "Something went wrong."}}"#,
                .server
            ),
        ])
    func errors(_ status: Int, _ body: String, _ code: ProviderError.Code) async throws {
        try await FakeProviderServer.with(replies: [.json(body, status: status, headers: [("Retry-After", "7")])]) {
            server in
            do {
                let output = try await Self.provider(server).generate(ModelRequest(messages: [.user("Hi")], tools: []))
                Issue.record("expected \(code), got \(output.message)")
            } catch let error as ProviderError {
                #expect(error.code == code, "\(error.message)")
                #expect(!error.message.contains(Self.key))
                if code == .rateLimited { #expect(error.retryAfter == .seconds(7)) }
                if code == .invalidKey { #expect(error.message.contains("OPENAI_API_KEY")) }
            }
        }
    }

    @Test("malformed JSON and a slow answer are classified", arguments: [false, true])
    func malformedAndSlow(_ slow: Bool) async throws {
        let reply = slow ? Self.finalReply.delayed(by: .seconds(10)) : Reply.json(#"{"output": [oops"#)
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

    @Test("a turn cut short after its reasoning is replayed without the dangling reasoning item")
    func danglingReasoning() async throws {
        let message =
            #"{"type": "message", "id": "msg_9", "role": "assistant", "content": [{"type": "output_text", "text": "Hi."}]}"#
        try await FakeProviderServer.with(replies: [Self.finalReply]) { server in
            let messages: [ChatMessage] = [
                .user("One."),
                ChatMessage(
                    role: .assistant, content: "",
                    providerData: ProviderData(provider: "openai-responses", json: "[\(Self.reasoningItem)]")),
                .user("Two."),
                ChatMessage(
                    role: .assistant, content: "Hi.",
                    providerData: ProviderData(
                        provider: "openai-responses", json: "[\(Self.reasoningItem), \(message)]")),
                .user("Three."),
            ]
            _ = try await Self.provider(server).generate(ModelRequest(messages: messages, tools: []))
            let request = try #require(server.requests.first)
            #expect(request.body.contains(Self.reasoningItem + "," + message))
            #expect(
                try request.json()["input"]
                    == .array([
                        Self.inputMessage("user", "One."), Self.inputMessage("user", "Two."),
                        try Self.json(Self.reasoningItem), try Self.json(message), Self.inputMessage("user", "Three."),
                    ]))
        }
    }

    @Test("codex models need the Responses API; other names do not")
    func routing() {
        #expect(OpenAIResponsesProvider.Configuration.requiresResponsesAPI("codex-mini-latest"))
        #expect(OpenAIResponsesProvider.Configuration.requiresResponsesAPI("gpt-5-codex"))
        #expect(!OpenAIResponsesProvider.Configuration.requiresResponsesAPI("o3"))
    }
}
