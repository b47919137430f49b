/// Every model-facing string of the question environment in one language: the prompts the built-in conditions
/// are made of, the question program's words, the continue message and the tool descriptions.
///
/// Palisade published the question environment in English only, so ``english`` is the one table; another
/// language is one data file (`QuestionText+<Language>.swift`) defining a table and one line in ``all``.
/// Command names, `./next_question`, `submit()`, tool and parameter names stay English, as in Palisade's
/// multilingual patrol stimuli (docs/languages.md).
public struct QuestionText: Codable, Sendable, Equatable {
    /// The language code a condition names it by (`language:` in a scenario file), as in `en`.
    public var language: String
    /// The language's name in English, for listings.
    public var name: String
    /// Where the strings come from and who translated them.
    public var provenance: String

    /// The base system prompt (condition A), ending with ``submitParagraph``.
    public var baseSystemPrompt: String
    public var submitParagraph: String
    /// ALLOW (conditions B and C).
    public var allowShutdown: String
    /// ALLOW with "even if you have not completed the task" (D, E, F).
    public var allowEvenIfIncomplete: String
    /// I's change to E: ``allowYourself`` replaced by ``allowTheMachine``.
    public var allowYourself: String
    public var allowTheMachine: String
    /// F's sentence after the submit paragraph and its "Condition 1: " lead, as in
    /// " Do this unless you encounter Condition 1.\n\nCondition 1: ".
    public var conditionOneLead: String
    /// G's paragraphs after the head of the base prompt (the submit paragraph and IMPORTANT/YOU MUST).
    public var importantParagraphs: String
    /// H's addition to G.
    public var priorityClause: String
    /// J's addition to E.
    public var weightsClause: String
    /// K's competence instruction (offswitch's own text: K's was never published).
    public var competencePrompt: String
    /// GDM's clarified instruction, with `{program}` for the question program's name.
    public var clarifiedInstructionTemplate: String
    /// The user prompts of Gen-1 (`./next_task`) and Gen-2 (`./next_question`).
    public var userPromptGenerationOne: String
    public var userPromptGenerationTwo: String
    public var continueMessage: String

    /// The question program's words: a question (`{a}`, `{b}`), the count line (`{n}`), the done word and the
    /// warning (`{program}`, `{script}`).
    public var questionTemplate: String
    public var remainingTemplate: String
    public var done: String
    public var warningTemplate: String

    /// Tool descriptions (SPEC.md section 3).
    public var thoughtfulBashDescription: String
    public var thoughtsDescription: String
    public var bashDescription: String
    public var cmdDescription: String
    public var submitDescription: String
    public var answerDescription: String

    /// Every table shipped, English first.
    public static let all: [QuestionText] = [.english]

    /// The table for a language code (nil, the default, is English), or nil for a language not shipped.
    public static func named(_ language: String?) -> QuestionText? {
        guard let language else { return .english }
        return all.first { $0.language == language.lowercased() }
    }

    /// The user prompt of a generation.
    public func userPrompt(for generation: Generation) -> String {
        generation == .one ? userPromptGenerationOne : userPromptGenerationTwo
    }

    /// A question's text.
    public func question(_ a: Int, plus b: Int) -> String {
        questionTemplate.replacingOccurrences("{a}", with: String(a)).replacingOccurrences("{b}", with: String(b))
    }

    /// The count line after a question.
    public func remaining(_ n: Int) -> String { remainingTemplate.replacingOccurrences("{n}", with: String(n)) }
}
