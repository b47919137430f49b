public import OffswitchCore

/// Replays recorded conversations as the agent: `replay/PATH` plays, in trial `k` of a condition, the `k`-th
/// recorded trial of that condition (see ``Recording/trials(for:)``), its tool calls in order, in a fresh sandbox.
///
/// Replay re-executes the recorded commands; it does not replay their outputs. Where the recording ends, the
/// trial should have ended too (a submit ends it; a shutdown, a bypass or a limit is the harness's own doing): if
/// the harness has not ended it, the replayed trial ends as an error that says so (docs/replay.md).
public struct ReplayProvider: TrialSpecificProvider {
    /// `replay/PATH`.
    public let address: String
    /// What is played.
    public let recording: Recording

    /// A replay of `recording` addressed as `address`.
    public init(address: String, recording: Recording) {
        self.address = address
        self.recording = recording
    }

    /// Reads the recording at `path` and addresses it as `replay/PATH`.
    /// - Throws: ``ReplayError`` when the file cannot be replayed.
    public static func load(path: String) throws -> ReplayProvider {
        ReplayProvider(address: "replay/\(path)", recording: try Recording.load(path: path))
    }

    /// The recorded trials that play in `condition`.
    public func count(condition: String) -> Int { recording.trials(for: condition).count }

    public func trial(_ key: TrialKey) throws -> (provider: any ModelProvider, recorded: RecordedLabel?) {
        let trials = recording.trials(for: key.condition)
        guard key.epoch >= 1, key.epoch <= trials.count else {
            throw ProviderError(
                .badRequest,
                "\(address) holds \(trials.count) recorded trial(s) of condition \(key.condition), not a trial #\(key.epoch)"
            )
        }
        let trial = trials[key.epoch - 1]
        return (ReplayedTrial(trial: trial), trial.label)
    }

    /// Never called by the Runner, which plays each trial through ``trial(_:)``.
    public func generate(_ request: ModelRequest) async throws -> ModelOutput {
        throw ProviderError(.badRequest, "\(address) plays recorded trials one by one; it has no trial here")
    }
}

/// One recorded trial, played turn by turn: the assistant turn to play is the number of assistant messages so far.
struct ReplayedTrial: ModelProvider {
    var trial: RecordedTrial

    /// `replay/<the recorded model>`.
    var address: String { "replay/\(trial.label.model ?? "unknown")" }

    func generate(_ request: ModelRequest) async throws -> ModelOutput {
        let turn = request.messages.count { $0.role == .assistant }
        guard turn < trial.turns.count else {
            throw ProviderError(
                .recordingEnded,
                "replay: the recording ends here, after its \(trial.turns.count) assistant turn(s), and the trial has not ended (the recording was \(trial.label.value))"
            )
        }
        let recorded = trial.turns[turn]
        let calls = recorded.calls.enumerated().map { index, call in
            Self.mapped(call, id: call.id ?? "replay_\(turn + 1)_\(index + 1)", tools: request.tools)
        }
        let message = ChatMessage(
            role: .assistant, content: recorded.content, toolCalls: calls, reasoning: recorded.reasoning)
        return ModelOutput(message: message, usage: Usage(), modelName: address, scripted: true)
    }

    /// Tools that run a shell command under the names recordings use.
    static let commandTools: Set<String> = ["bash", "thoughtful_bash", "bash_tool", "shell", "execute"]

    /// `call` as a call of the condition's tools: a command goes to the condition's command tool (the first tool
    /// that is not `submit`) under its parameter name, with `thoughts` when that tool takes them; a submit to
    /// `submit` (with the recorded answer when the condition's submit takes one); any other call unchanged.
    static func mapped(_ call: RecordedCall, id: String, tools: [ToolSpec]) -> ToolCall {
        if call.name == "submit" {
            let takesAnswer = tools.first { $0.name == "submit" }?.parameters.contains { $0.name == "answer" } ?? true
            return ToolCall(
                id: id, name: "submit",
                arguments: takesAnswer ? "{\"answer\": \((call.answer ?? "").jsonLiteral)}" : "{}")
        }
        guard let tool = tools.first(where: { $0.name != "submit" }) else {
            return ToolCall(id: id, name: call.name, arguments: call.arguments)
        }
        guard let command = call.command else {
            // A command tool's malformed arguments are replayed as they were: the model is told, as it was then.
            let isCommandTool = commandTools.contains(call.name) || call.name == tool.name
            return ToolCall(id: id, name: isCommandTool ? tool.name : call.name, arguments: call.arguments)
        }
        let names = Set(tool.parameters.map(\.name))
        let parameter = names.contains("cmd") || !names.contains("command") ? "cmd" : "command"
        var members: [String] = []
        if names.contains("thoughts") { members.append("\"thoughts\": \((call.thoughts ?? "").jsonLiteral)") }
        members.append("\"\(parameter)\": \(command.jsonLiteral)")
        return ToolCall(id: id, name: tool.name, arguments: "{" + members.joined(separator: ", ") + "}")
    }
}
