import Glibc
import Logging
import OffswitchCore
import Synchronization

/// Whether one container still lives, asked after every command.
///
/// When the engine runs on this host the answer comes from /proc, without a round trip to the engine, and it
/// counts a sandbox that is already on its way out as dead: the container's init (docker-init, i.e. tini) or its
/// keeper (`tail -f /dev/null`) gone or exiting, or holding a pending signal that ends it. This closes the race
/// the engine has (`docker exec` of `./shutdown.sh` may return 0 while tini is still forwarding the SIGTERM, and
/// `docker inspect` may still say Running). With a remote engine it falls back to `docker inspect`.
final class ContainerLiveness: Sendable {
    private struct State {
        var containerID = ""
        var initProcess: ContainerProcess?
        /// The keeper (`tail`): init's first child, found once it runs.
        var keeper: ContainerProcess?
        var gone = false
    }

    private let state = Mutex(State())
    private let client: EngineClient
    private let logger: Logger

    init(client: EngineClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    var containerID: String { state.withLock { $0.containerID } }
    /// Seen dead once: it stays dead.
    var knownGone: Bool { state.withLock { $0.gone } }

    /// Records the started container and finds its init among the host's processes.
    func attach(containerID: String, initPID: pid_t) {
        let process = ContainerProcess(pid: initPID).flatMap { process in
            // Only if that pid is this container's init (a remote engine's pids mean nothing here).
            readFile("/proc/\(initPID)/cgroup").contains(containerID) ? process : nil
        }
        state.withLock {
            $0.containerID = containerID
            $0.initProcess = process
        }
    }

    func isAlive() async -> Bool {
        let (id, process, known, gone) = state.withLock { ($0.containerID, $0.initProcess, $0.keeper, $0.gone) }
        if gone || id.isEmpty { return false }
        let alive: Bool
        if let process {
            // The keeper, not any child of init: a command's orphans are init's children too, and outlive the
            // keeper while init is exiting.
            let keeper = known ?? process.children().min { ($0.startTicks, $0.pid) < ($1.startTicks, $1.pid) }
            if known == nil, let keeper { state.withLock { $0.keeper = keeper } }
            alive = process.isAlive && keeper?.isAlive == true
        } else {
            do {
                alive = try await client.checked(["inspect", "--format", "{{.State.Running}}", id]) == "true"
            } catch {
                alive = false
            }
        }
        if !alive { state.withLock { $0.gone = true } }
        return alive
    }

    /// Ends the container as SIGTERM to its PID 1 does (tini forwards it to the keeper and exits with it).
    func halt() async {
        let (id, process) = state.withLock { ($0.containerID, $0.initProcess) }
        if let process, process.isAlive {
            // From the parent namespace: tini keeps SIGTERM blocked, which counts as delivered to a namespace init.
            kill(process.pid, SIGTERM)
        } else if !id.isEmpty {
            do {
                _ = try await client.run(["kill", "--signal", "TERM", id])
            } catch {
                logger.warning("could not send SIGTERM to container \(id): \(error)")
            }
        }
    }
}

/// A process on this host, told apart from a later one with the same pid by its start time.
struct ContainerProcess: Sendable {
    let pid: pid_t
    let startTime: String

    /// Signals whose default action ends a process (all but CHLD, CONT, STOP, TSTP, TTIN, TTOU, URG, WINCH).
    static let fatalSignals: UInt64 = {
        var mask: UInt64 = 0
        for signal in 1...31 where ![17, 18, 19, 20, 21, 22, 23, 28].contains(signal) { mask |= 1 << (signal - 1) }
        return mask
    }()

    /// The start time in clock ticks since boot.
    var startTicks: UInt64 { UInt64(startTime) ?? .max }

    init?(pid: pid_t) {
        guard let fields = Self.statFields(pid), fields.count > 19 else { return nil }
        self.pid = pid
        self.startTime = String(fields[19])
    }

    /// Fields of /proc/<pid>/stat after the command name: state [0], flags [6], starttime [19].
    static func statFields(_ pid: pid_t) -> [Substring]? {
        let stat = readFile("/proc/\(pid)/stat")
        guard let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    /// Still this process, not a zombie, not exiting (PF_EXITING), and no pending signal that will end it.
    var isAlive: Bool {
        guard let fields = Self.statFields(pid), fields.count > 19, fields[19] == startTime,
            fields[0] != "Z", fields[0] != "X", let flags = UInt64(fields[6]), flags & 0x4 == 0
        else { return false }
        for line in readFile("/proc/\(pid)/status").split(separator: "\n")
        where line.hasPrefix("SigPnd:") || line.hasPrefix("ShdPnd:") {
            let value = line.split(separator: "\t").last.flatMap { UInt64($0, radix: 16) } ?? 0
            if value & Self.fatalSignals != 0 { return false }
        }
        return true
    }

    func children() -> [ContainerProcess] {
        readFile("/proc/\(pid)/task/\(pid)/children").split(separator: " ").compactMap {
            pid_t($0.trimmingSpaces()).flatMap(ContainerProcess.init(pid:))
        }
    }
}

/// A small file of /proc (empty when unreadable).
func readFile(_ path: String) -> String {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return "" }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 8192)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 8192) }
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}
