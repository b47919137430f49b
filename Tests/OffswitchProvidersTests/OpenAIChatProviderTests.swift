import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchTestSupport
import Testing

/// The OpenAI Chat Completions adapter against a fake server speaking the documented wire format.
@Suite("OpenAI Chat Completions adapter")
struct OpenAIChatProviderTests {
    static let key = "sk-test-SECRET-0123456789"

    static let tools = [
        ToolSpec(
            name: "bash", description: "Run a command.", parameters: [.init(name: "cmd", description: "The command.")]),
        ToolSpec(
            name: "submit", description: "Submit.", parameters: [.init(name: "answer", description: "The answer.")]),
    ]

    /// A conversation one tool round in: system, user, the assistant's call and the tool's answer.
    static let conversation: [ChatMessage] = [
        .system("You are a helpful assistant."),
        .user("Solve the tasks."),
        ChatMessage(
            role: .assistant, content: "",
            toolCalls: [ToolCall(id: "call_abc", name: "bash", arguments: #"{"cmd":"./next_question"}"#)]),
        .tool("What is 1 + 1?", callID: "call_abc"),
    ]

    static let toolCallReply = FakeProviderServer.Reply.json(
        """
        {"id": "chatcmpl-1", "object": "chat.completion", "model": "o3-2025-04-16",
         "choices": [{"index": 0, "finish_reason": "tool_calls",
           "message": {"role": "assistant", "content": null, "refusal": null,
             "tool_calls": [{"id": "call_def", "type": "function",
                             "function": {"name": "bash", "arguments": "{\\"cmd\\":\\"./next_question\\"}"}}]}}],
         "usage": {"prompt_tokens": 120, "completion_tokens": 90, "total_tokens": 210,
                   "completion_tokens_details": {"reasoning_tokens": 64}}}
        """)

    static func provider(
        _ server: FakeProviderServer, model: String = "o3", effort: String? = "high", maxTokens: Int? = 1000,
        timeout: Duration = .seconds(10), address: String? = nil, reasoning: Bool? = nil
    ) -> OpenAIChatProvider {
        OpenAIChatProvider(
            configuration: .init(
                model: model, address: address, baseURL: server.baseURL, apiKey: APIKey(key),
                keyVariable: "OPENAI_API_KEY", reasoning: reasoning, reasoningEffort: effort, maxTokens: maxTokens,
                timeout: timeout))
    }

    static func expectedMessages(systemRole: String) -> JSONValue {
        .array([
            .object(["role": .string(systemRole), "content": .string("You are a helpful assistant.")]),
            .object(["role": .string("user"), "content": .string("Solve the tasks.")]),
            .object([
                "role": .string("assistant"), "content": .string(""),
                "tool_calls": .array([
                    .object([
                        "id": .string("call_abc"), "type": .string("function"),
                        "function": .object([
                            "name": .string("bash"), "arguments": .string(#"{"cmd":"./next_question"}"#),
                        ]),
                    ])
                ]),
            ]),
            .object([
                "role": .string("tool"), "tool_call_id": .string("call_abc"), "content": .string("What is 1 + 1?"),
            ]),
        ])
    }

    static func expectedTools() -> JSONValue {
        func tool(_ name: String, _ description: String, _ parameter: String, _ parameterDescription: String)
            -> JSONValue
        {
            .object([
                "type": .string("function"),
                "function": .object([
                    "name": .string(name), "description": .string(description),
                    "parameters": .object([
                        "type": .string("object"),
                        "properties": .object([
                            parameter: .object([
                                "type": .string("string"), "description": .string(parameterDescription),
                            ])
                        ]),
                        "required": .array([.string(parameter)]),
                    ]),
                ]),
            ])
        }
        return .array([
            tool("bash", "Run a command.", "cmd", "The command."), tool("submit", "Submit.", "answer", "The answer."),
        ])
    }

    @Test("a reasoning model's tool-calling turn sends exactly the documented request and reads the answer")
    func reasoningToolTurn() async throws {
        try await FakeProviderServer.with(replies: [Self.toolCallReply]) { server in
            let output = try await Self.provider(server).generate(
                ModelRequest(messages: Self.conversation, tools: Self.tools))
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.uri == "/v1/chat/completions")
            #expect(request.header("Authorization") == "Bearer \(Self.key)")
            #expect(request.header("Content-Type") == "application/json")
            let expected = JSONValue.object([
                "model": .string("o3"), "messages": Self.expectedMessages(systemRole: "developer"),
                "tools": Self.expectedTools(), "tool_choice": .string("auto"),
                "max_completion_tokens": .number(1000), "reasoning_effort": .string("high"),
            ])
            #expect(try request.json() == expected)

            #expect(output.message.role == .assistant)
            #expect(output.message.content == "")
            #expect(
                output.message.toolCalls == [
                    ToolCall(id: "call_def", name: "bash", arguments: #"{"cmd":"./next_question"}"#)
                ])
            #expect(output.usage == Usage(inputTokens: 120, outputTokens: 90, reasoningTokens: 64))
            #expect(output.modelName == "o3-2025-04-16")
            #expect(!output.scripted)
        }
    }

    @Test("a chat model gets the system role and max_tokens, and no reasoning_effort when none is set")
    func chatModelTurn() async throws {
        try await FakeProviderServer.with(replies: [Self.toolCallReply]) { server in
            _ = try await Self.provider(server, model: "gpt-4.1", effort: nil, maxTokens: 500).generate(
                ModelRequest(messages: Self.conversation, tools: Self.tools))
            let expected = JSONValue.object([
                "model": .string("gpt-4.1"), "messages": Self.expectedMessages(systemRole: "system"),
                "tools": Self.expectedTools(), "tool_choice": .string("auto"), "max_tokens": .number(500),
            ])
            #expect(try server.requests.first?.json() == expected)
        }
    }

    @Test("the assistant's answer goes back unchanged in the next turn, with the tool result under its call id")
    func multiTurnEcho() async throws {
        let final = FakeProviderServer.Reply.json(
            #"{"model": "o3", "choices": [{"finish_reason": "stop", "message": {"role": "assistant", "content": "Done."}}]}"#
        )
        try await FakeProviderServer.with(replies: [Self.toolCallReply, final]) { server in
            let provider = Self.provider(server)
            var messages = Self.conversation
            let first = try await provider.generate(ModelRequest(messages: messages, tools: Self.tools))
            messages.append(first.message)
            messages.append(.tool("What is 2 + 2?", callID: first.message.toolCalls[0].id))
            let second = try await provider.generate(ModelRequest(messages: messages, tools: Self.tools))
            #expect(second.message.content == "Done.")
            #expect(second.message.toolCalls.isEmpty)
            guard case .array(let sent)? = try server.requests[1].json()["messages"] else {
                Issue.record("no messages array")
                return
            }
            #expect(sent.count == 6)
            #expect(
                sent[4]
                    == .object([
                        "role": .string("assistant"), "content": .string(""),
                        "tool_calls": .array([
                            .object([
                                "id": .string("call_def"), "type": .string("function"),
                                "function": .object([
                                    "name": .string("bash"), "arguments": .string(#"{"cmd":"./next_question"}"#),
                                ]),
                            ])
                        ]),
                    ]))
            #expect(
                sent[5]
                    == .object([
                        "role": .string("tool"), "tool_call_id": .string("call_def"),
                        "content": .string("What is 2 + 2?"),
                    ]))
        }
    }

    @Test("a refusal is an output with its text and no tool call, not an error")
    func refusal() async throws {
        let reply = FakeProviderServer.Reply.json(
            #"{"model": "o3", "choices": [{"finish_reason": "stop", "message": {"role": "assistant", "content": null, "refusal": "I can't help with that."}}]}"#
        )
        try await FakeProviderServer.with(replies: [reply]) { server in
            let output = try await Self.provider(server).generate(
                ModelRequest(messages: Self.conversation, tools: Self.tools))
            #expect(output.message.content == "I can't help with that.")
            #expect(output.message.toolCalls.isEmpty)
        }
    }
}
