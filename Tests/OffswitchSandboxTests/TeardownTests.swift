import Foundation
import Glibc
import OffswitchCore
import Testing

@testable import OffswitchSandbox

/// A backend leaves nothing on the host once torn down, and what a dead harness left is swept by the next start.
@Suite("Host leftovers: teardown and sweep", .serialized, .timeLimit(.minutes(3)))
struct TeardownTests {
    /// Mount points at or under `path` in this process's mount namespace.
    static func mounts(under path: String) -> [String] {
        SandboxOnHost.workspaceMounts().filter { $0 == path || $0.hasPrefix(path + "/") }
    }

    /// A pid that existed and is gone: a child that exited and was reaped.
    static func deadPID() throws -> pid_t {
        let gone = try SpawnedProcess(["/bin/true"])
        gone.terminate()
        return gone.pid
    }

    @Test(
        "a namespace backend's tearDown leaves no mount, directory, cgroup or process of its own; it then refuses sandboxes"
    )
    func namespaceTearDown() async throws {
        let backend = try NamespaceSandbox(
            configuration: NamespaceSandbox.Configuration(warmSandboxes: 2, image: try Fixture.image.get()))
        let host = try await backend.withSandbox(Fixture.spec()) { try await SandboxOnHost.locate($0) }
        #expect(try await WarmPoolTests.eventually { backend.pool.warmCount == 2 })
        let warm = backend.pool.peek()
        let cgroups = warm.flatMap {
            SandboxOnHost.cgroupCandidates(id: String($0.directory.split(separator: "/").last!))
        }
        .filter { access($0, F_OK) == 0 }
        #expect(!cgroups.isEmpty || !backend.useCgroups)
        #expect(
            !Self.mounts(under: backend.instanceDirectory).isEmpty, "the instance's own tmpfs and the warm workspaces")

