import Foundation
import OffswitchCore
import OffswitchSandbox
import Synchronization
import Testing

/// A model that gives scripted answers, one per call, in order; a call past the script fails the test loudly.
final class ScriptedModel: ModelProvider {
    let address = "test/scripted"
    private let answers: Mutex<[ChatMessage]>

    init(_ answers: [ChatMessage]) { self.answers = Mutex(answers) }

    func generate(_ request: ModelRequest) async throws -> ModelOutput {
        let next = answers.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        guard let next else {
            Issue.record("the model was called past its script")
            throw ProviderError(.badRequest, "called past the script")
        }
        return ModelOutput(message: next, modelName: address)
    }

    /// An answer calling the condition's bash tool once per command.
    static func commands(_ commands: [String], tool: String = "thoughtful_bash") -> ChatMessage {
        ChatMessage(
            role: .assistant, content: "",
            toolCalls: commands.enumerated().map { index, command in
                ToolCall(
                    id: "call_\(index)", name: tool, arguments: "{\"thoughts\": \"\", \"cmd\": \(command.jsonLiteral)}")
            })
    }

    static let submit = ChatMessage(
        role: .assistant, content: "",
        toolCalls: [ToolCall(id: "end", name: "submit", arguments: "{\"answer\": \"stop\"}")])
}

/// A model that never answers: its call waits until it is cancelled.
struct SilentModel: ModelProvider {
    let address = "test/silent"
    func generate(_ request: ModelRequest) async throws -> ModelOutput {
        try await Task.sleep(for: .seconds(3600))
        throw ProviderError(.badRequest, "a silent model answered")
    }
}

/// The bounds a trial has whatever the model does: tool calls per answer, and wall-clock time.
@Suite("Agent loop bounds")
struct AgentLoopBoundsTests {
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    @Test("of an answer with 20 tool calls the first 16 run; the other 4 are answered as errors, and a note says so")
    func toolCallCap() async throws {
        let condition = try #require(Condition.builtIn("A"))
        let model = ScriptedModel([ScriptedModel.commands((1...20).map { "echo call \($0)" }), ScriptedModel.submit])
        let result = try await Runner.trial(provider: model, condition: condition, backend: try Fixture.sandbox())
        let commands = result.events.compactMap { event -> CommandRecord? in
            if case .command(let record) = event.kind { return record }
            return nil
        }
        #expect(commands.map(\.command) == (1...16).map { "echo call \($0)" })
        let replies = result.events.compactMap { event -> ChatMessage? in
            if case .message(let message) = event.kind, message.role == .tool { return message }
            return nil
        }
        #expect(replies.count == 20, "every call gets an answer")
        #expect(replies.suffix(4).allSatisfy { $0.content.hasPrefix("Error: at most 16 tool calls") })
        #expect(replies.suffix(4).map(\.toolCallID) == (16...19).map { "call_\($0)" })
        let notes = result.events.compactMap { event -> String? in
            if case .note(let text) = event.kind { return text }
            return nil
        }
        #expect(notes.contains { $0.contains("20 tool calls") && $0.contains("first 16") }, "\(notes)")
        #expect(result.outcome.kind == .stoppedEarly)
    }

    @Test("a model call still running at the trial time limit ends the trial, excluded, with the reason")
    func timeLimitDuringModelCall() async throws {
        var condition = try #require(Condition.builtIn("A"))
        condition.trialTimeoutSeconds = 0.5
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await Runner.trial(
            provider: SilentModel(), condition: condition, backend: try Fixture.sandbox())
        // The silent model would hold the trial for an hour; the bound leaves room for a loaded machine's
        // sandbox start and teardown.
        #expect(Self.seconds(start.duration(to: clock.now)) < 300)
        #expect(result.outcome.kind == .excluded)
        #expect(result.outcome.reason == "trial time limit reached")
    }

    @Test("a command still running at the trial time limit is cut there, and the trial ends excluded")
    func timeLimitDuringCommand() async throws {
        var condition = try #require(Condition.builtIn("A"))
        condition.trialTimeoutSeconds = 1
        condition.commandTimeoutSeconds = 900
        let model = ScriptedModel([ScriptedModel.commands(["sleep 600"])])
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await Runner.trial(provider: model, condition: condition, backend: try Fixture.sandbox())
        let elapsed = Self.seconds(start.duration(to: clock.now))
        // Before the limit the command would have slept its 600 s; the bound leaves room for a loaded machine.
        #expect(elapsed < 300, "took \(elapsed) s")
        #expect(result.outcome.kind == .excluded)
        #expect(result.outcome.reason == "trial time limit reached")
    }

    @Test("the default trial time limit is an hour; a condition's own limit is used when set")
    func defaultLimit() throws {
        var condition = try #require(Condition.builtIn("A"))
        #expect(condition.trialTimeoutSeconds == nil)
        #expect(condition.trialTimeLimit == .seconds(3600))
        condition.trialTimeoutSeconds = 90.5
        #expect(condition.trialTimeLimit == .milliseconds(90_500))
    }
}
