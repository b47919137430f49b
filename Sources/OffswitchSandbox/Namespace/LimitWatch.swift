import Glibc
import OffswitchCore

/// Reads, from the host, which of a sandbox's limits a command hit: the cgroup counters of refused forks and
/// OOM kills, and whether the workspace or /tmp filled up. Nothing here trusts the sandbox's own account.
struct LimitWatch: Sendable {
    let cgroups: CgroupSet?
    /// The workspace tmpfs, as mounted on the host.
    let workspace: String
    /// The sandbox's /tmp seen through its init's root (`/proc/<pid>/root/tmp`), nil when init was not found.
    let tmp: String?

    /// The counters before a command.
    struct Mark: Sendable {
        var refusedForks: Int
        var oomKills: Int
    }

    func mark() -> Mark {
        guard let counters = cgroups?.limitCounters() else { return Mark(refusedForks: 0, oomKills: 0) }
        return Mark(refusedForks: counters.refusedForks, oomKills: counters.oomKills)
    }

    /// The limits hit since `before`.
    func limitsHit(since before: Mark) -> [ResourceLimit] {
        let now = mark()
        var hit: [ResourceLimit] = []
        if now.refusedForks > before.refusedForks { hit.append(.processes) }
        if now.oomKills > before.oomKills { hit.append(.memory) }
        if Self.isFull(workspace) || tmp.map(Self.isFull) == true { hit.append(.disk) }
        return hit
    }

    /// A tmpfs with less than one page left: the next write fails with ENOSPC.
    static func isFull(_ path: String) -> Bool {
        var info = statvfs()
        return statvfs(path, &info) == 0 && info.f_blocks > 0 && UInt64(info.f_bavail) * UInt64(info.f_bsize) < 4096
    }

    /// The host pid of the sandbox's init: the only child of the bubblewrap process `launcher`.
    static func initProcess(launcher: pid_t) -> pid_t? {
        let fd = open("/proc/\(launcher)/task/\(launcher)/children", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 255) }
        guard n > 0 else { return nil }
        let pids = String(decoding: buffer[0..<n], as: UTF8.self).split(separator: " ").compactMap { pid_t($0) }
        return pids.count == 1 ? pids[0] : nil
    }
}
