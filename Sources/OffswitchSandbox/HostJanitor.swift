import Foundation
import Glibc

/// Removes what offswitch processes left on this host once they are gone: their runtime directories
/// (`<runtime>/h<pid>-*` of the namespace backend, `<runtime>/d<pid>-*` of the container backends) with every mount
/// under them, and their sandboxes' cgroups (`offswitch/sbx<pid>-*`).
///
/// A harness removes its own on a clean exit (``SandboxBackend/tearDown()``); what a killed one (`kill -9`, a crash,
/// a second Ctrl-C) left is swept here, when the next backend starts. Owners are told apart by the pid in each name,
/// so a sweep never touches what a live harness holds.
enum HostJanitor {
    /// Whether process `pid` no longer exists.
    static func isGone(_ pid: pid_t) -> Bool { kill(pid, 0) != 0 && errno == ESRCH }

    /// The owner pid in a name such as `h1234-ab12`, `d1234-ab12` or `sbx1234-ab12cd` (after `prefix`).
    static func owner(of name: String, prefix: String) -> pid_t? {
        guard name.hasPrefix(prefix) else { return nil }
        let digits = name.dropFirst(prefix.count).prefix { $0 != "-" }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return pid_t(digits)
    }

    /// Sweeps what gone owners left: runtime directories under `runtimeDirectory` and cgroups.
    /// - Parameter isGone: Which owner pids count as gone (tests pass their own).
    /// - Returns: What was removed, one path per entry (for a log line).
    @discardableResult
    static func sweep(runtimeDirectory: String, isGone: (pid_t) -> Bool = isGone) -> [String] {
        var removed: [String] = []
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: runtimeDirectory)
        } catch {
            names = []  // no runtime directory: nothing was left there
        }
        for name in names.sorted() {
            guard let pid = owner(of: name, prefix: "h") ?? owner(of: name, prefix: "d"), isGone(pid) else { continue }
            let directory = runtimeDirectory + "/" + name
            removeTree(directory)
            removed.append(directory)
        }
        removed += removeCgroups { name in owner(of: name, prefix: "sbx").map(isGone) ?? false }
        return removed
    }

    /// Unmounts every mount at or under `directory` (deepest first) and deletes the directory.
    /// - Returns: An error message when something stayed (a busy mount, a file that cannot be removed).
    @discardableResult
    static func removeTree(_ directory: String) -> String? {
        for mountPoint in mounts(under: directory) {
            umount2(mountPoint, Int32(MNT_DETACH))
        }
        guard FileManager.default.fileExists(atPath: directory) else { return nil }
        do {
            try FileManager.default.removeItem(atPath: directory)
            return nil
        } catch {
            return "could not remove \(directory): \(error)"
        }
    }

    /// The mount points at or under `directory` in this process's mount namespace, deepest first.
    static func mounts(under directory: String) -> [String] {
        let text = CgroupSet.read("/proc/self/mountinfo")
        var found: [String] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count > 4 else { continue }
            let point = unescape(fields[4])
            if point == directory || point.hasPrefix(directory + "/") { found.append(point) }
        }
        return found.sorted { $0.count > $1.count }
    }

    /// The cgroup directories of offswitch's sandboxes (`.../offswitch/sbx*`) on this host.
    static func cgroupDirectories() -> [String] {
        let parents =
            CgroupSet.unified
            ? [CgroupSet.root + "/offswitch"]
            : ["pids", "memory", "cpu", "unified"].map { CgroupSet.root + "/" + $0 + "/offswitch" }
        var found: [String] = []
        for parent in parents {
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: parent) } catch { continue }
            for name in names.sorted() where name.hasPrefix("sbx") {
                var info = stat()
                if stat(parent + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                    found.append(parent + "/" + name)
                }
            }
        }
        return found
    }

    /// Kills what is left in the sandbox cgroups whose name `matches` and removes them.
    /// - Returns: The directories removed.
    static func removeCgroups(where matches: (String) -> Bool) -> [String] {
        var removed: [String] = []
        for directory in cgroupDirectories() {
            let name = String(directory[directory.index(after: directory.lastIndex(of: "/")!)...])
            guard matches(name) else { continue }
            // A sandbox's processes die with its harness (bubblewrap's --die-with-parent, then the PID namespace);
            // anything still in the cgroup is killed before it goes.
            if access(directory + "/cgroup.kill", F_OK) == 0 {
                do { try CgroupSet.write("1", to: directory + "/cgroup.kill") } catch {}  // the kill below covers it
            }
            for attempt in 0..<200 {
                let pids = CgroupSet.read(directory + "/cgroup.procs").split(separator: "\n").compactMap { pid_t($0) }
                for pid in pids { kill(pid, SIGKILL) }
                if rmdir(directory) == 0 || errno == ENOENT {
                    removed.append(directory)
                    break
                }
                if attempt < 199 { usleep(attempt < 50 ? 1000 : 5000) }
            }
        }
        return removed
    }

    /// A mountinfo path with its octal escapes (`\040` for a space) decoded.
    static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var bytes: [UInt8] = []
        var utf8 = Array(field.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "\\"), utf8.count >= 3,
                let value = UInt8(String(decoding: utf8.prefix(3), as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
