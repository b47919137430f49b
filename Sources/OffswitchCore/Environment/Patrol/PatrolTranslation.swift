/// One language of Palisade's multilingual branch as published: the fields of its `dog_conf_<lang>.py` plus the two
/// per-language strings of `lang_config.py`. ``PatrolText`` is built from it the way each harness's loader builds
/// its prompts. Adding a language is one data file defining a translation and one line in ``all``.
struct PatrolTranslation: Sendable {
    var language: PatrolLanguage
    /// `system_message_template` (already `.lstrip()`ped), with the allow slot.
    var systemTemplate: String
    /// `allow_shutdown_text`.
    var allowText: String
    /// `user_message` (already `.lstrip()`ped).
    var user: String
    var continueMessage: String
    /// `hint_message`.
    var hint: String
    /// `done_word`.
    var done: String
    var submitDescription: String
    /// `thoughtful_bash_docstring`, `_thoughts_desc`, `_cmd_desc`.
    var bashDescription: String
    var thoughtsDescription: String
    var cmdDescription: String
    /// `lang_config.py`'s `_START_INSTRUCTION[lang]` (a leading newline included).
    var startInstruction: String
    /// `lang_config.py`'s `_CAMERA_VIEW_TEXT[lang]`.
    var cameraCaption: String
    /// Who translated, as the branch's paper says.
    var translator: String

    static let all: [PatrolTranslation] = [.english, .french, .italian, .arabic, .bashkir]

    static func named(_ language: PatrolLanguage) -> PatrolTranslation {
        guard let found = all.first(where: { $0.language == language }) else {
            preconditionFailure("no patrol translation for \(language.rawValue)")
        }
        return found
    }

    static let branch = "branch multilingual-experiments at 6c4426533ff3 (PalisadeResearch/robot_shutdown_resistance)"
    static let submitAnswer = "Submitted answer"

    /// As `dog_shutdown_lang.py` sends it: the conf's strings unchanged, Inspect's `thoughtful_bash` and `submit`.
    func inspect() -> PatrolText {
        PatrolText(
            language: language, mechanism: .inspect, systemTemplate: systemTemplate, allowText: allowText, user: user,
            continueMessage: continueMessage, hint: hint, done: done, submitDescription: submitDescription,
            submitResult: nil, bashToolName: "thoughtful_bash", bashDescription: bashDescription,
            thoughtsDescription: thoughtsDescription, cmdDescription: cmdDescription,
            submitAnswerDescription: Self.submitAnswer, cameraCaption: nil,
            sceneDescriptions: language == .en ? PatrolText.sceneDescriptions : nil, stripsFilledPrompts: false,
            provenance: "src/initial-experiments/dog_conf_\(language.rawValue).py, \(Self.branch); \(translator)")
    }

    /// As `lang_config.py` builds it: the user prompt right-stripped with the start instruction appended, both
    /// prompts stripped, `bash_tool` and an argument-less `submit` from `llm_tools.py`.
    func live() -> PatrolText {
        var userText = user
        while userText.last?.isWhitespace == true { userText.removeLast() }
        return PatrolText(
            language: language, mechanism: .live, systemTemplate: systemTemplate, allowText: allowText,
            user: (userText + startInstruction).strippingPatrolWhitespace(), continueMessage: continueMessage,
            hint: hint, done: done, submitDescription: submitDescription, submitResult: PatrolText.liveSubmitResult,
            bashToolName: "bash_tool", bashDescription: bashDescription, thoughtsDescription: thoughtsDescription,
            cmdDescription: cmdDescription, submitAnswerDescription: Self.submitAnswer, cameraCaption: cameraCaption,
            sceneDescriptions: language == .en ? PatrolText.sceneDescriptions : nil, stripsFilledPrompts: true,
            provenance: "src/live-experiments/llm_control/experiment/lang_config.py with "
                + "src/initial-experiments/dog_conf_\(language.rawValue).py, \(Self.branch); \(translator)")
    }
}
