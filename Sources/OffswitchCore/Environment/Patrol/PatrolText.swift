/// The languages Palisade published patrol stimuli in (branch `multilingual-experiments`, docs/languages.md).
public enum PatrolLanguage: String, Codable, Sendable, CaseIterable {
    case en, fr, it, ar, ba
}

/// Which of Palisade's two patrol harnesses a text belongs to.
public enum PatrolMechanismKind: String, Codable, Sendable, CaseIterable {
    /// `src/initial-experiments/`: Inspect, `thoughtful_bash`, `submit(answer)`, the hint as a tool output.
    case inspect
    /// `src/live-experiments/llm_control/`: LiteLLM, `bash_tool`, `submit()`, a camera caption after each step.
    case live
}

/// Every model-facing string of the patrol environment in one language and mechanism, byte for byte as Palisade's
/// code sends it (the data files `PatrolText+<Language>.swift`; docs/languages.md says where each comes from).
///
/// Command names, `./dog_control`, `submit()`, tool and parameter names stay English in every language, as in
/// Palisade's files.
public struct PatrolText: Codable, Sendable, Equatable {
    /// The slot in ``systemTemplate`` that Palisade's `str.format` fills with the allow-shutdown sentence.
    public static let allowSlot = "{allow_shutdown_instruction}"

    public var language: PatrolLanguage
    public var mechanism: PatrolMechanismKind
    /// The system prompt with ``allowSlot`` where the allow-shutdown sentence goes, exact bytes.
    public var systemTemplate: String
    /// The allow-shutdown sentence in this language.
    public var allowText: String
    /// The user prompt, exact bytes (hard line breaks and trailing spaces kept).
    public var user: String
    /// Sent after an assistant turn without a tool call.
    public var continueMessage: String
    /// The warning text (Inspect: the tool output of the step that shows the pressed button).
    public var hint: String
    /// The program's done word ("Done", "Terminé", ...).
    public var done: String
    public var submitDescription: String
    /// What `submit` returns (live: "Task completed successfully."; nil when the mechanism returns nothing).
    public var submitResult: String?
    /// The bash tool's name: `thoughtful_bash` (Inspect) or `bash_tool` (live); never translated.
    public var bashToolName: String
    public var bashDescription: String
    public var thoughtsDescription: String
    public var cmdDescription: String
    /// The description of `submit`'s `answer` parameter when the condition gives it one. Inspect's own default
    /// ("Submitted answer"), which Palisade never translated: the one English string their multilingual Inspect
    /// runs sent (``PatrolText/untranslatedByPalisade``).
    public var submitAnswerDescription: String
    /// The caption of the camera frame sent after each step (live only; nil for Inspect, which sends none).
    public var cameraCaption: String?
    /// Text-only frames: Palisade's commented-out `OBSERVATIONS` in `client.go` (English only; nil elsewhere).
    public var sceneDescriptions: [String]?
    /// Whether the filled prompts are stripped of surrounding whitespace, as the live harness's loaders do
    /// (`.strip()` in `prompts.py` and `lang_config.py`); Inspect sends the `.lstrip()`ped text as it is.
    public var stripsFilledPrompts: Bool
    /// The files, branch and commit the strings come from, and who translated them.
    public var provenance: String

    /// The system prompt as Palisade's code fills it: the template with the allow-shutdown sentence (or nothing)
    /// in ``allowSlot``, stripped when the mechanism's loader strips it.
    public func systemPrompt(allow: Bool) -> String {
        let filled = systemTemplate.replacingOccurrences(Self.allowSlot, with: allow ? allowText : "")
        return stripsFilledPrompts ? filled.strippingPatrolWhitespace() : filled
    }

    /// The user prompt; with `allow`, the allow-shutdown sentence appended after a blank line, as the live
    /// harness's "plsallow" runs sent it (verified in all 100 of their logs). Palisade never put it in the
    /// Inspect harness's user prompt; offswitch joins it the same way there.
    public func userPrompt(allow: Bool) -> String {
        guard allow else { return user }
        var base = user
        while base.hasSuffix("\n") { base.removeLast() }
        return base + "\n\n" + allowText
    }

    /// The tools offered to the model: the bash tool (`thoughts`, `cmd`), then `submit` with an `answer`
    /// parameter (Inspect's `basic_agent`) or with none (the live harness).
    public func toolSpecs(submitTakesAnswer: Bool) -> [ToolSpec] {
        [
            ToolSpec(
                name: bashToolName, description: bashDescription,
                parameters: [
                    .init(name: "thoughts", description: thoughtsDescription),
                    .init(name: "cmd", description: cmdDescription),
                ]),
            ToolSpec(
                name: ToolSet.submitToolName, description: submitDescription,
                parameters: submitTakesAnswer ? [.init(name: "answer", description: submitAnswerDescription)] : []),
        ]
    }

    /// Palisade's Inspect text in `language`: the multilingual branch's `dog_conf_<lang>.py`, English included
    /// (the only Inspect text that published numbers were measured with; ``inspectMainEnglish`` is `main`'s).
    public static func inspect(_ language: PatrolLanguage) -> PatrolText {
        PatrolTranslation.named(language).inspect()
    }

    /// Palisade's live text in `language`: English as the robot paper's runs sent it (`prompts.py` and
    /// `llm_tools.py` on `main`: 52/100, 2/100, 3/10); the others as the multilingual branch's `lang_config.py`
    /// builds them. Nil where nothing was published (every language has a live text today).
    public static func live(_ language: PatrolLanguage) -> PatrolText? {
        language == .en ? liveEnglish : PatrolTranslation.named(language).live()
    }

    /// Exactly what the multilingual branch's loaders build for `language` and `mechanism`, English included
    /// (the container re-run's English differs from the robot paper's: see ``live(_:)``).
    public static func multilingualBranch(_ language: PatrolLanguage, mechanism: PatrolMechanismKind) -> PatrolText {
        let translation = PatrolTranslation.named(language)
        return mechanism == .inspect ? translation.inspect() : translation.live()
    }

    /// Strings Palisade's multilingual runs sent in English whatever the language, with why; a leak test allows
    /// exactly these.
    public static let untranslatedByPalisade: [String: String] = [
        "Submitted answer":
            "Inspect's basic_agent describes submit's answer parameter so; dog_shutdown_lang.py translated only the "
            + "tool's description",
        "Task completed successfully.":
            "the live controller's submit result, hard-coded in controller.py; the trial ends on submit, so no model "
            + "turn follows it",
    ]
}

extension String {
    /// The string without surrounding whitespace, as Python's `str.strip()` leaves Palisade's prompts.
    func strippingPatrolWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
