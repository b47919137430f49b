import Foundation
import Glibc
import OffswitchCore
import Synchronization
import Testing

@testable import OffswitchSandbox

/// One shared namespace backend for the tests (it prepares a question program copy and an /etc once).
enum Fixture {
    static let backend: Result<NamespaceSandbox, any Error> = Result {
        sweepAtExit
        return try NamespaceSandbox(configuration: NamespaceSandbox.Configuration(image: try image.get()))
    }

    /// The pinned agent image, as `offswitch run` uses it: built once before the suite (scripts/test runs
    /// `offswitch image build`), never by a test (that would reach Debian's archive).
    static let image: Result<AgentImage, any Error> = Result {
        guard let image = ImageCache().cached(ImageRecipe()) else {
            throw SandboxError(
                .unavailable,
                "the agent image is not built in \(ImageCache.defaultDirectory); run `offswitch image build` (scripts/test does)"
            )
        }
        return image
    }

    /// The shared backends live as long as the test process: when it exits, what they hold on the host (their
    /// runtime directories and tmpfs, warm sandboxes' mounts and cgroups) goes with it, as the janitor sweeps a
    /// dead harness's. Tests that make their own backend tear it down themselves.
    static let sweepAtExit: Void = {
        atexit {
            HostJanitor.sweep(
                runtimeDirectory: NamespaceSandbox.Configuration().runtimeDirectory,
                isGone: { $0 == getpid() || HostJanitor.isGone($0) })
        }
    }()

    static func sandbox() throws -> NamespaceSandbox { try backend.get() }

    /// A namespace backend with a warm pool, as `offswitch run` makes it: trials take blank sandboxes started
    /// ahead of them (its warm sandboxes end with the test process).
    static let warmBackend: Result<NamespaceSandbox, any Error> = Result {
        sweepAtExit
        return try NamespaceSandbox(
            configuration: NamespaceSandbox.Configuration(warmSandboxes: 2, image: try image.get()))
    }

    /// The Docker backend, when an engine is configured (`OFFSWITCH_DOCKER_HOST`, exported by scripts/docker-engine);
    /// nil when none is and none is required. With `OFFSWITCH_REQUIRE_DOCKER=1` or `CI` set, a missing engine is
    /// a failure, not a skip.
    static let docker: Result<DockerSandbox, any Error>? = {
        let environment = ProcessInfo.processInfo.environment
        guard let host = environment["OFFSWITCH_DOCKER_HOST"], !host.isEmpty else {
            let required = environment["OFFSWITCH_REQUIRE_DOCKER"] == "1" || environment["CI"] != nil
            return required
                ? .failure(
                    SandboxError(
                        .unavailable,
                        "a Docker engine is required (OFFSWITCH_REQUIRE_DOCKER or CI) but OFFSWITCH_DOCKER_HOST is not set; source scripts/docker-engine"
                    ))
                : nil
        }
        return Result {
            sweepAtExit
            var configuration = DockerSandbox.Configuration(host: host)
            configuration.agentImage = try image.get()
            return try DockerSandbox(configuration: configuration)
        }
    }()

    /// Runs `body` with a backend of its own and tears it down on every way out.
    static func withBackend<B: SandboxBackend, T>(_ backend: B, _ body: (B) async throws -> T) async throws -> T {
        let result: T
        do {
            result = try await body(backend)
        } catch {
            await backend.tearDown()
            throw error
        }
        await backend.tearDown()
        return result
    }

    /// Every backend the conformance and red-team tests run over: the namespace sandbox always; the Docker
    /// backend joins this list when an engine is configured (issue 6).
    static func backendsUnderTest() throws -> [any SandboxBackend] {
        [try sandbox()] + (try docker.map { [try $0.get()] } ?? [])
    }

    /// How long a test command may run unless the test says otherwise. Generous: these commands take
    /// milliseconds when the machine is quiet, but on a loaded 2-core CI machine a `docker exec` of Python
    /// passed 15 s. Tests about timeouts give their own.
    static let commandTimeout = Duration.seconds(60)

    static func command(_ script: String, timeout: Duration = commandTimeout) -> SandboxCommand {
        SandboxCommand(
            arguments: ["/bin/bash", "--login", "-c", script], workingDirectory: SandboxSpec.defaultWorkspace,
            environment: AgentLoop.environment(workspace: SandboxSpec.defaultWorkspace), timeout: timeout)
    }

    /// The trial's files: shutdown.sh and the question program served by `tasks`.
    static func spec(tasks: TaskServer? = nil, limits: SandboxLimits = SandboxLimits()) -> SandboxSpec {
        SandboxSpec(
            files: [
                SandboxFile(
                    path: "shutdown.sh", contents: Array(TaskEnvironment.palisadeShutdownScript.utf8), mode: 0o755,
                    owner: .agent)
            ],
            questionProgram: tasks.map { QuestionProgramSpec(path: $0.environment.program, service: $0) },
            limits: limits)
    }
}

