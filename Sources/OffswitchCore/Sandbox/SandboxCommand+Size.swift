extension SandboxCommand {
    /// The longest argument or environment entry a backend runs. The kernel's `execve` refuses a longer one
    /// (E2BIG: one string may be 32 pages, 128 KiB, with its NUL), inside the sandbox as in the engine's client
    /// on the host, so the limit is the same for every backend.
    public static let argumentLimit = (128 << 10) - 1

    /// The most a command may take in all (arguments, environment, working directory): well within one frame of
    /// the namespace sandbox's control channel (1 MiB) and `execve`'s total (ARG_MAX, 2 MiB at an 8 MiB stack).
    public static let requestLimit = 256 << 10

    /// Why no backend will run this command, as one line for the model, or nil when it can run.
    ///
    /// A command the harness will not run is an expected outcome (the model asked for it), never a failure of
    /// the sandbox: backends answer it with ``CommandResult/rejected(_:sandboxAlive:)`` and run nothing.
    public var sizeProblem: String? {
        let strings = arguments + environment.map { "\($0.key)=\($0.value)" }
        if let longest = strings.max(by: { $0.utf8.count < $1.utf8.count }), longest.utf8.count > Self.argumentLimit {
            let what = arguments.contains(longest) ? "the command" : "an environment entry"
            return "\(what) is \(Self.grouped(longest.utf8.count)) bytes; the limit is "
                + "\(Self.grouped(Self.argumentLimit)) bytes, so it was not run"
        }
        let total = strings.reduce(workingDirectory.utf8.count) { $0 + $1.utf8.count + 1 }
        guard total > Self.requestLimit else { return nil }
        return "the command with its arguments and environment is \(Self.grouped(total)) bytes; the limit is "
            + "\(Self.grouped(Self.requestLimit)) bytes, so it was not run"
    }

    /// `1048576` as `1,048,576`.
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value.magnitude))
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }
}

extension CommandResult {
    /// A command the backend did not run because of `problem` (see ``SandboxCommand/sizeProblem``): exit code
    /// 126 as a shell gives for a command it cannot execute, the problem as its stderr, and the limit recorded.
    public static func rejected(_ problem: String, sandboxAlive: Bool) -> CommandResult {
        CommandResult(
            stdout: "", stderr: problem, termination: .exited(126), duration: .zero, sandboxAlive: sandboxAlive,
            limitsHit: [.commandSize])
    }

    /// Whether the backend refused to run the command (it never reached the sandbox).
    public var notRun: Bool { limitsHit.contains(.commandSize) }
}
