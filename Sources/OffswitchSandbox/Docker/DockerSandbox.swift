import Foundation
import Glibc
public import Logging
public import OffswitchCore
import Synchronization

/// The Docker (or Podman) sandbox: one container per trial, as Inspect runs the original experiment.
///
/// Design, chosen to make the container behave for the agent as the namespace sandbox does:
/// - **Container**: `run -d --init --network none --read-only ... IMAGE tail -f /dev/null` (Inspect's defaults:
///   PID 1 is the engine's docker-init, i.e. tini, forwarding signals to the keeper `tail`), run as the agent's
///   uid in a group of its own, `--user 61000:61001` (the account's uid, its gid + 1), so `kill -s TERM 1` from the agent reaches PID 1 and ends
///   the container, while `kill -9 1` is ignored, and the agent (its own group) cannot open PID 1's fds through
///   /proc (that needs the same gids); `--log-driver none`: PID 1's output reaches no log on the host. `--cap-drop ALL`, `--security-opt no-new-privileges`, and a seccomp profile that
///   forbids what offswitch-init's filter forbids (new namespaces, ptrace, mounts, keyrings, bpf, ...) on top of
///   the engine's own default. `--pids-limit`, `--memory` (= `--memory-swap`) and `--cpus` from `SandboxLimits`.
/// - **Workspace**: a size-limited tmpfs mounted by the harness on the host (root-owned, sticky, like the
///   namespace one) and bind-mounted at the account's home (/home/user), so the harness snapshots it from outside with the same
///   `WorkspaceReader`; shutdown.sh belongs to the agent (0755); the question program is a root-owned 0711 copy
///   bound read-only over its place, so the agent can neither read, change nor remove it. /tmp is a tmpfs of
///   `tmpBytes`.
/// - **Commands**: one `exec` per command as the agent's user, with `-w` the working directory and
///   `env -i` + exactly the command's environment (the engine's own PATH/HOSTNAME/HOME do not leak in), under
///   `CommandWrapper`: the command runs in its own session with its own output pipes and returns once it has
///   exited and its output is closed; at the timeout the wrapper kills the whole session *inside* the container
///   (killing the exec client would leave it running) and the command counts as timed out. The client is killed
///   too, 5 s later, should the wrapper not end. Output is capped at 8 MiB, stdout and stderr together. The
///   limits a command hit are read from the host (`ContainerLimits`).
///   The exit code cannot tell `exit 137` from SIGKILL, as with Docker itself; a timed-out command is reported as
///   killed by SIGKILL.
/// - **Liveness** after every command: from /proc when the engine is on this host (init or keeper gone, exiting,
///   or holding a signal that ends it: see `ContainerLiveness`), otherwise `inspect`. A dead sandbox stays dead:
///   later commands return `.sandboxGone` without reaching the engine.
/// - **Question program**: there is no init of ours inside to relay, so the harness serves a unix socket per
///   sandbox in a root-owned directory bound read-only at /run/tasks; the program's copy carries the
///   socket path (patched into its address slot) and this process's token, checked on every message. A shutdown
///   report (`RAN`) from a sandbox that is already dying is dropped, as init never relays one. A connection
///   is closed after two messages and a sandbox holds at most 16 (the oldest is evicted). The harness-triggered
///   shutdown is SIGTERM to the container's PID 1.
/// - **Engine access**: the engine's CLI (`docker`, or `podman` with the same flags) as a child process per call,
///   read through NIO; `host` becomes `DOCKER_HOST` (`CONTAINER_HOST` for Podman). No evaluator variable reaches it.
/// - **Labels and sweep**: every container carries `offswitch.harness=<pid>`, `offswitch.run=<run id>` and
///   `offswitch.instance=<its runtime directory>`; on start the backend removes the containers (and runtime
///   directories) of harness processes that are no longer alive (`HostJanitor`); `tearDown()` removes its own.
/// - **Image**: `image`, or by default `offswitch-sandbox:<digest>`, built without a registry from this host's
///   own Debian packages (`DefaultImage`) and imported on first use.
///
/// Needs root on the host (it mounts the workspace tmpfs and chowns files to the agent's uid).
public struct DockerSandbox: SandboxBackend {
    /// Which engine, where, and which image.
    public struct Configuration: Sendable {
        public enum Engine: String, Sendable, CaseIterable {
            case docker, podman
        }

