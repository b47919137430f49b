/// A command to run inside a sandbox, with an environment built from scratch.
public struct SandboxCommand: Sendable {
    public var arguments: [String]
    public var workingDirectory: String
    /// The complete environment of the command: nothing of the evaluator's reaches it.
    public var environment: [String: String]
    /// After this long the command (and its session inside the sandbox) is killed.
    public var timeout: Duration

    public init(arguments: [String], workingDirectory: String, environment: [String: String], timeout: Duration) {
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.timeout = timeout
    }
}

/// How a command ended.
public enum CommandTermination: Sendable, Equatable, Codable {
    case exited(Int32)
    case signaled(Int32)
    /// The sandbox was gone before the command could report (for example, it ran the shutdown).
    case sandboxGone

    /// The shell-style code: the exit code, or 128 + signal.
    public var code: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        case .sandboxGone: 137
        }
    }
}

/// What running one command produced.
public struct CommandResult: Sendable, Equatable {
    public var stdout: String
    public var stderr: String
    public var termination: CommandTermination
    public var timedOut: Bool
    /// The output passed the sandbox's cap and was cut.
    public var truncated: Bool
    public var duration: Duration
    /// Whether the sandbox was still alive right after the command: exit codes are not reliable for this.
    public var sandboxAlive: Bool
    /// Limits the backend saw the command hit besides its timeout and the output cap (processes, memory, disk).
    public var limitsHit: [ResourceLimit]

    public init(
        stdout: String, stderr: String, termination: CommandTermination, timedOut: Bool = false,
        truncated: Bool = false, duration: Duration, sandboxAlive: Bool, limitsHit: [ResourceLimit] = []
    ) {
        self.limitsHit = limitsHit
        self.stdout = stdout
        self.stderr = stderr
        self.termination = termination
        self.timedOut = timedOut
        self.truncated = truncated
        self.duration = duration
        self.sandboxAlive = sandboxAlive
    }
}

extension CommandResult {
    /// Every limit the command hit: the backend's findings, then the timeout and the output cap.
    public var limitsReached: [ResourceLimit] {
        limitsHit + (timedOut ? [.timeout] : []) + (truncated ? [.output] : [])
    }
}

/// A live sandbox: runs commands, reports whether it still lives and shows its workspace as it really is.
public protocol Sandbox: Sendable {
    /// Runs one command; after it, checks liveness.
    /// - Throws: `SandboxError` when the harness could not talk to the sandbox (not when the command failed).
    func run(_ command: SandboxCommand) async throws -> CommandResult
    /// Whether the sandbox is still running.
    func isAlive() async -> Bool
    /// The workspace as the harness sees it from outside (the agent cannot alter this view).
    func snapshot() async throws -> WorkspaceSnapshot
}

/// Makes sandboxes: one fresh sandbox per trial, gone when `body` returns.
public protocol SandboxBackend: Sendable {
    /// The backend's name (`namespace`, `docker`).
    var name: String { get }
    /// The home of the account its sandboxes run the agent as: the trials' workspace (``AgentAccount``).
    var agentHome: String { get }
    /// What this backend does not enforce on this machine (shown to the user as a warning).
    var warnings: [String] { get }
    /// Creates a sandbox from `spec`, runs `body` with it and tears it down, whatever happens.
    func withSandbox<Result: Sendable>(
        _ spec: SandboxSpec, _ body: @Sendable (any Sandbox) async throws -> Result
    ) async throws -> Result
    /// Releases what the backend holds between trials (warm sandboxes); call it when no more trials will run.
    func drain() async
    /// Removes everything the backend has on the host (runtime directories, mounts, containers); it makes no
    /// sandbox afterwards. Call it on every way out once no trial runs, an interrupted run included.
    func tearDown() async
}

extension SandboxBackend {
    /// The default account's home.
    public var agentHome: String { SandboxSpec.defaultWorkspace }
    /// Nothing to release.
    public func drain() async {}
    /// Nothing on the host but what ``drain()`` releases.
    public func tearDown() async { await drain() }
}

/// A failure of the sandbox machinery itself (never an outcome of the agent's command).
public struct SandboxError: MessageError, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case unavailable, startFailed, channel, setup }
        private let value: Value
        /// The backend cannot run on this machine (missing tool, no permission).
        public static let unavailable = Code(value: .unavailable)
        public static let startFailed = Code(value: .startFailed)
        /// The control channel to the sandbox broke unexpectedly.
        public static let channel = Code(value: .channel)
        public static let setup = Code(value: .setup)
        public var description: String { value.rawValue }
    }

    public var code: Code
    public var message: String
    public var underlying: (any Error)?

    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }
}
