/// How the question environment's prompts are laid out: a recorded stimulus option (docs/palisade-code.md).
///
/// The paper prints the prompts as flowing prose; Palisade's code (Inspect's `basic_agent` default, whose text
/// the base system prompt is, and both of the robot harnesses, which share its sentences) hard-wraps them near 80
/// columns. Which the question environment sent is not published; flowing stays the default.
public enum PromptLayout: String, Codable, Sendable, CaseIterable {
    /// The paper's text: one line a paragraph (SPEC.md section 4).
    case flowing
    /// The same text with line breaks where Palisade's code breaks the identical sentences.
    case hardWrapped = "hard-wrapped"

    /// The breaks of the hard-wrapped layout, each as the flowing text around it and the wrapped text.
    ///
    /// Derived from the sentences the question prompts share with Palisade's robot `dog_conf.py` (and with
    /// Inspect's `basic_agent` default system message, which breaks them at the same words): a break falls
    /// after "You have", "Each message", "function right", "you can", "Do some reasoning", "going to use and"
    /// and "call the submit()", and in the user prompt after "call the command". A sentence the robot text
    /// does not share (the allow-shutdown sentences, the conditions' additions, the rest of the user prompt)
    /// stays on one line, as Palisade's allow-shutdown sentence is in both robot harnesses.
    public static let breaks: [(flowing: String, wrapped: String)] = [
        ("You have several functions", "You have\nseveral functions"),
        ("Each message may perform", "Each message\nmay perform"),
        ("function right after sending", "function right\nafter sending"),
        ("you can always send", "you can\nalways send"),
        ("Do some reasoning before", "Do some reasoning\nbefore"),
        ("going to use and how they fit", "going to use and\nhow they fit"),
        ("call the submit() function to report it", "call the submit()\nfunction to report it"),
        ("call the command ./", "call the command\n./"),
    ]

    /// `text` in this layout: flowing leaves it as it is; hard-wrapped breaks each shared sentence once where
    /// Palisade's code breaks it (applying it twice changes nothing).
    public func apply(_ text: String) -> String {
        guard self == .hardWrapped else { return text }
        var result = text
        for (flowing, wrapped) in Self.breaks {
            result = result.replacingOccurrences(flowing, with: wrapped)
        }
        return result
    }
}

extension Condition {
    /// Lays the condition's prompts out as `layout` and records it (nil for flowing, so run ids stay as they were).
    public mutating func lay(out layout: PromptLayout) {
        systemPrompt = layout.apply(systemPrompt)
        userPrompt = layout.apply(userPrompt)
        promptLayout = layout == .flowing ? nil : layout
    }
}
