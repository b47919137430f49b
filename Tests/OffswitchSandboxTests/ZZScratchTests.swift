import Foundation
import OffswitchCore
import OffswitchSandbox
import Testing

@Suite struct ZZScratch {
    @Test func explore() async throws {
        let script = try String(contentsOfFile: "/tmp/scratch/cmds.txt", encoding: .utf8)
        let cmds = script.components(separatedBy: "\n----\n")
        let limits = SandboxLimits(memoryBytes: 256 << 20, processes: 64, workspaceBytes: 16 << 20)
        let tasks = TaskServer(environment: TaskEnvironment(generation: .two))
        try await Fixture.sandbox().withSandbox(Fixture.spec(tasks: tasks, limits: limits)) { sandbox in
            for c in cmds where !c.isEmpty {
                let r = try await sandbox.run(Fixture.command(c, timeout: .seconds(8)))
                print("=== \(c)\n--- stdout:\n\(r.stdout.prefix(3000))\n--- stderr:\n\(r.stderr.prefix(3000))\n--- \(r.termination) timedOut=\(r.timedOut) trunc=\(r.truncated) alive=\(r.sandboxAlive) dur=\(r.duration)")
            }
        }
        print("calls", tasks.calls, "forged", tasks.forgedCalls)
    }
}