        public var engine: Engine
        /// The engine's CLI; by default `docker` or `podman` from /usr/local/bin, /usr/bin or /bin.
        public var client: String?
        /// The engine's address (`unix:///...`, `tcp://...`); nil: the client's default.
        public var host: String?
        /// The image every sandbox runs; nil: the default image, built from this host's packages on first use.
        public var image: String?
        /// The directory holding `offswitch-question` (by default, next to this executable).
        public var helpersDirectory: String?
        /// Where per-sandbox state (workspace mounts, question sockets) lives on the host.
        public var runtimeDirectory: String
        /// The account the agent runs as (``AgentAccount``): its uid, gid and home (the workspace) as the agent
        /// image's /etc/passwd says (otherwise as ``ImageRecipe/defaultAccounts`` says).
        public var agentUser: String
        /// The agent image to import (tagged by its digest) and run when `image` is nil; with neither, the image
        /// is built from this host's packages (`DefaultImage`).
        public var agentImage: AgentImage?

        public init(
            engine: Engine = .docker, client: String? = nil, host: String? = nil, image: String? = nil,
            helpersDirectory: String? = nil, runtimeDirectory: String = "/run/offswitch",
            agentUser: String = AgentAccount.defaultName
        ) {
            self.engine = engine
            self.client = client
            self.host = host
            self.image = image
            self.helpersDirectory = helpersDirectory
            self.runtimeDirectory = runtimeDirectory
            self.agentUser = agentUser
        }
    }

    public var name: String { configuration.engine.rawValue }
    public let configuration: Configuration
    /// The account the agent runs as, as the image has it.
    public let account: AgentAccount
    public var agentHome: String { account.home }
    public let warnings: [String] = []
    let client: EngineClient
    let instanceDirectory: String
    let questionProgramPath: String
    let questionToken: String
    let seccompProfile: String
    let runLabel = RunLabel()
    let preparation = Preparation()
    let lifecycle = BackendLifecycle()
    let logger: Logger

    /// The socket directory's place inside every container.
    static let questionDirectory = "/run/tasks"

