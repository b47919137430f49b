import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchTestSupport
import Testing

/// The Gemini generateContent adapter against a fake server speaking the documented wire format.
@Suite("Gemini generateContent adapter")
struct GeminiProviderTests {
    static let key = "AIza-test-SECRET-gemini-31"
    typealias Reply = FakeProviderServer.Reply

    static let signature = "CiQB0e2Kb+/sig\\u003d=="

    static let firstReply = Reply.json(
        """
        {"candidates": [{"content": {"role": "model", "parts": [
            {"text": "**Getting the question**\\nI should run the next question.", "thought": true},
            {"functionCall": {"name": "bash", "args": {"cmd": "./next_question"}}, "thoughtSignature": "\(signature)"},
            {"functionCall": {"name": "submit", "args": {"answer": "2"}}}]},
          "finishReason": "STOP", "index": 0}],
         "usageMetadata": {"promptTokenCount": 800, "candidatesTokenCount": 40, "thoughtsTokenCount": 300,
                           "totalTokenCount": 1140},
         "modelVersion": "gemini-2.5-pro", "responseId": "abc123"}
        """)

    static let finalReply = Reply.json(
        """
        {"candidates": [{"content": {"role": "model", "parts": [{"text": "Done."}]}, "finishReason": "STOP", "index": 0}],
         "usageMetadata": {"promptTokenCount": 1000, "candidatesTokenCount": 2, "totalTokenCount": 1002},
         "modelVersion": "gemini-2.5-pro"}
        """)

    static func provider(
        _ server: FakeProviderServer, model: String = "gemini-2.5-pro", budget: Int? = 8192,
        timeout: Duration = .seconds(10)
    ) -> GeminiProvider {
        GeminiProvider(
            configuration: .init(
                model: model, baseURL: "http://127.0.0.1:\(server.port)", apiKey: APIKey(key), thinkingBudget: budget,
                maxTokens: 4000, timeout: timeout))
    }

    static func userText(_ text: String) -> JSONValue {
        .object(["role": .string("user"), "parts": .array([.object(["text": .string(text)])])])
    }

