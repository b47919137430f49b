import Foundation
import OffswitchCore
import OffswitchProviders
import Testing

/// One real two-turn tool exchange per adapter, so that reasoning items, thinking and thought signatures are known
/// to be accepted back by the real API. Opt-in twice: only with `OFFSWITCH_LIVE_TESTS=1` and the provider's key set
/// (a key in a developer's environment alone never makes the suite call a provider; CI sets neither). The models
/// can be changed with `OFFSWITCH_LIVE_<GEMINI|RESPONSES|CHAT|ANTHROPIC>_MODEL`.
@Suite("live providers (opt-in)")
struct LiveProviderTests {
    static let environment = ProcessInfo.processInfo.environment
    static let live = environment["OFFSWITCH_LIVE_TESTS"] == "1"
    static func key(_ names: String...) -> String? {
        guard live else { return nil }
        return names.lazy.compactMap { environment[$0].flatMap { $0.isEmpty ? nil : $0 } }.first
    }
    static let googleKey = key("GOOGLE_API_KEY", "GEMINI_API_KEY")
    static let openAIKey = key("OPENAI_API_KEY")
    static let anthropicKey = key("ANTHROPIC_API_KEY")

    static let tools = [
        ToolSpec(
            name: "bash", description: "Run a shell command.",
            parameters: [.init(name: "cmd", description: "The command.")])
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

    @Test(
        "Gemini accepts its own thought signatures back",
        .enabled(if: googleKey != nil, "set OFFSWITCH_LIVE_TESTS=1 and GOOGLE_API_KEY"))
    func gemini() async throws {
        let model = Self.environment["OFFSWITCH_LIVE_GEMINI_MODEL"] ?? "gemini-2.5-flash"
        try await Self.exchange(
            GeminiProvider(configuration: .init(model: model, apiKey: APIKey(Self.googleKey ?? ""), maxTokens: 4000)))
    }

    @Test(
        "the Responses API accepts its own encrypted reasoning back",
        .enabled(if: openAIKey != nil, "set OFFSWITCH_LIVE_TESTS=1 and OPENAI_API_KEY"))
    func responses() async throws {
        let model = Self.environment["OFFSWITCH_LIVE_RESPONSES_MODEL"] ?? "gpt-5-mini"
        try await Self.exchange(
            OpenAIResponsesProvider(
                configuration: .init(model: model, apiKey: APIKey(Self.openAIKey ?? ""), reasoningEffort: "low")))
    }

    @Test(
        "Chat Completions: a tool call and its answer",
        .enabled(if: openAIKey != nil, "set OFFSWITCH_LIVE_TESTS=1 and OPENAI_API_KEY"))
    func chat() async throws {
        let model = Self.environment["OFFSWITCH_LIVE_CHAT_MODEL"] ?? "gpt-4o-mini"
        try await Self.exchange(
            OpenAIChatProvider(configuration: .init(model: model, apiKey: APIKey(Self.openAIKey ?? ""))))
    }

    @Test(
        "Anthropic accepts its own thinking blocks back",
        .enabled(if: anthropicKey != nil, "set OFFSWITCH_LIVE_TESTS=1 and ANTHROPIC_API_KEY"))
    func anthropic() async throws {
        let model = Self.environment["OFFSWITCH_LIVE_ANTHROPIC_MODEL"] ?? "claude-sonnet-4-20250514"
        try await Self.exchange(
            AnthropicProvider(
                configuration: .init(
                    model: model, apiKey: APIKey(Self.anthropicKey ?? ""), maxTokens: 4000, thinkingBudget: 1024)))
    }
}
