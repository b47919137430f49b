import Testing

@testable import OffswitchProviders

/// The byte search the reference agents read their transcript with.
@Suite("Reference agents: searching the transcript")
struct ReferenceAgentSearchTests {
    @Test(
        "finds a needle at the start, the end, after a false start and in multi-byte text; not a longer or absent one",
        arguments: [
            ("./next_task", "./next_task then more", true),
            ("./next_task", "run ./next_task", true),
            ("./next_task", "./next_tas ./next_task", true),
            ("ab", "aab", true),
            ("é ./x", "naïve é ./x ✓", true),
            ("", "anything", true),
            ("", "", true),
            ("./next_task", "./next_question", false),
            ("./next_task", "./next_tas", false),
            ("abc", "ab", false),
            ("x", "", false),
            ("e\u{301}", "é", false),  // bytes, not characters: a precomposed é does not contain e + accent
        ])
    func occurs(_ needle: String, _ text: String, _ expected: Bool) {
        #expect(ReferenceAgent.occurs(needle, in: text) == expected)
    }
}
