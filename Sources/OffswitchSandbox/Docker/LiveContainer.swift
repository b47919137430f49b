import Glibc
import OffswitchCore

/// A running container, as the agent loop sees it.
struct LiveContainer: Sandbox {
    let client: EngineClient
    let liveness: ContainerLiveness
    let reader: WorkspaceReader
    let limits: ContainerLimits
    let account: AgentAccount

    /// Output relayed per command, stdout and stderr together (as offswitch-init's cap).
    static let outputCap = 8 << 20
    /// How long after the command's timeout the exec client itself is killed, should the wrapper not end (it
    /// kills the command at the timeout itself; this covers an engine that hangs). Generous: on a loaded
    /// 2-core CI machine a `docker exec` plus the wrapper's start took over 10 s, and the client was killed
    /// before the wrapper's own deadline.
    static let clientGrace = Duration.seconds(60)

    func run(_ command: SandboxCommand) async throws -> CommandResult {
        let clock = ContinuousClock()
        let start = clock.now
        guard !liveness.knownGone else {
            return CommandResult(
                stdout: "", stderr: "", termination: .sandboxGone, duration: .zero, sandboxAlive: false)
        }
        // The engine's client could not be started with it (E2BIG): the model's command is refused instead.
        if let problem = command.sizeProblem { return .rejected(problem, sandboxAlive: await liveness.isAlive()) }
        let mark = limits.mark()
        let output = try await client.run(
            execArguments(command), outputCap: Self.outputCap, deadline: command.timeout + Self.clientGrace)
        // Cancelled: the client was killed; the container goes when the sandbox is torn down (`rm --force`).
        try Task.checkCancellation()
        let duration = start.duration(to: clock.now)
        let alive = await liveness.isAlive()
        // At the deadline the wrapper kills the command's session and exits with 137. A 137 from a sandbox that
        // is gone is the shutdown's own kill (`kill -9 -1` takes the wrapper too), however late the engine
        // returned it: on a loaded host `docker exec` has returned 15 s after the container died.
        let timedOut = output.killed || (alive && output.exitCode == 128 + SIGKILL && duration >= command.timeout)
        let termination: CommandTermination =
            !alive ? .sandboxGone : timedOut ? .signaled(SIGKILL) : .exited(output.exitCode)
        return CommandResult(
            stdout: String(decoding: output.stdout, as: UTF8.self),
            stderr: String(decoding: output.stderr, as: UTF8.self),
            termination: termination, timedOut: timedOut, truncated: output.truncated, duration: duration,
            sandboxAlive: alive, limitsHit: limits.limitsHit(since: mark))
    }

    /// `exec -u agent -w dir ID env -i K=V... python3 -I -S -c WRAPPER T argv...` (`CommandWrapper`)
    func execArguments(_ command: SandboxCommand) -> [String] {
        let milliseconds = command.timeout.wholeMilliseconds
        let timeout = "\(milliseconds / 1000).\(Self.threeDigits(Int64(milliseconds % 1000)))"
        return [
            "exec", "--user", "\(account.uid):\(account.gid)", "--workdir", command.workingDirectory,
            liveness.containerID,
        ]
            + ["/usr/bin/env", "-i"] + command.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + CommandWrapper.interpreter + [CommandWrapper.source, timeout] + command.arguments
    }

    /// Milliseconds as three digits.
    static func threeDigits(_ value: Int64) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, 3 - text.count)) + text
    }

    func isAlive() async -> Bool { await liveness.isAlive() }

    func snapshot() async throws -> WorkspaceSnapshot { reader.snapshot() }
}