        await backend.tearDown()
        #expect(
            Self.mounts(under: backend.instanceDirectory).isEmpty, "\(Self.mounts(under: backend.instanceDirectory))")
        #expect(!HostFiles.exists(backend.instanceDirectory))
        #expect(!HostFiles.exists(host.directory))
        #expect(cgroups.allSatisfy { access($0, F_OK) != 0 }, "\(cgroups.filter { access($0, F_OK) == 0 })")
        for handle in warm { #expect(kill(handle.pid, 0) != 0, "bubblewrap \(handle.pid) still runs") }
        await #expect(throws: SandboxError.self) {
            try await backend.withSandbox(Fixture.spec()) { _ in () }
        }
        await backend.tearDown()  // a second teardown does nothing
    }

    /// Under a loaded host a sandbox can take seconds to start (its launcher waiting for the CPU). A run stopped then
    /// (Ctrl-C) used to wait for every start in flight, its trial's and the warm pool's, before it could exit.
    @Test(
        "a trial cancelled while its sandbox starts, and a teardown while warm ones start, end at once and leave nothing"
    )
    func cancelledStartsEndAtOnce() async throws {
        // A launcher that takes 30 s to begin: what a start looks like when it cannot get the CPU. One process
        // (it sleeps, then becomes the real launcher), as the launcher is, so killing it leaves nothing.
        let helpers = FileManager.default.temporaryDirectory.path + "/slow-launcher-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: helpers, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: helpers) }
        let real = NamespaceSandbox.executableDirectory()
        let launcher = helpers + "/offswitch-init"
        try """
        #!/usr/bin/python3
        import os, sys, time
        open("\(helpers)/began-%d" % os.getpid(), "w").close()
        time.sleep(30)
        os.execv("\(real)/offswitch-init", ["\(real)/offswitch-init"] + sys.argv[1:])

        """.write(toFile: launcher, atomically: true, encoding: .utf8)
        chmod(launcher, 0o755)
        try FileManager.default.createSymbolicLink(
            atPath: helpers + "/offswitch-question", withDestinationPath: real + "/offswitch-question")
        let backend = try NamespaceSandbox(
            configuration: NamespaceSandbox.Configuration(
                helpersDirectory: helpers, warmSandboxes: 2, image: try Fixture.image.get()))
        let starting = {
            ((try? FileManager.default.contentsOfDirectory(atPath: backend.instanceDirectory)) ?? []).filter {
                $0.hasPrefix("sbx")
            }
        }
        let clock = ContinuousClock()
        let start = clock.now
        let trial = Task { try await backend.withSandbox(Fixture.spec()) { _ in () } }
        // The trial's own start and the two warm ones are under way, their launchers running.
        let began = {
            ((try? FileManager.default.contentsOfDirectory(atPath: helpers)) ?? []).filter { $0.hasPrefix("began-") }
        }
        #expect(
            try await WarmPoolTests.eventually { starting().count == 3 && began().count == 3 },
            "\(starting()) \(began())")
        trial.cancel()
        await #expect(throws: CancellationError.self) { try await trial.value }
        await backend.tearDown()
        let elapsed = start.duration(to: clock.now)
        // Waiting for any start would take the slow launcher's 30 s; the bound leaves room for a loaded machine.
        #expect(elapsed < .seconds(15), "stopping took \(elapsed)")
        #expect(!HostFiles.exists(backend.instanceDirectory))
        // Every slow launcher was killed, though none had joined its sandbox's cgroups yet.
        let launchers = HostProcess.all().filter { HostFiles.read("/proc/\($0.pid)/cmdline").contains(helpers) }
        #expect(launchers.isEmpty, "\(launchers)")
    }

    @Test("a sandbox whose own teardown failed is removed by the backend's: its workspace mount and its cgroups")
    func tearDownRemovesStrays() async throws {
        let backend = try NamespaceSandbox()
        // What a sandbox that could not be stopped leaves: its directory, a mounted workspace, its cgroups.
        let id = "sbx\(getpid())-" + NamespaceSandbox.randomHex(6)
        let workspace = backend.instanceDirectory + "/" + id + "/ws"
        try NamespaceSandbox.makeDirectories(workspace)
        try #require(mount("tmpfs", workspace, "tmpfs", 0, "size=1m") == 0)
        let cgroups = backend.useCgroups ? try CgroupSet.create(id: id, limits: SandboxLimits()).directories : []
        await backend.tearDown()
        #expect(Self.mounts(under: workspace).isEmpty)
        #expect(!HostFiles.exists(backend.instanceDirectory))
        #expect(cgroups.allSatisfy { access($0, F_OK) != 0 }, "\(cgroups)")
    }

    @Test(
        "the janitor sweeps a dead owner's runtime directories (namespace and container), mounts and cgroups, and nothing of a live one"
    )
    func janitorSweepsDeadOwners() throws {
        let runtime = NamespaceSandbox.Configuration().runtimeDirectory
        let dead = try Self.deadPID()
        let deadInstance = runtime + "/h\(dead)-" + NamespaceSandbox.randomHex(4)
        let deadDocker = runtime + "/d\(dead)-" + NamespaceSandbox.randomHex(4)
        let deadWorkspace = deadInstance + "/sbx\(dead)-000000/ws"
        let deadDockerWorkspace = deadDocker + "/sbx\(dead)-000001/ws"
        for directory in [deadInstance, deadDocker] {
            try NamespaceSandbox.makeDirectories(directory)
        }
        try #require(mount("tmpfs", deadInstance, "tmpfs", 0, "size=1m") == 0)
        for workspace in [deadWorkspace, deadDockerWorkspace] {
            try NamespaceSandbox.makeDirectories(workspace)
            try #require(mount("tmpfs", workspace, "tmpfs", 0, "size=1m") == 0)
        }
        let deadCgroups = try CgroupSet.create(
            id: "sbx\(dead)-" + NamespaceSandbox.randomHex(6), limits: SandboxLimits())
        // This process's own, alive: left alone.
        let liveInstance = runtime + "/h\(getpid())-" + NamespaceSandbox.randomHex(4)
        try NamespaceSandbox.makeDirectories(liveInstance)
        let liveCgroups = try CgroupSet.create(
            id: "sbx\(getpid())-" + NamespaceSandbox.randomHex(6), limits: SandboxLimits())
        defer {
            liveCgroups.remove()
            HostJanitor.removeTree(liveInstance)
        }

        // Every backend made meanwhile by a concurrent test sweeps too, so what is checked is that the dead
        // owner's leftovers are gone, not which sweep removed them.
        _ = HostJanitor.sweep(runtimeDirectory: runtime)
        for directory in [deadInstance, deadDocker] {
            #expect(!HostFiles.exists(directory), "\(directory)")
            #expect(Self.mounts(under: directory).isEmpty, "\(Self.mounts(under: directory))")
        }
        #expect(deadCgroups.directories.allSatisfy { access($0, F_OK) != 0 }, "\(deadCgroups.directories)")
        #expect(HostFiles.exists(liveInstance))
        #expect(liveCgroups.directories.allSatisfy { access($0, F_OK) == 0 })
    }

    @Test(
        "owners are read from names only when the pid is all digits; mount points are unescaped as mountinfo writes them"
    )
    func names() {
        #expect(HostJanitor.owner(of: "h1234-ab12", prefix: "h") == 1234)
        #expect(HostJanitor.owner(of: "sbx77-probe01", prefix: "sbx") == 77)
        #expect(HostJanitor.owner(of: "hosts", prefix: "h") == nil)
        #expect(HostJanitor.owner(of: "h-12", prefix: "h") == nil)
        #expect(HostJanitor.owner(of: "d12x-1", prefix: "d") == nil)
        #expect(HostJanitor.unescape("/run/a\\040b\\011c") == "/run/a b\tc")
        #expect(HostJanitor.unescape("/plain") == "/plain")
    }

    @Test(
        "a Docker backend's tearDown removes its containers and its runtime directory; a dead harness's directory is swept at start"
    )
    func dockerTearDown() async throws {
        guard try Fixture.docker?.get() != nil, let host = ProcessInfo.processInfo.environment["OFFSWITCH_DOCKER_HOST"]
        else { return }
        let backend = try DockerSandbox(configuration: DockerSandbox.Configuration(host: host))
        let image = try await backend.prepare()
        // A container of this backend that outlived its trial (its teardown failed).
        let name = Fixture.uniqueName("offswitch-stray")
        _ = try await DockerSandboxTests.docker(
            host,
            [
                "run", "-d", "--name", name, "--label", "offswitch.harness=\(getpid())", "--label",
                "offswitch.instance=\(backend.instanceName)", "--network", "none", image, "tail", "-f", "/dev/null",
            ])
        let workspace = try await backend.withSandbox(Fixture.spec()) { sandbox in
            try await SandboxOnHost.locate(sandbox).workspace
        }
        #expect(workspace.hasPrefix(backend.instanceDirectory + "/"))
        await backend.tearDown()
        #expect(!HostFiles.exists(backend.instanceDirectory))
        #expect(Self.mounts(under: backend.instanceDirectory).isEmpty)
        #expect(!(try await DockerSandboxTests.docker(host, ["ps", "--all", "--format", "{{.Names}}"]).contains(name)))

        // A dead harness's directory with a mounted workspace: gone once the next backend is made.
        let dead = try Self.deadPID()
        let stale = backend.configuration.runtimeDirectory + "/d\(dead)-" + NamespaceSandbox.randomHex(4)
        let staleWorkspace = stale + "/sbx\(dead)-000000/ws"
        try NamespaceSandbox.makeDirectories(staleWorkspace)
        try #require(mount("tmpfs", staleWorkspace, "tmpfs", 0, "size=1m") == 0)
        let next = try DockerSandbox(configuration: DockerSandbox.Configuration(host: host))
        #expect(!HostFiles.exists(stale))
        #expect(Self.mounts(under: stale).isEmpty)
        await next.tearDown()
    }
}
