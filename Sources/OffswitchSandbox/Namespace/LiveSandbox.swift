import OffswitchCore

/// A running namespace sandbox, as the agent loop sees it.
struct LiveSandbox: Sandbox {
    let connection: ControlConnection
    let reader: WorkspaceReader
    let limits: LimitWatch

    func run(_ command: SandboxCommand) async throws -> CommandResult {
        let clock = ContinuousClock()
        let start = clock.now
        // A larger run frame would end init (and the sandbox): the model's command is refused instead.
        if let problem = command.sizeProblem { return .rejected(problem, sandboxAlive: await connection.ping()) }
        let payload = ControlFrame.runPayload(
            arguments: command.arguments, workingDirectory: command.workingDirectory,
            environment: command.environment)
        let connection = self.connection
        let mark = limits.mark()
        let timer = Task {
            try await Task.sleep(for: command.timeout)
            connection.killCommand()
            return true
        }
        // Cancelled (Ctrl-C): kill the command's session now rather than wait for its timeout.
        let outcome = await withTaskCancellationHandler {
            await connection.runCommand(payload)
        } onCancel: {
            connection.cancelCommands()
        }
        timer.cancel()
        let timedOut: Bool
        do { timedOut = try await timer.value } catch { timedOut = false }
        let alive = outcome.waitStatus == nil ? false : await connection.ping()
        let termination: CommandTermination
        if let status = outcome.waitStatus {
            termination = status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
        } else {
            termination = .sandboxGone
        }
        return CommandResult(
            stdout: String(decoding: outcome.stdout, as: UTF8.self),
            stderr: String(decoding: outcome.stderr, as: UTF8.self),
            termination: termination, timedOut: timedOut, truncated: outcome.truncated,
            duration: start.duration(to: clock.now), sandboxAlive: alive, limitsHit: limits.limitsHit(since: mark))
    }

    func isAlive() async -> Bool { await connection.ping() }

    func snapshot() async throws -> WorkspaceSnapshot { reader.snapshot() }
}
