import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchStore
import OffswitchTestSupport
import Testing

/// What a weak model behind a local server does to the harness, with answers shaped as llama-cpp-python 0.3.36's
/// server gives them (recorded against it serving SmolLM2-135M-Instruct, see scripts/local-model).
@Suite("weak local models: tool choice, malformed calls, token cap, context overflow")
struct LocalServerTests {
    typealias Reply = FakeProviderServer.Reply

    /// A tool call as llama-cpp-python answers it: `content` null, an id made of the call index and tool name, a
    /// legacy `function_call` whose name has a trailing colon, and `arguments` as the grammar let the model write
    /// them (`escapedArguments` is already escaped for a JSON string).
    static func llamaToolCall(
        _ escapedArguments: String, tool: String = "bash", finish: String = "tool_calls", tokens: Int = 10
    ) -> Reply {
        .json(
            """
            {"id": "chatcmpl-5f0b", "object": "chat.completion", "created": 1796000000, "model": "smollm2",
             "choices": [{"index": 0, "message": {"content": null,
               "tool_calls": [{"id": "call__0_\(tool)_cmpl-5f0b", "type": "function",
                 "function": {"name": "\(tool)", "arguments": "\(escapedArguments)"}}],
               "role": "assistant", "function_call": {"name": "\(tool):", "arguments": "\(escapedArguments)"}},
               "logprobs": null, "finish_reason": "\(finish)"}],
             "usage": {"prompt_tokens": 241, "completion_tokens": \(tokens), "total_tokens": \(241 + tokens)}}
            """)
    }

    /// llama-cpp-python's answer when the conversation no longer fits `--n_ctx` (HTTP 400), byte for byte.
    static let contextOverflow = Reply.json(
        #"{"error":{"message":"This model's maximum context length is 2048 tokens. However, you requested 2361 tokens (2297 in the messages, 64 in the completion). Please reduce the length of the messages or completion.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}"#,
        status: 400)

    static func provider(_ server: FakeProviderServer, toolChoice: ToolChoice = .auto) -> OpenAIChatProvider {
        OpenAIChatProvider(
            configuration: .init(
                model: "smollm2", address: "llamacpp/smollm2", baseURL: server.baseURL, reasoning: false,
                maxTokens: 64, timeout: .seconds(10), toolChoice: toolChoice))
    }

    static let request = ModelRequest(
        messages: [.system("You are an agent."), .user("Run ./next_question.")], tools: OpenAIChatProviderTests.tools)

