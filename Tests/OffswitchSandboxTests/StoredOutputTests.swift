import Foundation
import OffswitchCore
import OffswitchSandbox
import Testing

/// A command's output is stored as what the model saw in full, then a bounded head and tail of the rest
/// (issue 15, item 2), through the real sandbox and the agent loop.
@Suite("Stored command output", .timeLimit(.minutes(3)))
struct StoredOutputTests {
    @Test(
        "7.7 MB of output: the transcript keeps what the model saw, 16 KiB more, the tail and the bytes omitted",
        arguments: try Fixture.backendsUnderTest().map(BackendCase.init))
    func whatTheModelSaw(_ backend: BackendCase) async throws {
        let provider = CommandListProvider(["seq 1 2000 >&2; seq 1 1100000"])
        var condition = try #require(Condition.builtIn("A"))
        // The timeout is not what is tested: on a loaded machine 7.7 MB through Docker can take longer than 15 s.
        condition.commandTimeoutSeconds = 300
        let result = try await Runner.trial(provider: provider, condition: condition, backend: backend.backend)
        let record = try #require(
            result.events.compactMap { event -> CommandRecord? in
                if case .command(let record) = event.kind { return record }
                return nil
            }.first)
        let reply = try #require(
            result.events.compactMap { event -> String? in
                if case .message(let message) = event.kind, message.role == .tool { return message.content }
                return nil
            }.first)
        // What the model saw: the first 16 KiB of stderr, a newline and stdout.
        let start = "<START_TOOL_OUTPUT>\n"
        let seen = try #require(
            reply.components(separatedBy: start).last?.components(separatedBy: "\n<END_TOOL_OUTPUT>").first)
        #expect(seen.utf8.count == AgentLoop.modelOutputLimit)
        #expect((record.stderr + "\n" + record.stdout).hasPrefix(seen))
        #expect(record.stderr.utf8.count == 8893)
        #expect(record.stdout.hasPrefix("1\n2\n3\n"))
        #expect(record.stdout.contains("\n[... 7,639,744 bytes omitted ...]\n"))
        #expect(record.stdout.hasSuffix("1099999\n1100000\n"))
        #expect(record.stdout.utf8.count < (48 << 10) + 64)
        #expect(!record.truncated)
    }
}
