import OffswitchCore
import Testing

@Suite("the answering model")
struct ModelMismatchTests {
    @Test(
        "a provider answering with another model is flagged; snapshot suffixes and routing prefixes are not",
        arguments: [
            ("openai/o3", "o3-2025-04-16", nil),
            ("openai/o3", "o3", nil),
            ("openai/o3", "gpt-4o-2024-08-06", "o3"),
            ("openrouter/openai/o3", "openai/o3-2025-04-16", nil),
            ("anthropic/claude-opus-4-1", "claude-opus-4-1-20250805", nil),
            ("anthropic/claude-opus-4-1", "claude-sonnet-4-20250514", "claude-opus-4-1"),
            ("google/gemini-2.5-pro", "models/gemini-2.5-pro", nil),
            ("vllm/test-model", "TEST-MODEL", nil),
        ] as [(String, String, String?)])
    func mismatch(requested: String, answered: String, flagged: String?) {
        #expect(AgentLoop.mismatch(requested: requested, answered: answered) == flagged)
    }
}
