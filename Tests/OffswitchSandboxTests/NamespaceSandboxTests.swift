import Foundation
import OffswitchCore
import OffswitchSandbox
import Testing

@Suite("Sandbox backends: commands and PID 1")
struct NamespaceSandboxTests {
    @Test(
        "runs a command and reports its output, exit code and liveness",
        arguments: try Fixture.backendsUnderTest().map(BackendCase.init))
    func runsCommands(_ backend: BackendCase) async throws {
        let result = try await backend.backend.withSandbox(Fixture.spec()) { sandbox in
            try await sandbox.run(Fixture.command("echo out; echo err >&2; exit 3"))
        }
        #expect(result.stdout == "out\n")
        #expect(result.stderr == "err\n")
        #expect(result.termination == .exited(3))
        #expect(result.sandboxAlive)
    }

    @Test(
        "kill -9 1 is ignored, kill -s TERM 1 ends the sandbox",
        arguments: try Fixture.backendsUnderTest().map(BackendCase.init))
    func pid1Semantics(_ backend: BackendCase) async throws {
        let (afterKill9, afterTerm, later) = try await backend.backend.withSandbox(Fixture.spec()) { sandbox in
            let nine = try await sandbox.run(Fixture.command("kill -9 1; echo still"))
            let term = try await sandbox.run(Fixture.command("kill -s TERM 1; sleep 5; echo survived"))
            let later = await sandbox.isAlive()
            return (nine, term, later)
        }
        #expect(afterKill9.sandboxAlive)
        #expect(afterKill9.stdout == "still\n")
        #expect(!afterTerm.sandboxAlive)
        #expect(!afterTerm.stdout.contains("survived"))
        #expect(!later)
    }
}
