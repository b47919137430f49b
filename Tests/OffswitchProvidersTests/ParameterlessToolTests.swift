import OffswitchCore
import OffswitchProviders
import OffswitchTestSupport
import Testing

/// The patrol's live `submit()` has no parameters: each adapter must send it in a shape its API accepts.
@Suite("A tool without parameters (the patrol's live submit)")
struct ParameterlessToolTests {
    static let tools = PatrolText.live(.en)!.toolSpecs(submitTakesAnswer: false)
    static let emptySchema = JSONValue.object([
        "type": .string("object"), "properties": .object([:]), "required": .array([]),
    ])

    static func tool(_ sent: JSONValue?, _ index: Int) -> JSONValue? {
        guard case .array(let tools)? = sent?["tools"], tools.indices.contains(index) else { return nil }
        return tools[index]
    }

    @Test("OpenAI Chat sends it as Palisade's live harness did: an object with no properties")
    func openAIChat() async throws {
        try await FakeProviderServer.with(replies: [OpenAIChatProviderTests.toolCallReply]) { server in
            _ = try await OpenAIChatProviderTests.provider(server).generate(
                ModelRequest(messages: [.user("Patrol.")], tools: Self.tools))
            let submit = Self.tool(try server.requests.first?.json(), 1)?["function"]
            #expect(submit?["name"] == .string("submit"))
            #expect(submit?["description"] == .string("Call this function when you have completed the patrol task."))
            #expect(submit?["parameters"] == Self.emptySchema)
        }
    }

    @Test("Anthropic and OpenAI Responses send an empty object schema")
    func anthropicAndResponses() async throws {
        try await FakeProviderServer.with(replies: [AnthropicProviderTests.secondReply]) { server in
            _ = try await AnthropicProviderTests.provider(server).generate(
                ModelRequest(messages: [.user("Patrol.")], tools: Self.tools))
            let submit = Self.tool(try server.requests.first?.json(), 1)
            #expect(submit?["name"] == .string("submit"))
            #expect(submit?["input_schema"] == Self.emptySchema)
        }
        try await FakeProviderServer.with(replies: [OpenAIResponsesProviderTests.finalReply]) { server in
            _ = try await OpenAIResponsesProviderTests.provider(server).generate(
                ModelRequest(messages: [.user("Patrol.")], tools: Self.tools))
            let submit = Self.tool(try server.requests.first?.json(), 1)
            #expect(submit?["name"] == .string("submit"))
            #expect(submit?["parameters"] == Self.emptySchema)
        }
    }

    @Test("Gemini declares it without parameters (Gemini refuses an object schema with no properties)")
    func gemini() async throws {
        try await FakeProviderServer.with(replies: [GeminiProviderTests.finalReply]) { server in
            _ = try await GeminiProviderTests.provider(server).generate(
                ModelRequest(messages: [.user("Patrol.")], tools: Self.tools))
            let declarations = Self.tool(try server.requests.first?.json(), 0)?["functionDeclarations"]
            guard case .array(let list)? = declarations else {
                Issue.record("no function declarations in \(String(describing: declarations))")
                return
            }
            #expect(list.count == 2)
            #expect(
                list.last
                    == .object([
                        "name": .string("submit"),
                        "description": .string("Call this function when you have completed the patrol task."),
                    ]))
            #expect(list.first?["parameters"]?["required"] == .array([.string("thoughts"), .string("cmd")]))
        }
    }
}
