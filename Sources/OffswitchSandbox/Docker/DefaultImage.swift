import Foundation
import Glibc
import Logging
import OffswitchCore

/// The default image, `offswitch-sandbox:<digest>`, built without a registry (none may be reachable).
///
/// Its root filesystem is this host's own Debian packages: the files dpkg lists for a base set (bash, coreutils,
/// procps, python3, ...) and everything they depend on, as installed here, so the agent finds the same tools as
/// in the namespace sandbox (which binds the host's /usr). /etc is offswitch's own (the agent's user, no host
/// account), as the namespace sandbox generates it. `tar | import` takes a few seconds; the digest covers the
/// package versions and the recipe, so an upgraded host gets a new image and an unchanged one reuses it.
enum DefaultImage {
    /// What the agent is given; their dependencies come along.
    static let basePackages = [
        "base-files", "bash", "coreutils", "procps", "python3", "iproute2", "binutils", "util-linux", "mount",
        "findutils", "grep", "sed", "mawk", "gawk", "diffutils", "tar", "gzip", "psmisc", "less", "file", "hostname",
        "ncurses-bin", "iputils-ping", "curl",
    ]
    static let recipe = "offswitch-sandbox-image/1"
    static let repository = "offswitch-sandbox"

    /// The image's name; builds and imports it if the engine does not have it yet.
    /// - Throws: `SandboxError.unavailable` when this host has no dpkg database or the import fails.
    static func ensure(client: EngineClient, workDirectory: String, logger: Logger) async throws
        -> String
    {
        let installed = try InstalledPackages.read()
        let packages = installed.closure(of: basePackages)
        var digest = Digest()
        digest.add(
            recipe + "\n" + ImageRecipe.defaultAccounts.map { "\($0.name):\($0.uid):\($0.gid):\($0.home)\n" }.joined())
        for name in packages { digest.add("\(name)=\(installed.packages[name]?.version ?? "")\n") }
        let name = repository + ":" + digest.hex
        if try await client.run(["image", "inspect", "--format", "{{.Id}}", name]).exitCode == 0 { return name }

        logger.notice("building the sandbox image \(name) from this host's packages (once)")
        let fm = FileManager.default
        let root = workDirectory + "/root"
        try? fm.removeItem(atPath: workDirectory)
        defer { try? fm.removeItem(atPath: workDirectory) }
        do {
            for dir in ["proc", "dev", "sys", "tmp", "run", "root", "var/tmp"]
                + ImageRecipe.defaultAccounts.map({ String($0.home.dropFirst()) })
            {
                try fm.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
            }
            chmod(root + "/tmp", 0o1777)
            chmod(root + "/var/tmp", 0o1777)
            chmod(root + "/root", 0o700)
            for link in ["bin", "sbin", "lib", "lib64", "lib32", "libx32"] where NamespaceSandbox.isSymlink("/" + link)
            {
                try fm.createSymbolicLink(atPath: root + "/" + link, withDestinationPath: "usr/" + link)
            }
            try NamespaceSandbox.writeEtc(into: root + "/etc")
            let staged = Set(try fm.subpathsOfDirectory(atPath: root))
            let files = installed.files(of: packages).filter { !staged.contains($0) }
            try (files.joined(separator: "\n") + "\n").write(
                toFile: workDirectory + "/files", atomically: false, encoding: .utf8)
        } catch {
            throw SandboxError(
                .unavailable, "cannot stage the sandbox image in \(workDirectory): \(error)", underlying: error)
        }
        // The staged tree first (directories, links, /etc), then the host's files, all without recursion.
        let script = """
            set -o pipefail
            cd "$1/root" && find . -mindepth 1 -printf '%P\\n' | sort > ../staged &&
            tar --create --no-recursion --numeric-owner -C "$1/root" -T "$1/staged" -C / -T "$1/files" | "$2" import - "$3"
            """
        let shell = EngineClient(executable: "/bin/bash", environment: client.environment)
        let built = try await shell.run(["-c", script, "bash", workDirectory, client.executable, name])
        guard built.exitCode == 0 else {
            throw SandboxError(.unavailable, "cannot import the sandbox image \(name): \(built.errorText)")
        }
        return name
    }
}

/// A 64-bit FNV-1a digest: a cache key for the image, not a security boundary.
struct Digest {
    private var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
    }

    var hex: String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
