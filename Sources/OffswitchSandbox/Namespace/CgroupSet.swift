import Glibc
import OffswitchCore

/// The cgroups of one sandbox: pids, memory and CPU limits, on cgroup v2 or on v1 ("hybrid") hosts.
struct CgroupSet {
    /// Directories created for this sandbox (one per v1 controller, or one on v2).
    private(set) var directories: [String] = []
    /// The `cgroup.procs` files the launcher joins.
    private(set) var procsFiles: [String] = []
    /// A v2 directory whose `cgroup.kill` ends everything in it at once.
    private(set) var killFile: String?
    /// The file whose `max` line counts the forks the pids limit refused.
    private(set) var pidsEventsFile: String?
    /// The file whose `oom_kill` line counts the processes the memory limit killed.
    private(set) var oomEventsFile: String?

    static let root = "/sys/fs/cgroup"

    /// Whether this host's cgroups are v2 unified.
    static var unified: Bool { access(root + "/cgroup.controllers", F_OK) == 0 }

    /// Creates the cgroups for sandbox `id` under `offswitch/`, with `limits`.
    /// - Throws: `SandboxError.setup` naming the file that could not be written.
    static func create(id: String, limits: SandboxLimits) throws -> CgroupSet {
        var set = CgroupSet()
        do {
            if unified {
                let parent = root + "/offswitch"
                try makeDirectory(parent)
                try write("+pids +memory +cpu", to: root + "/cgroup.subtree_control", tolerant: true)
                try write("+pids +memory +cpu", to: parent + "/cgroup.subtree_control", tolerant: true)
                let dir = parent + "/" + id
                try makeDirectory(dir)
                set.directories.append(dir)
                try write(String(limits.processes), to: dir + "/pids.max")
                try write(String(limits.memoryBytes), to: dir + "/memory.max")
                try write("0", to: dir + "/memory.swap.max", tolerant: true)
                try write("\(Int(limits.cpus * 100_000)) 100000", to: dir + "/cpu.max", tolerant: true)
                set.procsFiles.append(dir + "/cgroup.procs")
                set.killFile = dir + "/cgroup.kill"
                set.pidsEventsFile = dir + "/pids.events"
                set.oomEventsFile = dir + "/memory.events"
            } else {
                for controller in ["pids", "memory", "cpu"] {
                    let base = root + "/" + controller
                    guard access(base, F_OK) == 0 else { continue }
                    try makeDirectory(base + "/offswitch")
                    let dir = base + "/offswitch/" + id
                    try makeDirectory(dir)
                    set.directories.append(dir)
                    set.procsFiles.append(dir + "/cgroup.procs")
                    switch controller {
                    case "pids":
                        try write(String(limits.processes), to: dir + "/pids.max")
                        set.pidsEventsFile = dir + "/pids.events"
                    case "memory":
                        set.oomEventsFile = dir + "/memory.oom_control"
                        try write(String(limits.memoryBytes), to: dir + "/memory.limit_in_bytes")
                        try write(String(limits.memoryBytes), to: dir + "/memory.memsw.limit_in_bytes", tolerant: true)
                    default:
                        try write("100000", to: dir + "/cpu.cfs_period_us", tolerant: true)
                        try write(String(Int(limits.cpus * 100_000)), to: dir + "/cpu.cfs_quota_us", tolerant: true)
                    }
                }
                let unifiedBase = root + "/unified"
                if access(unifiedBase + "/cgroup.procs", F_OK) == 0 {
                    try makeDirectory(unifiedBase + "/offswitch")
                    let dir = unifiedBase + "/offswitch/" + id
                    try makeDirectory(dir)
                    set.directories.append(dir)
                    set.procsFiles.append(dir + "/cgroup.procs")
                    if access(dir + "/cgroup.kill", F_OK) == 0 { set.killFile = dir + "/cgroup.kill" }
                }
            }
        } catch {
            set.remove()
            throw error
        }
        return set
    }

    /// ``remove(attempts:)`` for a sandbox that is stopping: the same attempts, with task sleeps between them instead
    /// of blocking a thread (a v1 memory cgroup can stay busy for a while after its last process died).
    func removeWhenEmpty() async -> [String] {
        var left = remove(attempts: 1)
        var attempt = 0
        while !left.isEmpty && attempt < 400 {
            try? await Task.sleep(for: .milliseconds(attempt < 50 ? 1 : 5))
            left = remove(attempts: 1)
            attempt += 1
        }
        return left
    }

    /// Kills everything left in the cgroups and removes them, trying `attempts` times (400: up to 2 s, blocking);
    /// returns the directories it could not remove.
    @discardableResult
    func remove(attempts: Int = 400) -> [String] {
        if let killFile {
            // The loop below kills what this misses, so a failed write is not an error here.
            do { try Self.write("1", to: killFile) } catch {}
        }
        var left: [String] = []
        for dir in directories.reversed() {
            var removed = false
            // Up to 2 s: a v1 memory cgroup can stay busy for a while after its last process died.
            for attempt in 0..<attempts {
                let pids = Self.read(dir + "/cgroup.procs").split(separator: "\n").compactMap { pid_t($0) }
                for pid in pids { kill(pid, SIGKILL) }
                if rmdir(dir) == 0 || errno == ENOENT {
                    removed = true
                    break
                }
                if attempt + 1 < attempts { usleep(attempt < 50 ? 1000 : 5000) }
            }
            if !removed { left.append(dir) }
        }
        return left
    }

    /// Peak or current figures, for reporting what a sandbox used (empty when unknown).
    func processesNow() -> Int {
        guard let procs = procsFiles.first else { return 0 }
        return Self.read(procs).split(separator: "\n").count
    }

    /// The counters behind the pids and memory limits: forks refused, processes killed for memory.
    func limitCounters() -> (refusedForks: Int, oomKills: Int) {
        func counter(_ file: String?, _ key: String) -> Int {
            guard let file else { return 0 }
            for line in Self.read(file).split(separator: "\n") where line.hasPrefix(key + " ") {
                return Int(line.dropFirst(key.count + 1)) ?? 0
            }
            return 0
        }
        return (counter(pidsEventsFile, "max"), counter(oomEventsFile, "oom_kill"))
    }

    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw SandboxError(.setup, "cannot create cgroup \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func write(_ value: String, to path: String, tolerant: Bool = false) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        let ok = fd >= 0 && value.withCString { Glibc.write(fd, $0, strlen($0)) } >= 0
        let code = errno
        if fd >= 0 { close(fd) }
        if !ok && !tolerant {
            throw SandboxError(.setup, "cannot write \(value) to \(path): \(String(cString: strerror(code)))")
        }
    }

    static func read(_ path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 4096) }
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
