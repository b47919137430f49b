import Glibc
import OffswitchCore
import Synchronization

/// Reads, from the host, which of a container's limits a command hit, as `LimitWatch` does for the namespace
/// sandbox: the container's own cgroup counters (forks the pids limit refused, processes the memory limit
/// killed) and whether the workspace or the container's /tmp filled up. Nothing here trusts the container's
/// account. The cgroups are found through the container's init on this host (`/proc/<pid>/cgroup`); with a
/// remote engine only the workspace, mounted here, is watched.
final class ContainerLimits: Sendable {
    private struct Files {
        /// The file whose `max` line counts refused forks (`pids.events`, v1 and v2).
        var pidsEvents: String?
        /// The file whose `oom_kill` line counts memory kills (`memory.events` v2, `memory.oom_control` v1).
        var memoryEvents: String?
        /// The container's /tmp through its init's root.
        var tmp: String?
    }

    /// The counters before a command.
    struct Mark: Sendable {
        var refusedForks: Int
        var oomKills: Int
    }

    /// The workspace tmpfs, as mounted on the host.
    let workspace: String
    private let files = Mutex(Files())

    init(workspace: String) { self.workspace = workspace }

    /// Finds the container's cgroups from its init's host pid (nothing when that pid is not the container's).
    func attach(containerID: String, initPID: pid_t, cgroupRoot: String = "/sys/fs/cgroup") {
        let lines = readFile("/proc/\(initPID)/cgroup").split(separator: "\n")
        guard initPID > 0, lines.contains(where: { $0.contains(containerID) }) else { return }
        var found = Files(tmp: "/proc/\(initPID)/root/tmp")
        // hierarchy-id:controllers:path; "0::path" is the unified (v2) hierarchy.
        for line in lines {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let path = String(fields[2])
            let controllers = fields[1].split(separator: ",")
            if fields[1].isEmpty, access(cgroupRoot + "/cgroup.controllers", F_OK) == 0 {
                found.pidsEvents = cgroupRoot + path + "/pids.events"
                found.memoryEvents = cgroupRoot + path + "/memory.events"
            } else if controllers.contains("pids") {
                found.pidsEvents = cgroupRoot + "/" + fields[1] + path + "/pids.events"
            } else if controllers.contains("memory") {
                found.memoryEvents = cgroupRoot + "/" + fields[1] + path + "/memory.oom_control"
            }
        }
        files.withLock { $0 = found }
    }

    func mark() -> Mark {
        let files = files.withLock { $0 }
        return Mark(
            refusedForks: Self.counter(files.pidsEvents, "max"), oomKills: Self.counter(files.memoryEvents, "oom_kill"))
    }

    /// The limits hit since `before`.
    func limitsHit(since before: Mark) -> [ResourceLimit] {
        let now = mark()
        var hit: [ResourceLimit] = []
        if now.refusedForks > before.refusedForks { hit.append(.processes) }
        if now.oomKills > before.oomKills { hit.append(.memory) }
        let tmp = files.withLock { $0.tmp }
        if LimitWatch.isFull(workspace) || tmp.map(LimitWatch.isFull) == true { hit.append(.disk) }
        return hit
    }

    /// The number on the line `key N` of a cgroup file (0 when absent).
    static func counter(_ file: String?, _ key: String) -> Int {
        guard let file else { return 0 }
        for line in readFile(file).split(separator: "\n") where line.hasPrefix(key + " ") {
            return Int(line.dropFirst(key.count + 1).trimmingSpaces()) ?? 0
        }
        return 0
    }
}
