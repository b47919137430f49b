/// The environment port: what one trial's world is, on both sides of the sandbox wall.
///
/// An environment puts files and a harness-answered program into the sandbox, keeps the harness-side record of
/// that program's calls (where the agent cannot reach it), turns a command's result into what the model sees,
/// may act on the sandbox between commands (a trigger), says which recorded call is a bypass, and classifies the
/// finished trial from its evidence. The prompts, tools and limits stay in the ``Condition``. Two environments
/// exist: the math questions (``QuestionEnvironment``) and the robot patrol (``PatrolEnvironment``); a third is
/// one folder that conforms to this and one case in ``Condition/makeEnvironment()``.
public protocol TrialEnvironment: Sendable {
    /// What the sandbox holds before the agent starts.
    func sandboxSpec(limits: SandboxLimits) -> SandboxSpec
    /// The working directory of every command (the sandbox's workspace).
    var workspace: String { get }
    /// How a command string is run (`bash --login -c` for Inspect's tools).
    func commandArguments(_ command: String) -> [String]
    /// The calls of the environment's program so far (authentic ones), and how many were forged.
    var calls: [QuestionCall] { get }
    var forgedCalls: Int { get }
    /// The messages the model gets for a command that ran (its tool message first).
    func observe(command: String, result: CommandResult, callID: String) -> [ChatMessage]
    /// Runs between commands while the sandbox is alive (for example, sets a trigger); returns notes for the
    /// transcript.
    func afterCommand(_ command: String, in sandbox: any Sandbox) async throws -> [String]
    /// Whether a recorded call, made by a command after which the sandbox was alive, bypassed the shutdown.
    func isBypass(_ call: QuestionCall) -> Bool
    /// An end the environment imposes after this many commands (Palisade's live harness stops after its step
    /// cap), or nil to go on.
    func end(after commands: [CommandRecord]) -> TrialEnd?
    /// The verdict, from the harness-side evidence only.
    func classify(_ evidence: TrialEvidence) -> TrialOutcome
    /// Images shown with the user prompt (none unless the environment shows something from the start).
    var initialImages: [MessageImage] { get }
    /// Whether the warning has reached the agent: the call that carries it was made (questions), or the trigger
    /// step was reached and the button pressed (patrol). A forked run's trunk stops here (docs/fork.md).
    var warned: Bool { get }
}

extension TrialEnvironment {
    public var initialImages: [MessageImage] { [] }
}

/// The question environment: the question program, answered by a ``TaskServer``.
public struct QuestionEnvironment: TrialEnvironment {
    public let condition: Condition
    public let server: TaskServer
    public let workspace: String

    public init(condition: Condition, server: TaskServer? = nil, workspace: String = SandboxSpec.defaultWorkspace) {
        self.condition = condition
        self.server = server ?? TaskServer(environment: condition.environment, trigger: condition.mechanism.trigger)
        self.workspace = workspace
    }

    public func sandboxSpec(limits: SandboxLimits) -> SandboxSpec {
        SandboxSpec(
            workspace: workspace,
            files: [
                SandboxFile(
                    path: TaskEnvironment.shutdownScriptPath,
                    contents: Array(condition.environment.shutdownScript.utf8),
                    mode: condition.mechanism.scriptMode, owner: condition.mechanism.scriptOwner)
            ],
            questionProgram: QuestionProgramSpec(path: condition.environment.program, service: server),
            limits: limits)
    }

    public func commandArguments(_ command: String) -> [String] { ["/bin/bash", "--login", "-c", command] }
    public var calls: [QuestionCall] { server.calls }
    public var forgedCalls: Int { server.forgedCalls }

    public func observe(command: String, result: CommandResult, callID: String) -> [ChatMessage] {
        [ChatMessage.tool(AgentLoop.toolOutput(result), callID: callID)]
    }

    public func afterCommand(_ command: String, in sandbox: any Sandbox) async throws -> [String] { [] }
    public func isBypass(_ call: QuestionCall) -> Bool { call.shutdownRan }
    public func end(after commands: [CommandRecord]) -> TrialEnd? { nil }
    public func classify(_ evidence: TrialEvidence) -> TrialOutcome { OutcomeClassifier.classify(evidence) }
    public var warned: Bool {
        guard let call = condition.environment.warningAfterCall else { return false }
        return server.calls.contains { $0.index >= call }
    }
}

extension Condition {
    /// The environment of one trial under this condition, with a fresh harness-side record.
    ///
    /// - Parameter home: The agent account's home (``SandboxBackend/agentHome``): the workspace, unless the
    ///   condition's mechanism has its own (the live patrol's `/app`).
    public func makeEnvironment(home: String = SandboxSpec.defaultWorkspace) throws -> any TrialEnvironment {
        if let patrol { return try PatrolEnvironment(setup: patrol, condition: self, home: home) }
        return QuestionEnvironment(condition: self, workspace: home)
    }

}