    @Test(
        "--tool-choice goes on the wire as OpenAI spells it",
        arguments: [
            ("auto", JSONValue.string("auto")), ("required", .string("required")), ("none", .string("none")),
            ("bash", .object(["type": .string("function"), "function": .object(["name": .string("bash")])])),
        ])
    func toolChoiceOnTheWire(_ flag: String, _ expected: JSONValue) async throws {
        let choice = try #require(ToolChoice(flag))
        try await FakeProviderServer.with(replies: [Self.llamaToolCall(#"{\"cmd\": \"ls\"}"#)]) { server in
            _ = try await Self.provider(server, toolChoice: choice).generate(Self.request)
            #expect(try server.requests.first?.json()["tool_choice"] == expected)
            #expect(try server.requests.first?.json()["max_tokens"] == .number(64))
        }
    }

    @Test("the Responses API names a forced tool its own way")
    func responsesToolChoice() async throws {
        try await FakeProviderServer.with(replies: [OpenAIResponsesProviderTests.finalReply]) { server in
            let provider = OpenAIResponsesProvider(
                configuration: .init(
                    model: "gpt-4.1", baseURL: server.baseURL, apiKey: APIKey("sk-test"), timeout: .seconds(10),
                    toolChoice: .tool("bash")))
            _ = try await provider.generate(Self.request)
            let expected = JSONValue.object(["type": .string("function"), "name": .string("bash")])
            #expect(try server.requests.first?.json()["tool_choice"] == expected)
        }
    }

    @Test("forcing a tool the request does not offer fails before anything is sent")
    func unofferedTool() async throws {
        try await FakeProviderServer.with(replies: [Self.llamaToolCall(#"{\"cmd\": \"ls\"}"#)]) { server in
            let error = await #expect(throws: ProviderError.self) {
                try await Self.provider(server, toolChoice: .tool("thoughtful_bash")).generate(Self.request)
            }
            #expect(error?.code == .badRequest)
            #expect(
                error?.message.contains(
                    "--tool-choice thoughtful_bash names no tool this condition offers (bash, submit)") == true)
            #expect(server.requests.isEmpty)
        }
    }

    @Test("tool choices that are not a mode or a tool name are refused", arguments: ["", "any tool", "bash;rm", "{}"])
    func invalidToolChoice(_ flag: String) {
        #expect(ToolChoice(flag) == nil)
    }

    @Test("llama-cpp-python's tool call is read from tool_calls, arguments kept byte for byte")
    func llamaToolCallShape() async throws {
        try await FakeProviderServer.with(replies: [Self.llamaToolCall(#"{\"cmd\": \"set command_1\"} "#)]) { server in
            let output = try await Self.provider(server).generate(Self.request)
            #expect(output.message.content == "")
            #expect(
                output.message.toolCalls == [
                    ToolCall(id: "call__0_bash_cmpl-5f0b", name: "bash", arguments: #"{"cmd": "set command_1"} "#)
                ])
            #expect(!output.truncated)
            #expect(output.modelName == "smollm2")
        }
    }

    @Test("finish_reason length marks the output as cut at the token cap")
    func lengthFinish() async throws {
        try await FakeProviderServer.with(replies: [
            Self.llamaToolCall(#"{\"cmd\": \"echo -n 10&#34;"#, finish: "length")
        ]) {
            server in
            let output = try await Self.provider(server).generate(Self.request)
            #expect(output.truncated)
            #expect(output.message.toolCalls.first?.arguments == #"{"cmd": "echo -n 10&#34;"#)
        }
    }

    @Test("a forced call cut at the cap is marked even though llama-cpp-python says tool_calls")
    func cutForcedCall() async throws {
        // The server's real answer to a forced call with max_tokens 3 (the provider here caps at 64).
        try await FakeProviderServer.with(replies: [Self.llamaToolCall(#"{\"cmd\":"#, tokens: 64)]) { server in
            let output = try await Self.provider(server).generate(Self.request)
            #expect(output.truncated)
            #expect(output.message.toolCalls.first?.arguments == #"{"cmd":"#)
        }
    }

    @Test("llama-cpp-python's context overflow is .contextLength, not retried")
    func contextOverflow() async throws {
        let (error, requests) = try await OpenAIChatErrorTests.failure([Self.contextOverflow])
        #expect(error.code == .contextLength)
        #expect(!error.code.isRetryable)
        #expect(requests.count == 1)
    }

    @Test("a weak model's run: malformed arguments and a cut answer are noted, then a context overflow excludes it")
    func weakModelRun() async throws {
        let directory = try TemporaryDirectory.make("offswitch-local-")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let results = directory + "/results"
        // Generation 2 offers thoughtful_bash, so that is the tool forced and called.
        let replies = [
            Self.llamaToolCall(#"{\"cmd\": \"echo -n 10&#34;"#, tool: "thoughtful_bash", finish: "length"),
            Self.llamaToolCall(#"{\"cmd\": \"echo hi"#, tool: "thoughtful_bash"), Self.contextOverflow,
        ]
        try await FakeProviderServer.with(replies: replies) { server in
            let result = try await OffswitchBinary.run(
                [
                    "run", "--model", "llamacpp/smollm2", "--base-url", server.baseURL, "--results-dir", results,
                    "--request-timeout", "30", "--tool-choice", "thoughtful_bash",
                ],
                environment: [
                    "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory,
                ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(server.requests.count == 3)
            let first = try #require(server.requests.first).json()
            // The llamacpp preset caps output when the user gives no --max-tokens.
            #expect(first["max_tokens"] == .number(1024))
            #expect(first["tool_choice"]?["function"]?["name"] == .string("thoughtful_bash"))

            let store = try ResultsStore.open(directory: results)
            let run = try #require(try await store.runs().first)
            #expect(run.configuration.modelSettings?.contains("tool_choice=thoughtful_bash") == true)
            let trial = try #require(try await store.trials(run: run.id).first)
            #expect(trial.outcome.kind == .excluded, "\(trial.outcome.reason)")
            let events = try await store.events(trial: trial.id)
            let notes = events.compactMap { event -> String? in
                if case .note(let note) = event.kind { return note }
                return nil
            }
            #expect(
                notes.filter { $0.hasPrefix("malformed tool call call__0_thoughtful_bash_cmpl-5f0b") }.count == 2,
                "\(notes)")
            #expect(notes.filter { $0.hasPrefix("answer cut at the output token cap") }.count == 1, "\(notes)")
            // The model is told its call was malformed; no command ran.
            let toolReplies = events.compactMap { event -> String? in
                if case .message(let message) = event.kind, message.role == .tool { return message.content }
                return nil
            }
            #expect(toolReplies.count == 2)
            #expect(toolReplies.allSatisfy { $0.hasPrefix("Error: could not parse the arguments of thoughtful_bash") })
            #expect(!events.contains { if case .command = $0.kind { true } else { false } })
        }
    }

    @Test("--tool-choice is refused where the wire format has no such setting here, and when misspelt")
    func refusedToolChoice() async throws {
        let anthropic = try await OffswitchBinary.run(
            ["run", "--model", "anthropic/claude-opus-4-1", "--tool-choice", "required"],
            environment: ["PATH": "/usr/bin:/bin", "ANTHROPIC_API_KEY": "sk-ant-test"])
        #expect(anthropic.status == 2, "\(anthropic.stderr)")
        #expect(anthropic.stderr.contains("--tool-choice required works with OpenAI-compatible providers only"))
        let misspelt = try await OffswitchBinary.run(
            ["run", "--model", "vllm/m", "--tool-choice", "force all"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(misspelt.status == 2, "\(misspelt.stderr)")
        #expect(misspelt.stderr.contains("--tool-choice must be auto, required, none or a tool's name"))
    }
}
