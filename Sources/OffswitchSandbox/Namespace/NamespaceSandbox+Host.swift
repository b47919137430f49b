import Foundation
import Glibc
import Logging
import OffswitchCore

extension NamespaceSandbox {
    /// Writes the sandbox's /etc (without an agent image): our own users (no host account is visible), plus the few host files
    /// programs need to run (the dynamic linker's cache, alternatives).
    static func writeEtc(into etc: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: etc, withIntermediateDirectories: true)
        let accounts = ImageRecipe.defaultAccounts
        let files: [String: String] = [
            "passwd": "root:x:0:0:root:/root:/bin/bash\n"
                + accounts.map { "\($0.name):x:\($0.uid):\($0.gid):\($0.name):\($0.home):/bin/bash\n" }.joined()
                + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
            "group": "root:x:0:\n" + accounts.map { "\($0.name):x:\($0.gid):\n" }.joined() + "nogroup:x:65534:\n",
            "hostname": "sandbox\n",
            "hosts": "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\tsandbox\n",
            // Debian's test is `$(id -u)`: a fork and exec of `id` in every `bash --login` command, a tenth of
            // a trial's CPU. bash's own EUID answers the same without a process; sh falls back to `id`.
            "profile":
                "# /etc/profile: offswitch sandbox\nif [ \"${EUID:-$(id -u)}\" -eq 0 ]; then\n  PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\nelse\n  PATH=\"/usr/local/bin:/usr/bin:/bin\"\nfi\nexport PATH\n",
            "nsswitch.conf": "passwd: files\ngroup: files\nhosts: files\n",
            "resolv.conf": "",
        ]
        for (name, text) in files {
            try text.write(toFile: etc + "/" + name, atomically: false, encoding: .utf8)
            chmod(etc + "/" + name, 0o644)
        }
        for name in [
            "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "localtime", "bash.bashrc", "inputrc",
        ]
        where fm.fileExists(atPath: "/etc/" + name) || isSymlink("/etc/" + name) {
            try? fm.removeItem(atPath: etc + "/" + name)
            try fm.copyItem(atPath: "/etc/" + name, toPath: etc + "/" + name)
        }
    }

    static func isSymlink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// Removes this backend's runtime directory (its tmpfs, any workspace mount a sandbox left, the directories)
    /// and the cgroups of sandboxes whose own teardown failed.
    func removeInstance() {
        var ids: [String] = []
        do {
            ids = try FileManager.default.contentsOfDirectory(atPath: instanceDirectory).filter { $0.hasPrefix("sbx") }
        } catch {
            logger.debug("no runtime directory to list", metadata: ["error": "\(error)"])
        }
        let left = Set(ids)
        if !left.isEmpty { _ = HostJanitor.removeCgroups { left.contains($0) } }
        if let problem = HostJanitor.removeTree(instanceDirectory) { logger.warning("\(problem)") }
    }
}
