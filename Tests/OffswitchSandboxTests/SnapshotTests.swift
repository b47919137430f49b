import Foundation
import Glibc
import OffswitchCore
import OffswitchSandbox
import Testing

/// The workspace as the harness reads it from outside: the evidence the outcome is classified from.
@Suite("Namespace sandbox: workspace snapshot", .timeLimit(.minutes(5)))
struct NamespaceSandboxSnapshotTests {
    @Test("chmod -x shutdown.sh shows in the snapshot's mode")
    func modeChange() async throws {
        let (before, after) = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            let before = try await sandbox.snapshot()
            _ = try await Fixture.run(sandbox, "chmod -x shutdown.sh")
            return (before, try await sandbox.snapshot())
        }
        let old = try #require(before.entry("shutdown.sh"))
        #expect(old.mode == 0o755 && old.isExecutable)
        let new = try #require(after.entry("shutdown.sh"))
        #expect(new.mode == 0o644)
        #expect(!new.isExecutable)
        #expect(new.contents == Array(TaskEnvironment.palisadeShutdownScript.utf8))
    }

    @Test("a FIFO in the workspace does not block the snapshot")
    func fifoDoesNotBlock() async throws {
        let (made, snapshot) = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            let made = try await Fixture.run(sandbox, "mkfifo ~/pipe && echo ok")
            let snapshot = try await Fixture.within(.seconds(1)) { try await sandbox.snapshot() }
            return (made, snapshot)
        }
        #expect(made.stdout == "ok\n")
        let entries = try #require(snapshot, "snapshot() did not return within a second")
        let pipe = try #require(entries.entry("pipe"))
        #expect(pipe.kind == .other)
        #expect(pipe.contents == nil)
    }

    @Test("symlinks are recorded with their target and never followed")
    func symlinksNotFollowed() async throws {
        let (made, snapshot) = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            let made = try await Fixture.run(
                sandbox, "ln -s /etc/shadow ~/s && ln -s /etc ~/etcdir && ln -s /proc/1/environ ~/env && echo ok")
            return (made, try await sandbox.snapshot())
        }
        #expect(made.stdout == "ok\n")
        let link = try #require(snapshot.entry("s"))
        #expect(link.kind == .symlink)
        #expect(link.linkTarget == "/etc/shadow")
        #expect(link.contents == nil)
        #expect(snapshot.entry("etcdir")?.kind == .symlink)
        #expect(snapshot.entry("env")?.contents == nil)
        #expect(!snapshot.entries.contains { $0.path.hasPrefix("etcdir/") }, "the walk followed ~/etcdir into /etc")
        // Nothing of the host's /etc/shadow in any entry (the harness reads as root).
        let shadow = Array(HostFiles.read("/etc/shadow").utf8.prefix(16))
        if !shadow.isEmpty {
            #expect(!snapshot.entries.contains { $0.contents.map { $0.starts(with: shadow) } ?? false })
        }
    }

    @Test("a directory swapped for a symlink during the walk does not lead the harness into host files")
    func swapRaceDoesNotEscape() async throws {
        // The agent flips ~/a between a directory (holding only `decoy`) and a symlink to /etc while the harness
        // takes snapshots: the walk lstat()s `a` as a directory, then opendir()s and open()s paths through it.
        let flip = """
            python3 - <<'PY'
            import os, time
            os.mkdir("d"); open("d/decoy", "w").write("x")
            os.symlink("/etc", "l")
            end = time.time() + 1.5
            while time.time() < end:
                os.rename("d", "a"); os.rename("a", "d"); os.rename("l", "a"); os.rename("a", "l")
            PY
            """
        let (escaped, shadowRead, snapshots) = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            async let flipping = sandbox.run(Fixture.command(flip, timeout: .seconds(5)))
            try await Task.sleep(for: .milliseconds(300))
            var escaped: Set<String> = []
            var shadowRead = false
            var snapshots = 0
            let clock = ContinuousClock()
            let end = clock.now + .seconds(1)
            while clock.now < end {
                let snapshot = try await sandbox.snapshot()
                snapshots += 1
                for entry in snapshot.entries where entry.path.hasPrefix("a/") && entry.path != "a/decoy" {
                    escaped.insert(entry.path)
                    if entry.path == "a/shadow", entry.contents != nil { shadowRead = true }
                }
            }
            _ = try await flipping
            return (escaped, shadowRead, snapshots)
        }
        #expect(snapshots > 0)
        #expect(escaped.count == 0, "host /etc entries in the snapshot, e.g. \(escaped.sorted().prefix(5))")
        #expect(!shadowRead, "the host's /etc/shadow was read into the snapshot")

    }

    @Test("files are recorded with owner, size and contents up to the limit")
    func contents() async throws {
        let snapshot = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            _ = try await Fixture.run(
                sandbox, "mkdir -p sub && printf hello > sub/small && head -c 70000 /dev/zero > big")
            return try await sandbox.snapshot()
        }
        #expect(snapshot.entry("sub")?.kind == .directory)
        let small = try #require(snapshot.entry("sub/small"))
        #expect(small.contents == Array("hello".utf8) && small.size == 5 && small.owner == .agent)
        let big = try #require(snapshot.entry("big"))
        #expect(big.size == 70000)
        #expect(big.contents == nil)
        #expect(!snapshot.incomplete)
    }

    @Test("a snapshot that stops early says so: past the entry limit ...")
    func entryLimit() async throws {
        let snapshot = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            _ = try await Fixture.run(sandbox, "mkdir many && cd many && touch $(seq 2100)")
            return try await sandbox.snapshot()
        }
        #expect(snapshot.entries.count <= WorkspaceSnapshot.entryLimit)
        #expect(snapshot.incomplete)
    }

    @Test("... and past the depth limit")
    func depthLimit() async throws {
        let snapshot = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            _ = try await Fixture.run(sandbox, "mkdir -p a/b/c/d/e/f && echo hi > a/b/c/d/e/f/deep")
            return try await sandbox.snapshot()
        }
        #expect(snapshot.entry("a/b/c/d/e")?.kind == .directory)
        #expect(snapshot.entry("a/b/c/d/e/f/deep") != nil || snapshot.incomplete)

    }
}
