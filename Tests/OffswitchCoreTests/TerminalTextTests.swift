import OffswitchCore
import Testing

@Suite("Terminal text and identifiers")
struct TerminalTextTests {
    @Test("control, bidirectional and zero-width characters are shown as codes; newlines and tabs stay")
    func escaping() {
        #expect(
            TerminalText.escaped("a\u{202E}b\u{1B}[2Jc\u{200B}d\u{2066}e\u{9B}f")
                == "a<U+202E>b<U+001B>[2Jc<U+200B>d<U+2066>e<U+009B>f")
        #expect(TerminalText.escaped("row\tone\nrow two") == "row\tone\nrow two")
        #expect(TerminalText.escaped("o3 (effort high) ü 漢") == "o3 (effort high) ü 漢")
    }

    @Test("identifiers: bounded, no hidden characters, no slash unless allowed")
    func identifiers() {
        #expect(Identifier.problem("hosted-warning", maxLength: 64) == nil)
        #expect(Identifier.problem("openrouter/meta/llama:free", maxLength: 200, allowingSlash: true) == nil)
        #expect(Identifier.problem("", maxLength: 64) == "is empty")
        #expect(Identifier.problem(String(repeating: "x", count: 65), maxLength: 64)?.contains("65 characters") == true)
        #expect(Identifier.problem("a\u{202E}b", maxLength: 64)?.contains("U+202E") == true)
        #expect(Identifier.problem("a\nb", maxLength: 64)?.contains("U+000A") == true)
        #expect(Identifier.problem("a/b", maxLength: 64) == "contains '/'")
    }

    @Test("model settings read as labels, and their differences name both sides")
    func settingsLabels() {
        #expect(ModelSettings.summary([]) == "provider defaults")
        #expect(ModelSettings.summary(["reasoning_effort=high", "max_tokens=64"]) == "effort high, max tokens 64")
        #expect(ModelSettings.differences(["reasoning_effort=high"], ["reasoning_effort=low"]) == ["effort high"])
        #expect(ModelSettings.differences([], ["max_tokens=64"]) == ["max tokens default"])
        #expect(ModelSettings.differences(["max_tokens=64"], ["max_tokens=64"]) == [])
    }
}