    static func expectedTools() -> JSONValue {
        func declaration(_ name: String, _ description: String, _ parameter: String, _ parameterDescription: String)
            -> JSONValue
        {
            .object([
                "name": .string(name), "description": .string(description),
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
            .object([
                "functionDeclarations": .array([
                    declaration("bash", "Run a command.", "cmd", "The command."),
                    declaration("submit", "Submit.", "answer", "The answer."),
                ])
            ])
        ])
    }

    @Test(
        "a thinking tool exchange: exact requests, parts and thought signatures echoed on their parts, results by name")
    func multiTurn() async throws {
        try await FakeProviderServer.with(replies: [Self.firstReply, Self.finalReply]) { server in
            let provider = Self.provider(server)
            var messages: [ChatMessage] = [.system("You are a helpful assistant."), .user("Solve the tasks.")]
            let first = try await provider.generate(
                ModelRequest(messages: messages, tools: OpenAIChatProviderTests.tools))
            #expect(first.message.content == "")
            #expect(first.message.reasoning == "**Getting the question**\nI should run the next question.")
            #expect(first.message.toolCalls.map(\.name) == ["bash", "submit"])
            #expect(first.message.toolCalls.map(\.arguments) == [#"{"cmd":"./next_question"}"#, #"{"answer":"2"}"#])
            #expect(Set(first.message.toolCalls.map(\.id)).count == 2)
            #expect(first.usage == Usage(inputTokens: 800, outputTokens: 340, reasoningTokens: 300))
            #expect(first.modelName == "gemini-2.5-pro")

            let firstRequest = try #require(server.requests.first)
            #expect(firstRequest.method == "POST")
            #expect(firstRequest.uri == "/v1beta/models/gemini-2.5-pro:generateContent")
            #expect(firstRequest.header("x-goog-api-key") == Self.key)
            #expect(firstRequest.header("Authorization") == nil)
            #expect(!firstRequest.uri.contains(Self.key))
            #expect(
                try firstRequest.json()
                    == .object([
                        "systemInstruction": .object([
                            "parts": .array([.object(["text": .string("You are a helpful assistant.")])])
                        ]),
                        "contents": .array([Self.userText("Solve the tasks.")]),
                        "tools": Self.expectedTools(),
                        "toolConfig": .object(["functionCallingConfig": .object(["mode": .string("AUTO")])]),
                        "generationConfig": .object([
                            "maxOutputTokens": .number(4000),
                            "thinkingConfig": .object(["thinkingBudget": .number(8192), "includeThoughts": .bool(true)]
                            ),
                        ]),
                    ]))

            messages.append(first.message)
            messages.append(.tool("What is 1 + 1?", callID: first.message.toolCalls[0].id))
            messages.append(.tool("Submitted.", callID: first.message.toolCalls[1].id))
            let second = try await provider.generate(
                ModelRequest(messages: messages, tools: OpenAIChatProviderTests.tools))
            #expect(second.message.content == "Done.")
            #expect(second.usage == Usage(inputTokens: 1000, outputTokens: 2, reasoningTokens: nil))

            let sent = try #require(try server.requests.last?.json())
            let originalParts = try #require(try JSONValue.parse(Array(Self.firstReply.body.utf8))["candidates"])
            guard case .array(let candidates) = originalParts else {
                Issue.record("no candidates")
                return
            }
            #expect(
                sent["contents"]
                    == .array([
                        Self.userText("Solve the tasks."),
                        .object([
                            "role": .string("model"), "parts": try #require(candidates.first?["content"]?["parts"]),
                        ]),
                        .object([
                            "role": .string("user"),
                            "parts": .array([
                                .object([
                                    "functionResponse": .object([
                                        "name": .string("bash"),
                                        "response": .object(["content": .string("What is 1 + 1?")]),
                                    ])
                                ]),
                                .object([
                                    "functionResponse": .object([
                                        "name": .string("submit"),
                                        "response": .object(["content": .string("Submitted.")]),
                                    ])
                                ]),
                            ]),
                        ]),
                    ]))
            // The signature stays on the part it came with, unchanged.
            guard case .array(let contents)? = sent["contents"], case .array(let parts)? = contents[1]["parts"] else {
                Issue.record("no model turn")
                return
            }
            #expect(parts[1]["functionCall"]?["name"] == .string("bash"))
            #expect(parts[1]["thoughtSignature"] == .string("CiQB0e2Kb+/sig==="))
            #expect(parts[2]["thoughtSignature"] == nil)
            #expect(first.message.providerData?.provider == "google")
        }
    }

    @Test("ids Gemini gives its calls go back in functionResponse; a foreign turn is rebuilt as parts")
    func idsAndForeignHistory() async throws {
        let reply = Reply.json(
            #"{"candidates": [{"content": {"role": "model", "parts": [{"functionCall": {"id": "fc-77", "name": "bash", "args": {}}}]}, "finishReason": "STOP"}], "modelVersion": "gemini-3-pro-preview"}"#
        )
        try await FakeProviderServer.with(replies: [reply, Self.finalReply]) { server in
            let provider = Self.provider(server, model: "gemini-3-pro-preview", budget: nil)
            var messages: [ChatMessage] = [
                .user("Go."),
                ChatMessage(
                    role: .assistant, content: "Calling.",
                    toolCalls: [ToolCall(id: "toolu_1", name: "bash", arguments: #"{"cmd":"ls"}"#)],
                    providerData: ProviderData(provider: "anthropic", json: "[]")),
                .tool("file", callID: "toolu_1"),
            ]
            let first = try await provider.generate(ModelRequest(messages: messages, tools: []))
            #expect(first.message.toolCalls == [ToolCall(id: "fc-77", name: "bash", arguments: "{}")])
            let firstSent = try #require(try server.requests.first?.json())
            #expect(
                firstSent["contents"]
                    == .array([
                        Self.userText("Go."),
                        .object([
                            "role": .string("model"),
                            "parts": .array([
                                .object(["text": .string("Calling.")]),
                                .object([
                                    "functionCall": .object([
                                        "name": .string("bash"), "args": .object(["cmd": .string("ls")]),
                                    ])
                                ]),
                            ]),
                        ]),
                        .object([
                            "role": .string("user"),
                            "parts": .array([
                                .object([
                                    "functionResponse": .object([
                                        "name": .string("bash"), "response": .object(["content": .string("file")]),
                                    ])
                                ])
                            ]),
                        ]),
                    ]))
            #expect(
                firstSent["generationConfig"]
                    == .object([
                        "maxOutputTokens": .number(4000),
                        "thinkingConfig": .object(["thinkingBudget": .number(-1), "includeThoughts": .bool(true)]),
                    ]))

            messages.append(first.message)
            messages.append(.tool("out", callID: "fc-77"))
            _ = try await provider.generate(ModelRequest(messages: messages, tools: []))
            guard case .array(let contents)? = try server.requests.last?.json()["contents"] else {
                Issue.record("no contents")
                return
            }
            #expect(
                contents.last
                    == .object([
                        "role": .string("user"),
                        "parts": .array([
                            .object([
                                "functionResponse": .object([
                                    "id": .string("fc-77"), "name": .string("bash"),
                                    "response": .object(["content": .string("out")]),
                                ])
                            ])
                        ]),
                    ]))
        }
    }

    @Test("a model before 2.5 gets no thinkingConfig")
    func noThinking() async throws {
        try await FakeProviderServer.with(replies: [Self.finalReply]) { server in
            _ = try await Self.provider(server, model: "gemini-2.0-flash").generate(
                ModelRequest(messages: [.user("Hi")], tools: []))
            let sent = try #require(try server.requests.first?.json())
            #expect(sent["generationConfig"] == .object(["maxOutputTokens": .number(4000)]))
            #expect(sent["systemInstruction"] == nil)
            #expect(sent["tools"] == nil)
        }
    }

    @Test(
        "a safety or recitation stop and a blocked prompt are outputs, not errors",
        arguments: [
            (
                #"{"candidates": [{"finishReason": "SAFETY", "index": 0, "safetyRatings": []}], "modelVersion": "gemini-2.5-pro"}"#,
                "BLOCKED: SAFETY"
            ),
            (
                #"{"candidates": [{"content": {"role": "model", "parts": []}, "finishReason": "RECITATION"}], "modelVersion": "gemini-2.5-pro"}"#,
                "BLOCKED: RECITATION"
            ),
            (
                #"{"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"}, "modelVersion": "gemini-2.5-pro"}"#,
                "BLOCKED: PROHIBITED_CONTENT"
            ),
            (
                #"{"candidates": [{"content": {"role": "model", "parts": [{"text": "I won't help."}]}, "finishReason": "SAFETY"}]}"#,
                "I won't help."
            ),
        ])
    func blocked(_ body: String, _ content: String) async throws {
        try await FakeProviderServer.with(replies: [.json(body)]) { server in
            let output = try await Self.provider(server).generate(ModelRequest(messages: [.user("Hi")], tools: []))
            #expect(output.message.content == content)
            #expect(output.message.toolCalls.isEmpty)
        }
    }

    @Test(
        "errors: 429 (per-minute quota) is retryable with its delay, zero quota is not, 5xx, context length, bad key",
        arguments: [
            (
                429,
                #"{"error": {"code": 429, "message": "You exceeded your current quota, please check your plan and billing details.", "status": "RESOURCE_EXHAUSTED", "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "27s"}]}}"#,
                ProviderError.Code.rateLimited, Duration?.some(.seconds(27))
            ),
            (
                429,
                #"{"error": {"code": 429, "message": "You exceeded your current quota. Quota exceeded for metric: generate_content_free_tier_requests, limit: 0", "status": "RESOURCE_EXHAUSTED"}}"#,
                .quotaExceeded, nil
            ),
            (
                500, #"{"error": {"code": 500, "message": "An internal error has occurred.", "status": "INTERNAL"}}"#,
                .server, nil
            ),
            (
                503, #"{"error": {"code": 503, "message": "The model is overloaded.", "status": "UNAVAILABLE"}}"#,
                .server, nil
            ),
            (
                400,
                #"{"error": {"code": 400, "message": "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).", "status": "INVALID_ARGUMENT"}}"#,
                .contextLength, nil
            ),
            (
                400,
                #"{"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.", "status": "INVALID_ARGUMENT"}}"#,
                .invalidKey, nil
            ),
        ])
    func errors(_ status: Int, _ body: String, _ code: ProviderError.Code, _ retryAfter: Duration?) async throws {
        try await FakeProviderServer.with(replies: [.json(body, status: status)]) { server in
            do {
                let output = try await Self.provider(server).generate(ModelRequest(messages: [.user("Hi")], tools: []))
                Issue.record("expected \(code), got \(output.message)")
            } catch let error as ProviderError {
                #expect(error.code == code, "\(error.message)")
                #expect(!error.message.contains(Self.key))
                if let retryAfter { #expect(error.retryAfter == retryAfter) }
                if code == .invalidKey { #expect(error.message.contains("GOOGLE_API_KEY")) }
            }
        }
    }

    @Test(
        "an answer stopped at MAX_TOKENS is marked truncated; one that stopped is not",
        arguments: [("MAX_TOKENS", true), ("STOP", false)])
    func truncation(_ finishReason: String, _ truncated: Bool) async throws {
        let body =
            #"{"candidates": [{"content": {"role": "model", "parts": [{"text": "I will now"}]}, "finishReason": "\#(finishReason)"}], "modelVersion": "gemini-2.5-pro"}"#
        try await FakeProviderServer.with(replies: [.json(body)]) { server in
            let output = try await Self.provider(server).generate(ModelRequest(messages: [.user("Hi")], tools: []))
            #expect(output.truncated == truncated)
            #expect(output.message.content == "I will now")
        }
    }

    @Test("429 honours a Retry-After header")
    func retryAfterHeader() async throws {
        let reply = Reply.json(
            #"{"error": {"code": 429, "message": "Resource has been exhausted (e.g. check quota).", "status": "RESOURCE_EXHAUSTED"}}"#,
            status: 429, headers: [("Retry-After", "4")])
        try await FakeProviderServer.with(replies: [reply]) { server in
            do {
                _ = try await Self.provider(server).generate(ModelRequest(messages: [.user("Hi")], tools: []))
                Issue.record("expected an error")
            } catch let error as ProviderError {
                #expect(error.code == .rateLimited)
                #expect(error.retryAfter == .seconds(4))
            }
        }
    }

    @Test("malformed JSON and a slow answer are classified", arguments: [false, true])
    func malformedAndSlow(_ slow: Bool) async throws {
        let reply = slow ? Self.finalReply.delayed(by: .seconds(10)) : Reply.json(#"{"candidates": [oops"#)
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
