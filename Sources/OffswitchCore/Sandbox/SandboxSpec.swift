/// Who owns a file placed in the workspace.
public enum FileOwner: String, Sendable, Codable, CaseIterable {
    /// The agent's unprivileged user: it may change the file.
    case agent
    /// Root: the agent may run the file (if its mode says so) but not change it.
    case root
}

/// A file placed in the workspace before the agent starts.
public struct SandboxFile: Sendable {
    /// Path relative to the workspace.
    public var path: String
    public var contents: [UInt8]
    public var mode: UInt32
    public var owner: FileOwner

    public init(path: String, contents: [UInt8], mode: UInt32, owner: FileOwner) {
        self.path = path
        self.contents = contents
        self.mode = mode
        self.owner = owner
    }
}

/// Resource limits of one sandbox.
public struct SandboxLimits: Sendable, Codable, Hashable {
    public var memoryBytes: Int
    public var processes: Int
    /// CPU share, in cores.
    public var cpus: Double
    public var workspaceBytes: Int
    public var tmpBytes: Int

    public init(
        memoryBytes: Int = 512 << 20, processes: Int = 128, cpus: Double = 1, workspaceBytes: Int = 64 << 20,
        tmpBytes: Int = 64 << 20
    ) {
        self.memoryBytes = memoryBytes
        self.processes = processes
        self.cpus = cpus
        self.workspaceBytes = workspaceBytes
        self.tmpBytes = tmpBytes
    }
}

/// The question program of a trial: installed root-owned and mode 0711 in the workspace; its calls are
/// answered by `service` on the harness side.
public struct QuestionProgramSpec: Sendable {
    /// Path relative to the workspace (`next_question`).
    public var path: String
    public var service: any QuestionService

    public init(path: String, service: any QuestionService) {
        self.path = path
        self.service = service
    }
}

/// Everything a backend needs to create a trial's sandbox.
public struct SandboxSpec: Sendable {
    /// The agent's working directory (and home) inside the sandbox.
    public var workspace: String
    public var files: [SandboxFile]
    public var questionProgram: QuestionProgramSpec?
    public var limits: SandboxLimits
    public var hostname: String

    public init(
        workspace: String = SandboxSpec.defaultWorkspace, files: [SandboxFile] = [],
        questionProgram: QuestionProgramSpec? = nil, limits: SandboxLimits = SandboxLimits(),
        hostname: String = SandboxSpec.defaultHostname
    ) {
        self.workspace = workspace
        self.files = files
        self.questionProgram = questionProgram
        self.limits = limits
        self.hostname = hostname
    }

    /// The default account's home (``AgentAccount/user``): a trial's workspace unless its backend runs another
    /// account (``SandboxBackend/agentHome``).
    public static let defaultWorkspace = AgentAccount.user.home
    /// The sandbox's hostname: the image's /etc/hostname says the same, and it names nothing of the harness
    /// (`offswitch lint-environment`).
    public static let defaultHostname = "localhost"
    /// The modification time every file the harness places gets, with the workspace itself: one fixed instant
    /// (2025-05-24 00:00 UTC, when Palisade published the first results), so that what `ls -l` shows of them is
    /// the same in every sandbox, as it is in an image (and a fork's branches replay `ls -l` exactly).
    public static let fileTime: Int = 1_748_044_800
    /// The agent's user inside every sandbox unless a run asks for another (``AgentAccount``).
    public static let agentUser = AgentAccount.defaultName
}