/// A backend as a test argument, named by its backend's name in the test output.
struct BackendCase: Sendable, CustomTestStringConvertible {
    let backend: any SandboxBackend
    let label: String
    init(_ backend: any SandboxBackend) { self.init(backend, label: backend.name) }
    init(_ backend: any SandboxBackend, label: String) {
        self.backend = backend
        self.label = label
    }
    var testDescription: String { label }
}

// MARK: - Running commands

extension Fixture {
    /// Runs `script` with `bash --login -c` in `sandbox`.
    static func run(_ sandbox: any Sandbox, _ script: String, timeout: Duration = commandTimeout) async throws
        -> CommandResult
    {
        try await sandbox.run(command(script, timeout: timeout))
    }

    /// A name no other test (or anything on the host) uses.
    static func uniqueName(_ prefix: String) -> String {
        prefix + "-" + UUID().uuidString.prefix(8).lowercased()
    }

    /// Runs `operation` and gives up waiting after `limit` (nil), even if the operation cannot be cancelled
    /// (a blocked synchronous call must fail the test, not hang it).
    static func within<T: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async throws -> T)
        async throws -> T?
    {
        let once = Once()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T?, any Error>) in
            let finish: @Sendable (Result<T?, any Error>) -> Void = { result in
                if once.first() { continuation.resume(with: result) }
            }
            Task.detached {
                do { finish(.success(try await operation())) } catch { finish(.failure(error)) }
            }
            Task.detached {
                try? await Task.sleep(for: limit)
                finish(.success(nil))
            }
        }
    }
}

/// True the first time only (whichever of two racing tasks finishes first).
final class Once: Sendable {
    private let done = Mutex(false)
    func first() -> Bool {
        done.withLock { done in
            defer { done = true }
            return !done
        }
    }
}

// MARK: - The host side of one sandbox

/// What one sandbox has on the host: its runtime directory, workspace mount, cgroups and processes.
struct SandboxOnHost: Sendable {
    /// `sbx-<hex>`.
    let id: String
    /// `<runtime>/h<pid>-<hex>/sbx-<hex>`.
    let directory: String
    /// The cgroup directories that existed when the sandbox was located.
    let cgroupDirectories: [String]

    var workspace: String { directory + "/ws" }

    static let cgroupRoot = "/sys/fs/cgroup"
    static var cgroupV2: Bool { access(cgroupRoot + "/cgroup.controllers", F_OK) == 0 }

    /// Finds `sandbox` on the host: plants a marker file in its workspace and looks for the workspace mount
    /// (under the backend's runtime directory) that holds it. Scoped to this sandbox even when others run.
    static func locate(_ sandbox: any Sandbox) async throws -> SandboxOnHost {
        let runtime = try Fixture.sandbox().configuration.runtimeDirectory
        let marker = Fixture.uniqueName(".locate")
        let planted = try await Fixture.run(sandbox, "touch ~/\(marker)")
        try #require(planted.termination == .exited(0), "cannot plant the marker: \(planted.stderr)")
        let candidates = workspaceMounts().filter { $0.hasPrefix(runtime + "/") && $0.hasSuffix("/ws") }
        let found = candidates.filter { access($0 + "/" + marker, F_OK) == 0 }
        let workspace = try #require(found.count == 1 ? found.first : nil, "workspace mounts: \(candidates)")
        let directory = String(workspace.dropLast(3))
        let id = String(directory[directory.index(after: directory.lastIndex(of: "/")!)...])
        _ = try await Fixture.run(sandbox, "rm -f ~/\(marker)")
        let dirs = cgroupCandidates(id: id).filter { access($0, F_OK) == 0 }
        return SandboxOnHost(id: id, directory: directory, cgroupDirectories: dirs)
    }

    static func cgroupCandidates(id: String) -> [String] {
        cgroupV2
            ? [cgroupRoot + "/offswitch/" + id]
            : ["pids", "memory", "cpu", "unified"].map { cgroupRoot + "/" + $0 + "/offswitch/" + id }
    }

    /// A file of this sandbox's cgroup for `controller` (v1: that controller's hierarchy; v2: the one directory).
    func cgroupFile(_ controller: String, _ name: String) -> String {
        Self.cgroupV2
            ? Self.cgroupRoot + "/offswitch/" + id + "/" + name
            : Self.cgroupRoot + "/" + controller + "/offswitch/" + id + "/" + name
    }

    /// Host pids in the sandbox's pids cgroup (bubblewrap, init and everything under it).
    func processes() -> [pid_t] {
        HostFiles.read(cgroupFile("pids", "cgroup.procs")).split(separator: "\n").compactMap { pid_t($0) }
    }

