import Foundation
import Glibc
import OffswitchCore
import OffswitchTestSupport
import Testing

@testable import OffswitchSandbox

/// The harness's own state on the host: one tmpfs per harness process under the runtime directory, holding
/// every sandbox's directory and workspace mount point, and swept once that process is gone.
@Suite("Namespace sandbox: the runtime directory")
struct RuntimeDirectoryTests {
    /// The file system type of the mount `path` is the root of, from this process's mountinfo.
    static func mountType(at path: String) -> String? {
        HostFiles.read("/proc/self/mountinfo").split(separator: "\n").lazy.compactMap { line -> String? in
            let fields = line.split(separator: " ")
            guard fields.count > 8, fields[4] == path, let dash = fields.firstIndex(of: "-") else { return nil }
            return String(fields[fields.index(after: dash)])
        }.last
    }

    @Test("a harness's sandboxes are made on its own tmpfs")
    func instanceOnTmpfs() async throws {
        let backend = try Fixture.sandbox()
        #expect(Self.mountType(at: backend.instanceDirectory) == "tmpfs")
        let host = try await backend.withSandbox(Fixture.spec()) { try await SandboxOnHost.locate($0) }
        #expect(host.directory.hasPrefix(backend.instanceDirectory + "/"))
    }

    @Test("a dead harness's tmpfs, its workspace mounts and its directories are swept by the next start")
    func deadHarnessSwept() async throws {
        // A pid that existed and is gone: a child that exited and was reaped.
        let child = try ChildProcess.start("/bin/true", [])
        _ = await child.exit()
        let runtime = NamespaceSandbox.Configuration().runtimeDirectory
        let dead = runtime + "/h\(child.pid)-" + NamespaceSandbox.randomHex(4)
        let workspace = dead + "/sbx\(child.pid)-000000/ws"
        try NamespaceSandbox.makeDirectories(dead)
        try #require(mount("tmpfs", dead, "tmpfs", 0, "size=1m") == 0)
        try NamespaceSandbox.makeDirectories(workspace)
        try #require(mount("tmpfs", workspace, "tmpfs", 0, "size=1m") == 0)
        #expect(Self.mountType(at: workspace) == "tmpfs")

        try await NamespaceSandbox().tearDown()
        #expect(Self.mountType(at: workspace) == nil)
        #expect(Self.mountType(at: dead) == nil)
        #expect(!HostFiles.exists(dead))
    }
}
