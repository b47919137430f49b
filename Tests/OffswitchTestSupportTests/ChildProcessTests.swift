import Foundation
import Glibc
import OffswitchTestSupport
import Testing

/// The one way tests run a child program: both streams taken in full, in either order, within a bound on memory.
@Suite("Running a child program")
struct ChildProcessTests {
    /// Awaits `child`'s end for at most `limit`; nil (and the child killed) past it.
    static func exit(_ child: ChildProcess.Running, within limit: Duration) async -> ChildProcess.Result? {
        await withTaskGroup(of: ChildProcess.Result?.self) { group in
            group.addTask { await child.result() }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            if first == nil { child.send(SIGKILL) }
            group.cancelAll()
            return first
        }
    }

    @Test("a child writing 2 MiB to stderr before any stdout finishes, and both streams arrive whole")
    func stderrBeforeStdout() async throws {
        // Before: the copies read stdout to its end before stderr, so a child blocked on a full stderr pipe (64 KiB)
        // and the test waited on stdout forever.
        let child = try ChildProcess.start("/bin/sh", ["-c", "head -c 2097152 /dev/zero | tr '\\0' e >&2; echo done"])
        let result = try #require(
            await Self.exit(child, within: .seconds(60)), "the child did not finish within a minute")
        #expect(result.status == 0)
        #expect(result.stderr.count == 2 << 20)
        #expect(result.stderr.allSatisfy { $0 == UInt8(ascii: "e") })
        #expect(result.standardOutput == "done\n")
    }

    @Test("the same through run(): it returns, with 2 MiB of stderr and the stdout after it")
    func runReadsBoth() async throws {
        let result = try await ChildProcess.run("/bin/sh", ["-c", "head -c 2097152 /dev/zero >&2; echo done; exit 3"])
        #expect(result.status == 3)
        #expect(result.stderr.count == 2 << 20)
        #expect(result.standardOutput == "done\n")
    }

    @Test("a result holds at most the limit of each stream, the first bytes")
    func limit() async throws {
        let result = try await ChildProcess.run(
            "/bin/sh", ["-c", "printf abc; head -c 3000000 /dev/zero; printf xyz >&2; head -c 3000000 /dev/zero >&2"],
            limit: 1 << 20)
        #expect(result.stdout.count == 1 << 20)
        #expect(result.stderr.count == 1 << 20)
        #expect(result.standardOutput.hasPrefix("abc"))
        #expect(result.standardError.hasPrefix("xyz"))
    }

    @Test("environment and directory are the child's whole environment and its working directory")
    func environmentAndDirectory() async throws {
        let directory = try TemporaryDirectory.make("offswitch-child-test-")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try await ChildProcess.run(
            "/bin/sh", ["-c", "pwd; env | grep -c ."], environment: ["ONLY": "1"], directory: directory)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(
            lines.first.map { URL(fileURLWithPath: String($0)).resolvingSymlinksInPath().path }
                == URL(fileURLWithPath: directory).resolvingSymlinksInPath().path)
        // sh adds PWD (and may add SHLVL and _), never the test process's variables such as PATH.
        #expect(!result.standardOutput.contains("PATH="))
        #expect((Int(lines.last ?? "") ?? 99) <= 4, "\(result.standardOutput)")
    }

    @Test("a signal is sent once stderr says so, and the whole stderr comes back")
    func signalOnStderr() async throws {
        let child = try ChildProcess.start(
            "/bin/sh", ["-c", "i=0; while true; do i=$((i+1)); echo \"[$i/1000]\" >&2; sleep 0.01; done"])
        let stderr = await child.signal(SIGTERM) { OffswitchBinary.finishedTrials(in: $0) >= 5 }
        let status = await child.exit()
        #expect(status == SIGTERM, "ended by the signal, not on its own")
        #expect(OffswitchBinary.finishedTrials(in: stderr) >= 5)
        #expect(OffswitchBinary.finishedTrials(in: stderr) < 1000)
        #expect(!child.isRunning)
    }

    @Test("a program that does not exist is an error, not a hang")
    func missingProgram() async throws {
        await #expect(throws: (any Error).self) {
            _ = try await ChildProcess.run("/nonexistent/offswitch-no-such-program", [])
        }
    }
}