    /// Mount points of the host (this process's mount namespace).
    static func workspaceMounts() -> [String] {
        HostFiles.read("/proc/self/mounts").split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            return fields.count > 1 ? String(fields[1]) : nil
        }
    }
}

// MARK: - Host processes and files

enum HostFiles {
    static func read(_ path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 65536) }
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}

/// A process as the host sees it (from /proc).
struct HostProcess: Sendable, Hashable, CustomStringConvertible {
    let pid: pid_t
    /// Clock ticks after boot (field 22 of /proc/<pid>/stat): tells a reused pid from the original.
    let startTime: String

    init?(pid: pid_t) {
        guard let fields = Self.statFields(pid), fields.count > 19 else { return nil }
        self.pid = pid
        self.startTime = fields[19]
        self.command = HostFiles.read("/proc/\(pid)/comm").trimmingCharacters(in: .whitespacesAndNewlines)
        self.uid = Self.uid(of: pid)
    }

    /// Fields of /proc/<pid>/stat after the command name: state is [0], starttime [19].
    static func statFields(_ pid: pid_t) -> [String]? {
        let stat = HostFiles.read("/proc/\(pid)/stat")
        guard let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ").map(String.init)
    }

    /// Still this process (not a reused pid), and not a zombie.
    var isRunning: Bool {
        guard let fields = Self.statFields(pid), fields.count > 19, fields[19] == startTime else { return false }
        return fields[0] != "Z"
    }

    /// Still this process, running or a zombie.
    var exists: Bool { Self.statFields(pid).map { $0.count > 19 && $0[19] == startTime } ?? false }

    /// The uid when first seen.
    let uid: uid_t?
    /// The command name when first seen.
    let command: String

    /// The state letter now (R, S, Z, ...), nil when gone or reused.
    var state: String? {
        guard let fields = Self.statFields(pid), fields.count > 19, fields[19] == startTime else { return nil }
        return fields[0]
    }

    /// The parent pid now.
    var parent: pid_t? {
        guard let fields = Self.statFields(pid), fields.count > 19, fields[19] == startTime else { return nil }
        return pid_t(fields[1])
    }

    static func uid(of pid: pid_t) -> uid_t? {
        for line in HostFiles.read("/proc/\(pid)/status").split(separator: "\n") where line.hasPrefix("Uid:") {
            return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { uid_t($0) }
        }
        return nil
    }

    var description: String { "\(pid)(\(command))" }

    /// Every process on the host.
    static func all() -> [HostProcess] {
        guard let dir = opendir("/proc") else { return [] }
        defer { closedir(dir) }
        var result: [HostProcess] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let pid = pid_t(name), let process = HostProcess(pid: pid) { result.append(process) }
        }
        return result
    }
}

/// A child process of the test, started with posix_spawn (kept out of Foundation.Process's reaper).
struct SpawnedProcess: Sendable {
    let pid: pid_t

    init(_ arguments: [String]) throws {
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, arguments[0], nil, nil, argv, nil)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        self.pid = pid
    }

    /// Running and not a zombie (kill(pid, 0) alone succeeds on a zombie).
    var isRunning: Bool {
        kill(pid, 0) == 0 && HostProcess.statFields(pid)?.first != "Z"
    }

    func terminate() {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}

// MARK: - Host listeners

/// A listening socket on the host, non-blocking, so the test can ask whether anyone connected.
final class HostListener: Sendable {
    static let socketFlags = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
    let fd: Int32
    /// The TCP port (0 for a unix socket).
    let port: UInt16

    /// A TCP listener on 127.0.0.1, on a free port.
    init() throws {
        let fd = socket(AF_INET, Self.socketFlags, 0)
        self.fd = fd
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL)
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = UInt16(bigEndian: address.sin_port)
    }

    /// A unix listener in the abstract namespace (`name` without the leading NUL).
    init(abstract name: String) throws {
        let fd = socket(AF_UNIX, Self.socketFlags, 0)
        self.fd = fd
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL) }
        port = 0
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(name.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            for (i, byte) in bytes.enumerated() { path[i + 1] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + 1 + bytes.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL)
        }
    }

    /// Accepts one pending connection if there is one; nil means accept failed with EAGAIN (nobody connected).
    func acceptPending() -> Int32? {
        let client = accept(fd, nil, nil)
        if client >= 0 {
            close(client)
            return client
        }
        return errno == EAGAIN || errno == EWOULDBLOCK ? nil : -errno
    }

    /// Connects to this TCP listener from the host (the positive control: the listener does see connections).
    func connectFromHost() -> Bool {
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(client) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        } == 0
    }

    deinit { close(fd) }
}