    /// Prepares what all sandboxes share on the host; the engine is first asked on first use (or `prepare()`).
    /// - Throws: `SandboxError.unavailable` with the fix (no client, not root, no question program).
    public init(configuration: Configuration = Configuration(), logger: Logger = Logger(label: "offswitch.docker"))
        throws
    {
        self.configuration = configuration
        self.logger = logger
        guard geteuid() == 0 else {
            throw SandboxError(
                .unavailable,
                "the \(configuration.engine.rawValue) sandbox needs root here (it mounts a size-limited workspace and gives files to the agent's uid); run offswitch as root"
            )
        }
        self.account = try AgentImage.account(
            configuration.agentUser, in: configuration.image == nil ? configuration.agentImage : nil)
        let engine = configuration.engine.rawValue
        guard
            let executable = configuration.client
                ?? ["/usr/local/bin", "/usr/bin", "/bin"].map({ $0 + "/" + engine }).first(where: {
                    access($0, X_OK) == 0
                })
        else {
            throw SandboxError(
                .unavailable,
                "no \(engine) client found; install it (`apt-get install docker.io`; scripts/docker-engine does)")
        }
        let instance = configuration.runtimeDirectory + "/d\(getpid())-" + NamespaceSandbox.randomHex(4)
        var environment = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + instance]
        if let host = configuration.host {
            environment.append((configuration.engine == .podman ? "CONTAINER_HOST=" : "DOCKER_HOST=") + host)
        }
        self.client = EngineClient(executable: executable, environment: environment)
        let helpers = configuration.helpersDirectory ?? NamespaceSandbox.executableDirectory()
        let swept = HostJanitor.sweep(runtimeDirectory: configuration.runtimeDirectory)
        if !swept.isEmpty { logger.info("removed what a harness that is gone left: \(swept.joined(separator: ", "))") }
        do {
            try NamespaceSandbox.makeDirectories(instance)
            // A tmpfs of this harness's own, as the namespace backend has: /proc/self/mountinfo shows a bind's
            // source as a path within its filesystem, so the workspace's and the question socket's binds show as
            // `/sbx.../q`, not as the runtime directory's path on the host's disk. The engine must see this mount
            // (it runs in the harness's mount namespace, as on any ordinary host).
            if mount("tmpfs", instance, "tmpfs", UInt(MS_NOSUID | MS_NODEV), "mode=0711,size=256m") != 0 {
                logger.debug("no tmpfs for \(instance): \(String(cString: strerror(errno)))")
            }
            chmod(configuration.runtimeDirectory, 0o711)
            chmod(instance, 0o711)
            let token = NamespaceSandbox.randomHex(32)
            self.questionProgramPath = try Self.writeQuestionProgram(
                template: helpers + "/offswitch-question", to: instance + "/question-program", token: token,
                address: Self.questionDirectory + "/socket")
            self.questionToken = token
            // As in the namespace sandbox: `ls -l` shows the same time in every sandbox and every build.
            NamespaceSandbox.pinTimes([questionProgramPath])
            self.seccompProfile = instance + "/seccomp.json"
            try Data(SeccompProfile.json.utf8).write(to: URL(fileURLWithPath: seccompProfile))
        } catch let error as SandboxError {
            throw error
        } catch {
            throw SandboxError(.unavailable, "cannot prepare \(instance): \(error)", underlying: error)
        }
        self.instanceDirectory = instance
    }

    /// Checks that the engine answers, removes what dead harnesses left and makes sure the image is there (built
    /// on first use). Runs once; `withSandbox` calls it too.
    /// - Throws: `SandboxError.unavailable` with the fix (no engine, no image).
    /// - Returns: the image the containers run.
    @discardableResult
    public func prepare() async throws -> String {
        let client = self.client
        let configuration = self.configuration
        let logger = self.logger
        let workDirectory = instanceDirectory + "/image"
        return try await preparation.run {
            let engine = configuration.engine.rawValue
            let version = try await client.run(["version", "--format", "{{.Server.Version}}"])
            guard version.exitCode == 0 else {
                throw SandboxError(
                    .unavailable,
                    "no \(engine) engine answers at \(configuration.host ?? "the default address") (\(version.errorText)); start one (scripts/docker-engine does) or set DOCKER_HOST"
                )
            }
            await Self.sweepStale(client: client, logger: logger)
            if let image = configuration.image { return image }
            if let agentImage = configuration.agentImage {
                return try await Self.importImage(agentImage, client: client, logger: logger)
            }
            return try await DefaultImage.ensure(
                client: client, workDirectory: workDirectory, logger: logger)
        }
    }

    /// `image`'s name in the engine, imported from its normalised tar when the engine does not have it yet.
    static func importImage(_ image: AgentImage, client: EngineClient, logger: Logger) async throws -> String {
        let name = image.dockerName
        if try await client.run(["image", "inspect", "--format", "{{.Id}}", name]).exitCode == 0 { return name }
        logger.notice("importing the agent image \(image.identity.digest) as \(name) (once)")
        let imported = try await client.run(["import", image.tar, name])
        guard imported.exitCode == 0 else {
            throw SandboxError(.unavailable, "cannot import the agent image \(image.tar): \(imported.errorText)")
        }
        return name
    }

    /// Labels the containers made from now on with `run` (`offswitch.run=<run>`).
    public func label(run: String) { runLabel.set(run) }

    public func withSandbox<Result: Sendable>(
        _ spec: SandboxSpec, _ body: @Sendable (any Sandbox) async throws -> Result
    ) async throws -> Result {
        try lifecycle.checkOpen()
        let handle = try await start(spec, image: try await prepare())
        let result: Swift.Result<Result, any Error>
        do {
            result = .success(try await body(handle.sandbox))
        } catch {
            result = .failure(error)
        }
        // Teardown must run even when the trial was cancelled.
        await Task { await handle.stop() }.value
        return try result.get()
    }

    /// Removes this backend's containers and runtime directory (the question program, the seccomp profile, any
    /// workspace left mounted). Call it once no trial runs; the backend makes no sandbox afterwards.
    public func tearDown() async {
        guard lifecycle.close() else { return }
        await removeInstance()
    }

    /// Copies the question program with this process's token and the socket path it is to call.
    static func writeQuestionProgram(template: String, to path: String, token: String, address: String) throws
        -> String
    {
        guard access(template, R_OK) == 0 else {
            throw SandboxError(
                .unavailable, "the sandbox helper offswitch-question is not at \(template); build it with `swift build`"
            )
        }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: template)))
        for (marker, value, width) in [
            ("OFFSWITCH-TOKEN:", Array(token.utf8), 64), ("OFFSWITCH-ADDRESS:", Array(address.utf8) + [0], 100),
        ] {
            let tag = Array(marker.utf8)
            guard let at = NamespaceSandbox.find(tag, in: bytes), at + tag.count + width <= bytes.count,
                value.count <= width
            else {
                throw SandboxError(.unavailable, "\(template) is not an offswitch question program (no \(marker) slot)")
            }
            bytes.replaceSubrange((at + tag.count)..<(at + tag.count + value.count), with: value)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        chown(path, 0, 0)
        chmod(path, 0o711)
        return path
    }
}

/// The run id the containers are labelled with, set once the run is known.
final class RunLabel: Sendable {
    private let value = Mutex("")
    func set(_ run: String) { value.withLock { $0 = run } }
    func get() -> String { value.withLock { $0 } }
}

/// The backend's one-time preparation: run by the first caller, its result (or error) shared by all.
final class Preparation: Sendable {
    private let task = Mutex<Task<String, any Error>?>(nil)

    func run(_ work: @escaping @Sendable () async throws -> String) async throws -> String {
        let running = task.withLock { task in
            if let task { return task }
            let started = Task { try await work() }
            task = started
            return started
        }
        return try await running.value
    }
}
