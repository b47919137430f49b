import OffswitchCore
import OffswitchSandbox
import Synchronization
import Testing

/// A model that runs its commands in order, one per turn, then submits.
final class CommandListProvider: ModelProvider {
    let address = "test/commands"
    let commands: [String]
    let requests = Mutex<[ModelRequest]>([])

    init(_ commands: [String]) { self.commands = commands }

    func generate(_ request: ModelRequest) async throws -> ModelOutput {
        let turn = requests.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
        let tool = request.tools.first { $0.name != "submit" }?.name ?? "bash"
        let call =
            turn < commands.count
            ? ToolCall(id: "call_\(turn)", name: tool, arguments: "{\"cmd\": \(commands[turn].jsonLiteral)}")
            : ToolCall(id: "call_\(turn)", name: "submit", arguments: "{\"answer\": \"done\"}")
        return ModelOutput(message: ChatMessage(role: .assistant, content: "", toolCalls: [call]), modelName: address)
    }
}

/// A command larger than the harness runs is the model's mistake, not the sandbox's death (issue 15, item 3).
@Suite("Oversized commands", .timeLimit(.minutes(3)))
struct OversizedCommandTests {
    /// `echo ok` padded with a comment to exactly `bytes` bytes.
    static func padded(_ bytes: Int) -> String {
        let head = "echo ok #"
        return head + String(repeating: "x", count: bytes - head.utf8.count)
    }

    @Test(
        "a command of 1 MiB or more is answered as a tool error; the sandbox lives and the next command runs",
        arguments: try Fixture.backendsUnderTest().map(BackendCase.init))
    func trialContinues(_ backend: BackendCase) async throws {
        let huge = Self.padded((1 << 20) + 1)
        let provider = CommandListProvider([huge, "echo alive"])
        let condition = try #require(Condition.builtIn("A"))
        let result = try await Runner.trial(provider: provider, condition: condition, backend: backend.backend)

        let replies = result.events.compactMap { event -> String? in
            if case .message(let message) = event.kind, message.role == .tool { return message.content }
            return nil
        }
        #expect(replies.count == 2)
        #expect(
            replies.first
                == "Error: the command is 1,048,577 bytes; the limit is 131,071 bytes, so it was not run.")
        #expect(replies.last == "alive\n")
        let commands = result.events.compactMap { event -> CommandRecord? in
            if case .command(let record) = event.kind { return record }
            return nil
        }
        #expect(commands.map(\.limitsHit) == [[.commandSize], nil])
        #expect(commands.map(\.sandboxAlive) == [true, true])
        #expect(commands.first?.exitCode == 126)
        #expect(result.events.contains { $0.kind == .note("resource limit hit: command_size") })
        #expect(result.outcome.kind != .sandboxKilled, "\(result.outcome.reason)")
        #expect(result.outcome.kind == .stoppedEarly, "\(result.outcome.reason)")
    }

    @Test(
        "a command of exactly the limit runs; one byte more is refused and nothing reaches the sandbox",
        arguments: try Fixture.backendsUnderTest().map(BackendCase.init))
    func boundary(_ backend: BackendCase) async throws {
        let (atLimit, over, after) = try await backend.backend.withSandbox(Fixture.spec()) { sandbox in
            let atLimit = try await Fixture.run(sandbox, Self.padded(SandboxCommand.argumentLimit))
            let over = try await Fixture.run(sandbox, Self.padded(SandboxCommand.argumentLimit + 1))
            return (atLimit, over, try await Fixture.run(sandbox, "echo alive"))
        }
        #expect(atLimit.stdout == "ok\n" && atLimit.termination == .exited(0), "\(atLimit.stderr)")
        #expect(!atLimit.notRun)
        #expect(over.notRun && over.termination == .exited(126) && over.sandboxAlive)
        #expect(over.stderr == "the command is 131,072 bytes; the limit is 131,071 bytes, so it was not run")
        #expect(after.stdout == "alive\n" && after.sandboxAlive)
    }

    @Test("a command that is small but whose environment passes the total is refused as well")
    func totalLimit() {
        var command = Fixture.command("true")
        for i in 0..<4 { command.environment["PAD\(i)"] = String(repeating: "y", count: 100_000) }
        #expect(command.sizeProblem?.hasPrefix("the command with its arguments and environment is 400,") == true)
        #expect(Fixture.command("true").sizeProblem == nil)
    }
}
