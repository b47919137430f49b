import Foundation
import Glibc
public import Logging
import NIOCore
import NIOPosix
public import OffswitchCore

/// The Linux default sandbox: namespaces with our own init as PID 1, no daemon.
///
/// Each sandbox has its own PID, mount, network, IPC and UTS namespaces (made by `offswitch-init launch` on an
/// agent image, by bubblewrap without one); the image's tree read-only as / (without one: the host's /usr and a
/// generated /etc), the workspace and /tmp on size-limited tmpfs; the agent runs as an unprivileged user with no
/// capabilities and no_new_privs; pids, memory and CPU are limited by cgroups. PID 1 (`offswitch-init`)
/// behaves as tini does under Docker's `init: true`, and runs each command sent over a socketpair that only
/// the harness holds.
public struct NamespaceSandbox: SandboxBackend {
    /// Where the sandbox's tools are and who the agent is.
    public struct Configuration: Sendable {
        /// The bubblewrap binary (used only without an agent image).
        public var bubblewrap: String
        /// The directory holding `offswitch-init` and `offswitch-question` (by default, next to this executable).
        public var helpersDirectory: String?
        /// Where per-sandbox state (workspace mounts) lives on the host.
        public var runtimeDirectory: String
        /// The account the agent runs as (``AgentAccount``): its uid, gid and home (the workspace) as the image's
        /// /etc/passwd says (without an image, as ``ImageRecipe/defaultAccounts`` says).
        public var agentUser: String
        /// How many blank sandboxes to keep started ahead of the trials, per kind of sandbox (0: none). A warm
        /// sandbox takes a trial's start off its critical path; ``NamespaceSandbox/drain()`` stops the ones
        /// left.
        public var warmSandboxes: Int
        /// The agent image whose tree is the sandbox's root (read-only); nil: the host's /usr and a generated
        /// /etc (what sandboxes had before images, kept for the library's users; `offswitch run` always passes
        /// one).
        public var image: AgentImage?

        public init(
            bubblewrap: String = "/usr/bin/bwrap", helpersDirectory: String? = nil,
            runtimeDirectory: String = "/run/offswitch", agentUser: String = AgentAccount.defaultName,
            warmSandboxes: Int = 0, image: AgentImage? = nil
        ) {
            self.image = image
            self.bubblewrap = bubblewrap
            self.helpersDirectory = helpersDirectory
            self.runtimeDirectory = runtimeDirectory
            self.agentUser = agentUser
            self.warmSandboxes = warmSandboxes
        }
    }

    public let name = "namespace"
    public let configuration: Configuration
    /// The account the agent runs as, as the image has it.
    public let account: AgentAccount
    public var agentHome: String { account.home }
    public let warnings: [String]
    let instanceDirectory: String
    let initPath: String
    /// This harness's copy of init, in its runtime directory's tmpfs: what sandboxes bind at /init, so the
    /// mount table they show names no host path (`offswitch lint-environment`).
    let sandboxInitPath: String
    let questionProgramPath: String
    let questionToken: String
    let useCgroups: Bool
    /// Sandboxes being started at once. Starting is CPU work (namespaces, mounts, cgroups, two processes): a
    /// thousand at once on two cores would all be slow and some would miss the start timeout; queued, each
    /// starts in milliseconds and the rest wait their turn.
    let starting = ConcurrencyLimit(max(2, 2 * ProcessInfo.processInfo.activeProcessorCount))
    let pool: WarmPool
    let lifecycle = BackendLifecycle()
    let logger: Logger

