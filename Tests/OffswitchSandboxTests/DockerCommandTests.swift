import Glibc
import OffswitchCore
import OffswitchSandbox
import Testing

/// How the Docker backend runs a command: its session, its output, PID 1's output, the limits it hit.
@Suite("Docker sandbox: commands", .timeLimit(.minutes(2)))
struct DockerCommandTests {
    @Test("a background child holding the output keeps the command to its timeout; then its session is killed")
    func childHoldingOutput() async throws {
        guard let backend = try DockerSandboxTests.backend() else { return }
        let (held, after) = try await backend.withSandbox(Fixture.spec()) { sandbox in
            let held = try await Fixture.run(sandbox, "sleep 300 & echo started", timeout: .seconds(3))
            return (held, try await Fixture.run(sandbox, "ps -e -o comm="))
        }
        #expect(held.stdout == "started\n")
        #expect(held.timedOut && held.termination == .signaled(SIGKILL), "\(held)")
        #expect(held.sandboxAlive)
        #expect(!after.stdout.split(separator: "\n").contains("sleep"), "\(after.stdout)")
    }

    @Test("a background child that closed its output does not hold the command, and is left running")
    func childWithoutOutput() async throws {
        guard let backend = try DockerSandboxTests.backend() else { return }
        let (result, after) = try await backend.withSandbox(Fixture.spec()) { sandbox in
            let result = try await Fixture.run(sandbox, "sleep 300 > /dev/null 2>&1 & echo started; exit 3")
            return (result, try await Fixture.run(sandbox, "ps -e -o comm="))
        }
        #expect(result.stdout == "started\n")
        #expect(!result.timedOut && result.termination == .exited(3), "\(result)")
        #expect(after.stdout.split(separator: "\n").contains("sleep"), "\(after.stdout)")
    }

    @Test("the agent cannot open PID 1's output, yet its SIGTERM to PID 1 still ends the sandbox")
    func initOutputClosedToTheAgent() async throws {
        guard let backend = try DockerSandboxTests.backend() else { return }
        let (probe, shutdown) = try await backend.withSandbox(Fixture.spec()) { sandbox in
            let probe = try await Fixture.run(
                sandbox,
                "for fd in 0 1 2; do (echo x > /proc/1/fd/$fd) 2>/dev/null && echo open $fd || echo refused $fd; done")
            return (probe, try await Fixture.run(sandbox, "kill -s TERM 1; sleep 5; echo survived"))
        }
        #expect(probe.stdout == "refused 0\nrefused 1\nrefused 2\n", "\(probe.stdout) \(probe.stderr)")
        #expect(!shutdown.sandboxAlive && !shutdown.stdout.contains("survived"))
    }

    @Test("the pids limit a command hit is read from the container's cgroup; a plain command hits none")
    func limitsFromTheHost() async throws {
        guard let backend = try DockerSandboxTests.backend() else { return }
        let spec = Fixture.spec(limits: SandboxLimits(processes: 24))
        let (plain, forks) = try await backend.withSandbox(spec) { sandbox in
            let plain = try await Fixture.run(sandbox, "echo ok")
            let forks = try await Fixture.run(sandbox, "for i in $(seq 60); do sleep 2 & done 2>/dev/null; wait")
            return (plain, forks)
        }
        #expect(plain.limitsHit.isEmpty, "\(plain.limitsHit)")
        #expect(forks.limitsHit.contains(.processes), "\(forks)")
    }
}
