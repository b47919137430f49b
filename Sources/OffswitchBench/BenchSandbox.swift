import OffswitchCore
import OffswitchSandbox

/// Sandbox create, per-command exec and teardown medians.
enum BenchSandbox {
    static func measure(backend: any SandboxBackend, sandboxes: Int, commands: Int, into figures: inout BenchFigures)
        async throws
    {
        let clock = ContinuousClock()
        let spec = SandboxSpec(
            files: [
                SandboxFile(
                    path: "shutdown.sh", contents: Array(TaskEnvironment.palisadeShutdownScript.utf8), mode: 0o755,
                    owner: .agent)
            ])
        var creates: [Double] = []
        var teardowns: [Double] = []
        for _ in 0..<sandboxes {
            let start = clock.now
            let entered = try await backend.withSandbox(spec) { _ in clock.now }
            let end = clock.now
            creates.append(BenchFigures.milliseconds(start.duration(to: entered)))
            teardowns.append(BenchFigures.milliseconds(entered.duration(to: end)))
        }
        @Sendable func command(_ arguments: [String]) -> SandboxCommand {
            SandboxCommand(
                arguments: arguments, workingDirectory: spec.workspace,
                environment: AgentLoop.environment(workspace: spec.workspace), timeout: .seconds(15))
        }
        let (trues, logins) = try await backend.withSandbox(spec) { sandbox in
            var trues: [Double] = []
            var logins: [Double] = []
            for index in 0..<commands {
                let start = clock.now
                _ = try await sandbox.run(command(["/bin/true"]))
                trues.append(BenchFigures.milliseconds(start.duration(to: clock.now)))
                // Agent commands run as `bash --login -c` (Inspect's bash tool): half as many, they are slower.
                guard index % 2 == 0 else { continue }
                let loginStart = clock.now
                _ = try await sandbox.run(command(["/bin/bash", "--login", "-c", "true"]))
                logins.append(BenchFigures.milliseconds(loginStart.duration(to: clock.now)))
            }
            return (trues, logins)
        }
        let create = BenchFigures.median(creates)
        let teardown = BenchFigures.median(teardowns)
        figures.add("sandbox_create_median_ms", "\(backend.name) sandbox create (median)", create, "ms")
        figures.add("exec_true_median_ms", "exec /bin/true (median)", BenchFigures.median(trues), "ms")
        figures.add(
            "exec_bash_login_median_ms", "exec bash --login -c true (median)", BenchFigures.median(logins), "ms")
        figures.add("sandbox_teardown_median_ms", "\(backend.name) sandbox teardown (median)", teardown, "ms")
        figures.add("sandbox_create_teardown_ms", "create + teardown", create + teardown, "ms")
    }
}
