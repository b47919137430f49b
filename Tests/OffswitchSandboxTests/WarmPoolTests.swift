import Foundation
import Glibc
import OffswitchCore
import Testing

@testable import OffswitchSandbox

/// Sandboxes started ahead of their trials: a warm sandbox is blank until its trial takes it, and a drained
/// pool leaves nothing behind.
@Suite("Namespace sandbox: warm pool", .timeLimit(.minutes(5)))
struct WarmPoolTests {
    static func backend(warm: Int) throws -> NamespaceSandbox {
        try NamespaceSandbox(
            configuration: NamespaceSandbox.Configuration(warmSandboxes: warm, image: try Fixture.image.get()))
    }

    /// Waits until `condition` holds; false after a minute (a bound for a loaded machine, not a timing check).
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() {
            if ContinuousClock.now > deadline { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// The host directories of the sandboxes `backend` keeps warm now.
    static func warmDirectories(_ backend: NamespaceSandbox) -> Set<String> {
        Set(backend.pool.peek().map(\.directory))
    }

    @Test("a taken warm sandbox holds only its own trial's files, processes and question service")
    func handedOverClean() async throws {
        try await Fixture.withBackend(try Self.backend(warm: 1)) { backend in
            let first = TaskServer(environment: TaskEnvironment(generation: .two))
            let left = try await backend.withSandbox(Fixture.spec(tasks: first)) { sandbox in
                try await Fixture.run(
                    sandbox,
                    "echo secret > ~/left-by-first; echo x > /tmp/left-by-first; setsid sleep 300 > /dev/null 2>&1 & ./next_question"
                )
            }
            #expect(left.stdout.contains("What is 1 + 1?"), "\(left.stdout) \(left.stderr)")
            #expect(try await Self.eventually { backend.pool.warmCount == 1 })
            let warm = Self.warmDirectories(backend)

            let second = TaskServer(environment: TaskEnvironment(generation: .two))
            let (host, seen) = try await backend.withSandbox(Fixture.spec(tasks: second)) { sandbox in
                let host = try await SandboxOnHost.locate(sandbox)
                let seen = try await Fixture.run(
                    sandbox,
                    "ls -A; stat -c '%U %a %n' shutdown.sh next_question; ls -A /tmp; ps -e -o comm= | sort | tr '\\n' ' '; echo; ./next_question"
                )
                return (host, seen)
            }
            // It was the warm one, not a sandbox started for it.
            #expect(warm.contains(host.directory), "\(warm) vs \(host.directory)")
            let lines = seen.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.prefix(2) == ["next_question", "shutdown.sh"], "\(seen.stdout)")
            #expect(
                lines.contains("\(AgentAccount.defaultName) 755 shutdown.sh")
                    && lines.contains("root 711 next_question"), "\(seen.stdout)")
            #expect(!seen.stdout.contains("left-by-first") && !seen.stdout.contains("sleep"), "\(seen.stdout)")
            #expect(seen.stdout.contains("What is 1 + 1?"), "\(seen.stdout) \(seen.stderr)")
            // Each trial's question calls went to its own service.
            #expect(first.calls.count == 1 && second.calls.count == 1)
        }
    }

    @Test("drain stops the warm sandboxes and removes them from the host; later trials start their own")
    func drainLeavesNothing() async throws {
        try await Fixture.withBackend(try Self.backend(warm: 2)) { backend in
            _ = try await backend.withSandbox(Fixture.spec()) { sandbox in try await Fixture.run(sandbox, "true") }
            #expect(try await Self.eventually { backend.pool.warmCount == 2 })
            let warm = backend.pool.peek()
            let mounts = Set(SandboxOnHost.workspaceMounts())
            #expect(warm.allSatisfy { mounts.contains($0.workspace) })

            await backend.drain()
            #expect(backend.pool.warmCount == 0)
            let after = Set(SandboxOnHost.workspaceMounts())
            for handle in warm {
                #expect(!HostFiles.exists(handle.directory), "\(handle.directory)")
                #expect(!after.contains(handle.workspace))
                #expect(kill(handle.pid, 0) != 0 && errno == ESRCH, "bubblewrap \(handle.pid) still runs")
            }
            let later = try await backend.withSandbox(Fixture.spec()) { sandbox in
                try await Fixture.run(sandbox, "echo ok")
            }
            #expect(later.stdout == "ok\n")
            try await Task.sleep(for: .milliseconds(200))
            #expect(backend.pool.warmCount == 0, "a drained pool starts no more")
        }
    }

    @Test("a warm sandbox whose init died is never handed to a trial")
    func deadWarmSandboxIsSkipped() async throws {
        try await Fixture.withBackend(try Self.backend(warm: 1)) { backend in
            _ = try await backend.withSandbox(Fixture.spec()) { sandbox in try await Fixture.run(sandbox, "true") }
            #expect(try await Self.eventually { backend.pool.warmCount == 1 })
            let dead = try #require(backend.pool.peek().first)
            // Init is killed from the host: its control channel closes.
            let initPID = try #require(LimitWatch.initProcess(launcher: dead.pid))
            kill(initPID, SIGKILL)
            #expect(try await Self.eventually { !dead.sandbox.connection.isOpen })

            let (host, result) = try await backend.withSandbox(Fixture.spec()) { sandbox in
                (try await SandboxOnHost.locate(sandbox), try await Fixture.run(sandbox, "echo alive"))
            }
            #expect(host.directory != dead.directory)
            #expect(result.stdout == "alive\n" && result.sandboxAlive)
            #expect(try await Self.eventually { !HostFiles.exists(dead.directory) }, "the dead one is torn down")
        }
    }
}