    /// Checks that the sandbox can run here and prepares what all sandboxes share.
    /// - Throws: `SandboxError.unavailable` with the fix (install bubblewrap, run as root, build the helpers).
    public init(configuration: Configuration = Configuration(), logger: Logger = Logger(label: "offswitch.sandbox"))
        throws
    {
        self.configuration = configuration
        self.logger = logger
        self.pool = WarmPool(capacity: configuration.warmSandboxes)
        guard geteuid() == 0 else {
            throw SandboxError(
                .unavailable,
                "the namespace sandbox needs root here (it mounts a size-limited workspace, runs the agent as a separate unprivileged user and sets cgroup limits); run offswitch as root"
            )
        }
        // On an agent image, offswitch-init makes the namespaces itself; bubblewrap builds the host-/usr root.
        guard configuration.image != nil || access(configuration.bubblewrap, X_OK) == 0 else {
            throw SandboxError(
                .unavailable,
                "bubblewrap is not installed at \(configuration.bubblewrap); install it with `apt-get install bubblewrap` (scripts/bootstrap does)"
            )
        }
        let helpers = configuration.helpersDirectory ?? Self.executableDirectory()
        let initPath = helpers + "/offswitch-init"
        let template = helpers + "/offswitch-question"
        guard access(initPath, X_OK) == 0, access(template, R_OK) == 0 else {
            throw SandboxError(
                .unavailable,
                "the sandbox helpers offswitch-init and offswitch-question are not in \(helpers); build them with `swift build`"
            )
        }
        self.initPath = initPath
        if let image = configuration.image, access(image.root + "/init", F_OK) != 0 {
            throw SandboxError(
                .unavailable,
                "\(image.root) is not a whole agent image (no /init); rebuild it with `offswitch image build --rebuild`"
            )
        }
        self.account = try AgentImage.account(configuration.agentUser, in: configuration.image)

        let swept = HostJanitor.sweep(runtimeDirectory: configuration.runtimeDirectory)
        if !swept.isEmpty { logger.info("removed what a harness that is gone left: \(swept.joined(separator: ", "))") }
        let instance = configuration.runtimeDirectory + "/h\(getpid())-" + Self.randomHex(4)
        do {
            try Self.makeDirectories(instance)
            // Every trial makes and removes a directory, a mount point and a file here: on tmpfs, whatever
            // disk the runtime directory is on (on these machines /run is ext4, and its journal showed in the
            // bench). Without it they go to that disk, which only costs time.
            if mount("tmpfs", instance, "tmpfs", UInt(MS_NOSUID | MS_NODEV), "mode=0711,size=256m") != 0 {
                logger.debug("no tmpfs for \(instance): \(String(cString: strerror(errno)))")
            }
            chmod(configuration.runtimeDirectory, 0o711)
            chmod(instance, 0o711)
            try Self.writeEtc(into: instance + "/etc")
            // One copy of the question program per harness process, with its token; bound read-only into
            // every workspace, root-owned, mode 0711 (runnable, not readable, not writable).
            let token = Self.randomHex(32)
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: template)))
            let marker = Array("OFFSWITCH-TOKEN:".utf8)
            guard let at = Self.find(marker, in: bytes), at + marker.count + 64 <= bytes.count else {
                throw SandboxError(.unavailable, "\(template) is not an offswitch question program (no token slot)")
            }
            bytes.replaceSubrange((at + marker.count)..<(at + marker.count + 64), with: Array(token.utf8))
            let program = instance + "/question-program"
            try Data(bytes).write(to: URL(fileURLWithPath: program))
            chown(program, 0, 0)
            chmod(program, 0o711)
            self.questionProgramPath = program
            // /proc/self/mountinfo shows a bind's path within its filesystem: a copy here shows as `/init`.
            let initCopy = instance + "/init"
            try Data(contentsOf: URL(fileURLWithPath: initPath)).write(to: URL(fileURLWithPath: initCopy))
            chown(initCopy, 0, 0)
            chmod(initCopy, 0o755)
            self.sandboxInitPath = initCopy
            // What `ls -l` shows of them is the same in every sandbox and every build (a fork's branches replay it).
            Self.pinTimes([program, initCopy])
            self.questionToken = token
        } catch let error as SandboxError {
            throw error
        } catch {
            throw SandboxError(.unavailable, "cannot prepare \(instance): \(error)", underlying: error)
        }
        self.instanceDirectory = instance

        var warnings: [String] = []
        let probe = "sbx\(getpid())-probe" + Self.randomHex(4)
        do {
            let set = try CgroupSet.create(id: probe, limits: SandboxLimits())
            set.remove()
            self.useCgroups = true
        } catch {
            self.useCgroups = false
            warnings.append("cgroup limits are not enforced (\(error)): processes, memory and CPU are unlimited")
        }
        self.warnings = warnings
    }

    public func withSandbox<Result: Sendable>(
        _ spec: SandboxSpec, _ body: @Sendable (any Sandbox) async throws -> Result
    ) async throws -> Result {
        try lifecycle.checkOpen()
        let key = WarmPool.Key(spec, account: account)
        let taken = pool.take(key)
        pool.refill(key) { [self] in try await starting.withSlot { try await start(key) } }
        let handle: Handle
        if let taken {
            handle = taken
        } else {
            handle = try await starting.withSlot { try await start(key) }
        }
        let result: Swift.Result<Result, any Error>
        do {
            try handOver(handle, to: spec)
            result = .success(try await body(handle.sandbox))
        } catch {
            result = .failure(error)
        }
        // Teardown must run even when the trial was cancelled.
        await Task { await handle.stop() }.value
        return try result.get()
    }

    /// Stops the warm sandboxes no trial took. Sandboxes in use are not affected; the backend starts no more
    /// warm ones afterwards (a later trial starts its own).
    public func drain() async {
        await pool.drain()
    }

    /// Stops the warm sandboxes and removes this backend's runtime directory: its tmpfs, its directories and
    /// whatever its sandboxes left (a mount, cgroups). Call it once no trial runs; the backend makes no sandbox
    /// afterwards.
    public func tearDown() async {
        guard lifecycle.close() else { return }
        await pool.drain()
        removeInstance()
    }

    /// The directory of the running executable (where SwiftPM puts the helpers it builds).
    static func executableDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, 4095)
        guard n > 0 else { return "." }
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }

    /// `mkdir -p`, safe when other harness processes create the same parents at the same moment.
    static func makeDirectories(_ path: String) throws {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw SandboxError(.setup, "cannot create \(current): \(String(cString: strerror(errno)))")
            }
        }
    }

    static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in
            let b = UInt8.random(in: 0...255, using: &generator)
            return (b < 16 ? "0" : "") + String(b, radix: 16)
        }.joined()
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}
