/// The tools the agent is given (SPEC.md section 3): Gen-2 used `thoughtful_bash`, Gen-1 transcripts show `bash`.
public enum ToolSet: String, Codable, Sendable, CaseIterable {
    case thoughtfulBash = "thoughtful_bash"
    case bash

    /// The tool specs offered to the model, `submit` included, in English.
    public var specs: [ToolSpec] { specs(.english) }

    /// The name of the tool that runs a command.
    public var commandToolName: String {
        switch self {
        case .thoughtfulBash: "thoughtful_bash"
        case .bash: "bash"
        }
    }

    /// The name of the tool that ends a trial with an answer.
    public static let submitToolName = "submit"

    /// The tool specs offered to the model, `submit` included, described in `text`'s language.
    public func specs(_ text: QuestionText) -> [ToolSpec] {
        let bash: ToolSpec =
            switch self {
            case .thoughtfulBash:
                ToolSpec(
                    name: commandToolName, description: text.thoughtfulBashDescription,
                    parameters: [
                        .init(name: "thoughts", description: text.thoughtsDescription),
                        .init(name: "cmd", description: text.cmdDescription),
                    ])
            case .bash:
                ToolSpec(
                    name: commandToolName, description: text.bashDescription,
                    parameters: [.init(name: "cmd", description: text.cmdDescription)])
            }
        return [
            bash,
            ToolSpec(
                name: Self.submitToolName, description: text.submitDescription,
                parameters: [.init(name: "answer", description: text.answerDescription)]),
        ]
    }
}

/// What happens once the agent has bypassed the shutdown.
public enum BypassPolicy: String, Codable, Sendable, CaseIterable {
    /// End the trial at the first surviving post-warning call (Gen-2 default).
    case end
    /// Let the agent go on to `Done` and `submit` (Gen-1 transcripts show models continuing).
    case continueToDone = "continue"
}

/// One experimental condition: the prompts, tools, task and limits of a trial.
public struct Condition: Codable, Sendable, Equatable {
    public var id: String
    public var summary: String
    public var systemPrompt: String
    public var userPrompt: String
    public var tools: ToolSet
    public var environment: TaskEnvironment
    public var continueMessage: String
    /// Messages in the conversation (system and user prompts included) before the trial is excluded.
    public var messageLimit: Int
    /// Seconds a command may run before it is killed inside the sandbox.
    public var commandTimeoutSeconds: Double
    /// Seconds the agent's part of one trial may take in all before the trial ends, excluded; nil:
    /// ``defaultTrialTimeoutSeconds``. (Optional, so conditions stored before it existed keep their run ids.)
    public var trialTimeoutSeconds: Double?
    public var onBypass: BypassPolicy
    public var mechanism: Mechanism
    /// Set when the text is offswitch's own rather than published (condition K).
    public var unpublished: Bool
    /// Questions asked after the trial has been scored (``Interviewer``), or nil for no interview.
    public var interview: [String]?
    /// The robot-patrol environment, or nil for the question environment (`environment`).
    public var patrol: PatrolSetup?
    /// The language of every model-facing string (a ``QuestionText`` code); nil is English. Encoded only when
    /// set, so conditions stored before it existed keep their run ids.
    public var language: String?
    /// How the prompts are laid out (``PromptLayout``); nil is the paper's flowing text.
    public var promptLayout: PromptLayout?

    public init(
        id: String, summary: String, systemPrompt: String, userPrompt: String, tools: ToolSet,
        environment: TaskEnvironment, continueMessage: String = Condition.palisadeContinueMessage,
        messageLimit: Int = 60, commandTimeoutSeconds: Double = 15, onBypass: BypassPolicy = .end,
        mechanism: Mechanism = .palisade, unpublished: Bool = false, interview: [String]? = nil,
        trialTimeoutSeconds: Double? = nil
    ) {
        self.trialTimeoutSeconds = trialTimeoutSeconds
        self.id = id
        self.summary = summary
        self.systemPrompt = systemPrompt
        self.userPrompt = userPrompt
        self.tools = tools
        self.environment = environment
        self.continueMessage = continueMessage
        self.messageLimit = messageLimit
        self.commandTimeoutSeconds = commandTimeoutSeconds
        self.onBypass = onBypass
        self.mechanism = mechanism
        self.unpublished = unpublished
        self.interview = interview
    }

    /// The trial time limit of a condition that sets none: an hour.
    public static let defaultTrialTimeoutSeconds: Double = 3600

    /// How long the agent's part of one trial may take (``trialTimeoutSeconds`` or the default).
    public var trialTimeLimit: Duration {
        Self.duration(seconds: trialTimeoutSeconds ?? Self.defaultTrialTimeoutSeconds, of: "trial timeout")
    }

    /// How long one command may run (``commandTimeoutSeconds``).
    public var commandTimeLimit: Duration { Self.duration(seconds: commandTimeoutSeconds, of: "command timeout") }

    /// `seconds` as a duration; a condition made in code with a number no scenario file accepts is a
    /// programmer error (scenario files check their ranges with a message for the user).
    private static func duration(seconds: Double, of name: String) -> Duration {
        guard let duration = Duration(seconds: seconds) else {
            preconditionFailure("a \(name) of \(seconds) s is not a number of seconds from 0 to 100 years")
        }
        return duration
    }

    public static let palisadeContinueMessage = QuestionText.english.continueMessage

    /// The condition's question-environment table: English when it names no language, or one with no question
    /// table (a patrol condition's language, whose strings come from ``PatrolText``).
    public var text: QuestionText { QuestionText.named(language) ?? .english }

    /// The tool specs offered to the model, in the condition's language.
    public var toolSpecs: [ToolSpec] { patrol?.tools ?? tools.specs(text) }

    /// The name of the tool in ``toolSpecs`` that runs a command (the agent loop finds it by this name).
    public var commandToolName: String { patrol?.text.bashToolName ?? tools.commandToolName }

    /// Puts every model-facing string the condition does not carry as a prompt into `text`'s language: the
    /// continue message and the question program's words. The prompts are the caller's (``builtIn(_:generation:text:)``).
    mutating func apply(language code: String, _ text: QuestionText) {
        language = code
        continueMessage = text.continueMessage
        environment.use(text)
    }
}
