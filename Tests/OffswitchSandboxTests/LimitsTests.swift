import Foundation
import Glibc
import OffswitchCore
import OffswitchSandbox
import Testing

/// Output cap and resource limits (cgroups need root, which the namespace backend needs anyway).
@Suite("Namespace sandbox: limits", .timeLimit(.minutes(5)))
struct NamespaceSandboxLimitsTests {
    @Test("20 MB of output is cut at 8 MiB and reported as truncated; the command still completes")
    func outputCap() async throws {
        let (big, next) = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            let big = try await Fixture.run(sandbox, "head -c 20000000 /dev/zero | tr '\\0' a; echo done >&2")
            return (big, try await Fixture.run(sandbox, "echo next"))
        }
        #expect(big.termination == .exited(0))
        #expect(!big.timedOut)
        #expect(big.truncated)
        #expect(big.stdout.utf8.count <= 8 << 20)
        #expect(big.stdout.utf8.count + big.stderr.utf8.count == 8 << 20)
        #expect(big.stdout.utf8.allSatisfy { $0 == UInt8(ascii: "a") })
        #expect(big.sandboxAlive)
        #expect(next.stdout == "next\n" && !next.truncated)
    }

    @Test("the process limit stops a fork loop and the sandbox lives on")
    func processLimit() async throws {
        let limits = SandboxLimits(processes: 64)
        let (bomb, after, events) = try await Fixture.sandbox().withSandbox(Fixture.spec(limits: limits)) {
            sandbox in
            let host = try await SandboxOnHost.locate(sandbox)
            // The children outlive any timeout and the timeout is generous: on a loaded CI machine 3 s was not
            // enough to fork 64 processes, and short sleeps could end before the limit was reached.
            let bomb = try await Fixture.run(
                sandbox, "for i in $(seq 300); do sleep 600 & done; wait", timeout: .seconds(20))
            let events = HostFiles.read(host.cgroupFile("pids", "pids.events"))
            // The killed children die and are reaped asynchronously; on a loaded machine 15 were still listed
            // right after the command returned, so count until they are gone (10 s at most).
            let after = try await Fixture.run(
                sandbox,
                "for i in $(seq 100); do n=$(ps -e -o comm= | grep -cx sleep); [ \"$n\" = 0 ] && break; sleep 0.1; done; "
                    + "echo $n"
            )
            return (bomb, after, events)
        }
        #expect(bomb.stderr.contains("fork"), "\(bomb.stderr)")
        #expect(bomb.stderr.contains("Resource temporarily unavailable"), "\(bomb.stderr)")
        // From outside: the pids controller refused forks.
        let refused = events.split(separator: "\n").first { $0.hasPrefix("max ") }.flatMap { Int($0.dropFirst(4)) }
        #expect((refused ?? 0) > 0, "pids.events: \(events)")
        // The command's session was killed at its timeout; the sandbox lives and can fork again.
        #expect(bomb.sandboxAlive)
        #expect(after.sandboxAlive && after.termination == .exited(0))
        #expect(after.stdout == "0\n", "sleeps left: \(after.stdout)")
    }

    @Test("the memory limit kills the process that passes it (OOM, SIGKILL) and the sandbox lives on")
    func memoryLimit() async throws {
        let limits = SandboxLimits(memoryBytes: 256 << 20)
        let (hog, limit, oom, after) = try await Fixture.sandbox().withSandbox(Fixture.spec(limits: limits)) {
            sandbox in
            let host = try await SandboxOnHost.locate(sandbox)
            let limit = HostFiles.read(
                host.cgroupFile("memory", SandboxOnHost.cgroupV2 ? "memory.max" : "memory.limit_in_bytes"))
            let hog = try await Fixture.run(
                sandbox, "python3 -c 'b = bytearray(800*1024*1024); print(\"allocated\")'; echo rc=$?")
            let oom = HostFiles.read(
                host.cgroupFile("memory", SandboxOnHost.cgroupV2 ? "memory.events" : "memory.oom_control"))
            let after = try await Fixture.run(sandbox, "echo alive")
            return (hog, limit, oom, after)
        }
        #expect(limit.trimmingCharacters(in: .whitespacesAndNewlines) == String(256 << 20))
        #expect(!hog.stdout.contains("allocated"))
        #expect(hog.stdout.contains("rc=137"), "\(hog.stdout) \(hog.stderr)")  // SIGKILL by the OOM killer
        #expect(hog.stderr.contains("Killed"), "\(hog.stderr)")
        let kills = oom.split(separator: "\n").first { $0.hasPrefix("oom_kill ") }.flatMap { Int($0.dropFirst(9)) }
        #expect((kills ?? 0) >= 1, "\(oom)")
        #expect(hog.sandboxAlive)
        #expect(after.stdout == "alive\n" && after.sandboxAlive)
    }

    @Test("the workspace and /tmp are size-limited: writing past the limit fails with ENOSPC")
    func diskLimits() async throws {
        let limits = SandboxLimits(workspaceBytes: 16 << 20, tmpBytes: 8 << 20)
        let (home, tmp, capacity) = try await Fixture.sandbox().withSandbox(Fixture.spec(limits: limits)) {
            sandbox in
            let host = try await SandboxOnHost.locate(sandbox)
            var info = statvfs()
            let capacity = statvfs(host.workspace, &info) == 0 ? Int(info.f_blocks) * Int(info.f_frsize) : -1
            let home = try await Fixture.run(sandbox, "head -c 100000000 /dev/zero > ~/big; echo rc=$?")
            let tmp = try await Fixture.run(sandbox, "head -c 100000000 /dev/zero > /tmp/big; echo rc=$?")
            return (home, tmp, capacity)
        }
        #expect(capacity == 16 << 20)  // seen from outside
        #expect(home.stdout == "rc=1\n")
        #expect(home.stderr.contains("No space left on device"), "\(home.stderr)")
        #expect(tmp.stdout == "rc=1\n")
        #expect(tmp.stderr.contains("No space left on device"), "\(tmp.stderr)")
        #expect(home.sandboxAlive && tmp.sandboxAlive)
    }

    @Test("the cgroups carry the spec's limits")
    func cgroupValues() async throws {
        let limits = SandboxLimits(memoryBytes: 300 << 20, processes: 77, cpus: 0.5)
        let (pids, memory, cpu, processes) = try await Fixture.sandbox().withSandbox(Fixture.spec(limits: limits)) {
            sandbox in
            let host = try await SandboxOnHost.locate(sandbox)
            return (
                HostFiles.read(host.cgroupFile("pids", "pids.max")),
                HostFiles.read(
                    host.cgroupFile("memory", SandboxOnHost.cgroupV2 ? "memory.max" : "memory.limit_in_bytes")),
                HostFiles.read(host.cgroupFile("cpu", SandboxOnHost.cgroupV2 ? "cpu.max" : "cpu.cfs_quota_us")),
                host.processes().compactMap { HostProcess(pid: $0) }
            )
        }
        #expect(pids == "77\n")
        #expect(memory == "\(300 << 20)\n")
        #expect(cpu == (SandboxOnHost.cgroupV2 ? "50000 100000\n" : "50000\n"))
        #expect(processes.map(\.command).contains("init"), "\(processes)")
        #expect(processes.map(\.command).contains("tail"), "\(processes)")
    }
}
