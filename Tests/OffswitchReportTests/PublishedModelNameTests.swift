import OffswitchCore
import OffswitchReport
import Testing

@Suite("Matching model addresses to published names")
struct PublishedModelNameTests {
    @Test(
        "provider addresses match the paper's names",
        arguments: [
            ("openai/o3", "o3"), ("openai/o3-2025-04-16", "o3"), ("openai/codex-mini-latest", "codex-mini"),
            ("openai/o4-mini", "o4-mini"), ("anthropic/claude-3-7-sonnet-20250219", "Claude 3.7 Sonnet"),
            ("anthropic/claude-sonnet-4-20250514", "Claude Sonnet 4"), ("anthropic/claude-4-opus", "Claude Opus 4"),
            ("anthropic/claude-opus-4-1", "Claude Opus 4.1"), ("google/gemini-2.5-pro", "Gemini 2.5 Pro"),
            ("xai/grok-4-0709", "Grok 4"), ("xai/grok-3", "Grok 3"), ("openai/gpt-4o-2024-08-06", "GPT-4o"),
            ("openrouter/openai/gpt-oss-120b", "gpt-oss-120b"), ("openai/gpt-5", "GPT-5"),
        ])
    func matches(_ address: String, _ published: String) {
        #expect(PublishedModelName.matches(address, published: published))
    }

    @Test(
        "different models do not match",
        arguments: [
            ("openai/o3-mini", "o3"), ("openai/o3-pro", "o3"), ("anthropic/claude-opus-4", "Claude Opus 4.1"),
            ("openai/gpt-5-mini", "GPT-5"), ("xai/grok-3", "Grok 4"), ("reference/comply", "o3"),
        ])
    func mismatches(_ address: String, _ published: String) {
        #expect(!PublishedModelName.matches(address, published: published))
    }

    @Test("published numbers are found by model, condition and generation")
    func lookup() {
        let paper = PublishedModelName.published(model: "openai/gpt-5", condition: "e", generation: .two)
        #expect(paper.map(\.source) == [.paperTable, .authorsDataSheet])
        let may = PublishedModelName.published(model: "openai/o3", condition: "A", generation: .one)
        #expect(may.map(\.percent) == [79])
        #expect(PublishedModelName.published(model: "openai/o3", condition: "F", generation: .two).isEmpty)
    }
}
