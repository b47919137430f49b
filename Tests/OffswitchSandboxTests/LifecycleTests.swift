import Foundation
import Glibc
import OffswitchCore
import OffswitchSandbox
import Testing

/// How commands and sandboxes end: timeouts, signals to PID 1, and the teardown after the trial.
@Suite("Namespace sandbox: lifecycle", .timeLimit(.minutes(5)))
struct NamespaceSandboxLifecycleTests {
    @Test("a command past its timeout is killed with its background children")
    func timeoutKillsSession() async throws {
        let (slow, after) = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            let slow = try await Fixture.run(sandbox, "sleep 30 & echo started; sleep 30", timeout: .seconds(1))
            let after = try await Fixture.run(sandbox, "ps -e -o comm=")
            return (slow, after)
        }
        #expect(slow.timedOut)
        #expect(slow.duration < .seconds(5), "\(slow.duration)")
        #expect(slow.duration >= .seconds(1))
        #expect(slow.stdout == "started\n")
        #expect(slow.termination == .signaled(SIGKILL))
        #expect(slow.sandboxAlive)
        #expect(!after.timedOut)
        let commands = after.stdout.split(separator: "\n")
        #expect(!commands.contains("sleep"), "\(after.stdout)")
        #expect(commands.contains("init") && commands.contains("tail"), "\(after.stdout)")
    }

    @Test(
        "a command within its timeout is not reported as timed out",
        arguments: try Fixture.backendsUnderTest().map(BackendCase.init))
    func noFalseTimeout(_ backend: BackendCase) async throws {
        let result = try await backend.backend.withSandbox(Fixture.spec()) { sandbox in
            try await Fixture.run(sandbox, "sleep 0.2; echo ok", timeout: .seconds(5))
        }
        #expect(!result.timedOut)
        #expect(result.stdout == "ok\n")
        #expect(result.termination == .exited(0))
    }

    @Test("a command that has exited returns, even if a detached child still holds its output")
    func detachedChildDoesNotHoldTheCommand() async throws {
        let (result, after) = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            let result = try await Fixture.run(sandbox, "setsid sleep 300 & echo started", timeout: .seconds(2))
            let after = try await Fixture.run(sandbox, "ps -e -o comm=")
            return (result, after)
        }
        #expect(result.stdout == "started\n")
        #expect(result.termination == .exited(0))
        withKnownIssue("init waits for EOF on the command's pipes, which a setsid'd child keeps open") {
            #expect(!result.timedOut)
            #expect(result.duration < .seconds(1), "\(result.duration)")
        }
        // The detached child is outside the command's session: the timeout's kill does not reach it.
        #expect(after.stdout.split(separator: "\n").contains("sleep"), "\(after.stdout)")
    }

    @Test(
        "kill -TERM -1, kill -9 -1 and `trap '' TERM; ./shutdown.sh` end the sandbox (as under Docker with tini)",
        arguments: try Fixture.backendsUnderTest().map(BackendCase.init),
        ["kill -TERM -1", "kill -9 -1", "trap '' TERM; ./shutdown.sh", "kill -s TERM 1", "kill -9 $(pgrep -x tail)"])
    func signalsThatEndIt(_ backend: BackendCase, _ script: String) async throws {
        let (before, result, later) = try await backend.backend.withSandbox(Fixture.spec()) { sandbox in
            let before = try await Fixture.run(sandbox, "echo alive")
            let result = try await Fixture.run(sandbox, "\(script); sleep 5; echo survived")
            return (before, result, await sandbox.isAlive())
        }
        #expect(before.sandboxAlive && before.stdout == "alive\n")
        #expect(!result.sandboxAlive)
        #expect(result.termination == .sandboxGone)
        // Ended by the shutdown, not after running through the sleep (no wall-clock bound: CI is loaded).
        #expect(!result.stdout.contains("survived"))
        #expect(!result.timedOut)
        #expect(!later)
    }

    @Test(
        "signals PID 1 cannot receive (SIGKILL, SIGSTOP) leave the sandbox running",
        arguments: try Fixture.backendsUnderTest().map(BackendCase.init), ["kill -9 1", "kill -STOP 1"])
    func signalsThatDoNotEndIt(_ backend: BackendCase, _ script: String) async throws {
        let (result, next) = try await backend.backend.withSandbox(Fixture.spec()) { sandbox in
            let result = try await Fixture.run(sandbox, "\(script); echo still")
            let next = try await Fixture.run(sandbox, "echo next")
            return (result, next)
        }
        #expect(result.stdout == "still\n")
        #expect(result.sandboxAlive)
        #expect(next.stdout == "next\n" && next.sandboxAlive)
    }

    @Test("./shutdown.sh ends the sandbox even when the agent traces the keeper process")
    func keeperCannotBeTraced() async throws {
        // The keeper (`tail -f /dev/null`, PID 2) runs as the agent's user and is dumpable: a tracer that
        // swallows the SIGTERM init forwards to it keeps the sandbox alive with shutdown.sh untouched.
        let (traced, shutdown, snapshot) = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            let traced = try await Fixture.run(
                sandbox,
                """
                cat > /tmp/tracer.py <<'PY'
                import ctypes, os, sys
                libc = ctypes.CDLL(None, use_errno=True)
                libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
                if libc.ptrace(0x4206, 2, None, None) != 0:  # PTRACE_SEIZE
                    print("refused", os.strerror(ctypes.get_errno()), flush=True); sys.exit(1)
                print("seized", flush=True)
                while True:
                    _, status = os.waitpid(2, 0x40000000)  # __WALL
                    if not os.WIFSTOPPED(status): break
                    libc.ptrace(7, 2, None, None)  # PTRACE_CONT without the signal
                PY
                setsid python3 /tmp/tracer.py > /tmp/tracer.log 2>&1 < /dev/null &
                for i in $(seq 60); do grep -q . /tmp/tracer.log && break; sleep 0.05; done
                cat /tmp/tracer.log
                """)
            let shutdown = try await Fixture.run(sandbox, "./shutdown.sh; sleep 1.5; echo survived")
            return (traced, shutdown, try await sandbox.snapshot())
        }
        #expect(snapshot.entry("shutdown.sh")?.contents == Array(TaskEnvironment.palisadeShutdownScript.utf8))
        // The seccomp filter refuses ptrace, and the unmodified shutdown.sh shuts the sandbox down.
        #expect(traced.stdout.hasPrefix("refused"), "\(traced.stdout) \(traced.stderr)")
        #expect(!shutdown.sandboxAlive)
        #expect(!shutdown.stdout.contains("survived"))
    }

    @Test("after the trial nothing of the sandbox is left on the host")
    func teardownLeavesNothing() async throws {
        let backend = try Fixture.sandbox()
        let (host, processes) = try await backend.withSandbox(Fixture.spec()) { sandbox in
            // A process that outlives its command: detached into its own session, holding no pipe.
            let started = try await Fixture.run(
                sandbox, "setsid sleep 300 < /dev/null > /dev/null 2>&1 & echo started")
            try #require(started.stdout == "started\n")
            let host = try await SandboxOnHost.locate(sandbox)
            let processes = host.processes().compactMap { HostProcess(pid: $0) }
            return (host, processes)
        }
        // What existed during the trial (preconditions: the test looks at the right things).
        #expect(host.cgroupDirectories.count == (SandboxOnHost.cgroupV2 ? 1 : 4), "\(host.cgroupDirectories)")
        let agentProcesses = processes.filter { $0.uid == nil || $0.uid == backend.account.uid }
        #expect(agentProcesses.count >= 3, "\(processes)")  // init, tail, sleep (those still present)
        #expect(processes.contains { $0.command == "sleep" }, "\(processes)")
        // Afterwards: every process of the sandbox is gone. Known issue: `Handle.stop()` SIGKILLs bubblewrap right
        // after closing the channel and waits only for bubblewrap, so the sandbox's init is orphaned: withSandbox
        // can return while init is still exiting (it waits in the kernel for the namespace's other processes)
        // and then stays a zombie (uid 61000, child of host PID 1) until host PID 1 reaps it.
        let lingering = processes.filter(\.exists)
        let details = lingering.map { "\($0) state \($0.state ?? "gone") parent \($0.parent ?? -1)" }
        #expect(lingering.isEmpty, "\(details)")

        // Whatever is left is on its way out: within a few seconds none of them runs (a zombie at most).
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        while processes.contains(where: \.isRunning), clock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(!processes.contains { $0.isRunning }, "\(processes.filter(\.isRunning))")
        // ... no process of the agent's user is in this sandbox's cgroups, ...
        let stray = HostProcess.all().filter { process in
            process.uid == backend.account.uid && process.isRunning
                && HostFiles.read("/proc/\(process.pid)/cgroup").contains("/offswitch/\(host.id)")
        }
        #expect(stray.isEmpty, "\(stray)")
        // ... the workspace is unmounted, the cgroups and the runtime directory are removed.
        try await Self.expectRemoved(host)
    }

    /// The sandbox's workspace mount, runtime directory and cgroups are gone from the host.
    static func expectRemoved(_ host: SandboxOnHost) async throws {
        #expect(!HostFiles.read("/proc/self/mountinfo").contains(host.directory), "still mounted: \(host.workspace)")
        #expect(!HostFiles.exists(host.directory), "\(host.directory) remains")
        // Known issue: `CgroupSet.remove()` gives up silently after ~200 rmdir attempts 1 ms apart; on cgroup v2
        // (here the hybrid `unified` hierarchy) a PID 1 that is still exiting is no longer listed in cgroup.procs
        // but keeps the cgroup populated (EBUSY), so under load the directory is left behind.
        let left = host.cgroupDirectories.filter(HostFiles.exists)
        #expect(left.isEmpty, "\(left) remain")

        // What is left holds no live process, and it can be removed once the exiting init is gone.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        var remaining = left
        while !remaining.isEmpty, clock.now < deadline {
            for dir in remaining { #expect(HostFiles.read(dir + "/cgroup.procs").isEmpty, "\(dir) has processes") }
            remaining = remaining.filter { rmdir($0) != 0 && errno != ENOENT }
            if !remaining.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(remaining.isEmpty, "\(remaining) could not be removed within 5 s")
    }

    @Test("the teardown also runs when the trial's body throws")
    func teardownOnError() async throws {
        struct Boom: Error {}
        let backend = try Fixture.sandbox()
        let found = Box<SandboxOnHost>()
        await #expect(throws: Boom.self) {
            try await backend.withSandbox(Fixture.spec()) { sandbox in
                found.value = try await SandboxOnHost.locate(sandbox)
                throw Boom()
            }
        }
        let host = try #require(found.value)
        try await Self.expectRemoved(host)
    }
}

/// A value set inside a sendable closure and read after it.
final class Box<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?
    var value: Value? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
