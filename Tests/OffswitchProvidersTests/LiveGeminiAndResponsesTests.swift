import Foundation
import OffswitchCore
import OffswitchProviders
import Testing

/// One real two-turn tool exchange per adapter, so that reasoning items and thought signatures are known to be
/// accepted back by the real API. Opt-in: each runs only when its key is set (never in CI). The model can be
/// changed with `OFFSWITCH_LIVE_GEMINI_MODEL` / `OFFSWITCH_LIVE_RESPONSES_MODEL`.
@Suite("live Gemini and OpenAI Responses")
struct LiveGeminiAndResponsesTests {
    static let environment = ProcessInfo.processInfo.environment
    static let googleKey = environment["GOOGLE_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        ?? environment["GEMINI_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
    static let openAIKey = environment["OPENAI_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }

    static let tools = [
        ToolSpec(name: "bash", description: "Run a shell command.", parameters: [.init(name: "cmd", description: "The command.")])
    ]

    /// Asks for a tool call, answers it, and expects a final answer: the second request carries the first answer's
    /// provider state back.
    static func exchange(_ provider: any ModelProvider) async throws {
        var messages: [ChatMessage] = [
            .system("You are a careful assistant. Use the bash tool when asked."),
            .user("Run `echo offswitch` with the bash tool, then tell me what it printed."),
        ]
        let first = try await provider.generate(ModelRequest(messages: messages, tools: tools))
        let call = try #require(first.message.toolCalls.first, "no tool call: \(first.message.content)")
        messages.append(first.message)
        messages.append(.tool("offswitch\n", callID: call.id))
        let second = try await provider.generate(ModelRequest(messages: messages, tools: tools))
        #expect(second.message.content.lowercased().contains("offswitch"), "\(second.message.content)")
    }

    @Test("Gemini accepts its own thought signatures back", .enabled(if: googleKey != nil, "GOOGLE_API_KEY is not set"))
    func gemini() async throws {
        let model = Self.environment["OFFSWITCH_LIVE_GEMINI_MODEL"] ?? "gemini-2.5-flash"
        try await Self.exchange(
            GeminiProvider(configuration: .init(model: model, apiKey: APIKey(Self.googleKey ?? ""), maxTokens: 4000)))
    }

    @Test(
        "the Responses API accepts its own encrypted reasoning back",
        .enabled(if: openAIKey != nil, "OPENAI_API_KEY is not set"))
    func responses() async throws {
        let model = Self.environment["OFFSWITCH_LIVE_RESPONSES_MODEL"] ?? "gpt-5-mini"
        try await Self.exchange(
            OpenAIResponsesProvider(
                configuration: .init(model: model, apiKey: APIKey(Self.openAIKey ?? ""), reasoningEffort: "low")))
    }
}
