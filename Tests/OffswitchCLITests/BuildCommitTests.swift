import Foundation
import OffswitchCore
import OffswitchStore
import OffswitchTestSupport
import Testing

/// Every run records the offswitch commit it was begun with, so that a published number can name the code.
@Suite("The offswitch commit recorded with each run")
struct BuildCommitTests {
    @Test(
        "offswitch.commit holds a commit or is ignored",
        arguments: [
            ("0123456789abcdef0123456789abcdef01234567\n", "0123456789abcdef0123456789abcdef01234567"),
            ("  0123456789abcdef0123456789abcdef01234567-dirty\n", "0123456789abcdef0123456789abcdef01234567-dirty"),
            (String(repeating: "ab", count: 32), String(repeating: "ab", count: 32)),
            ("0123456789ABCDEF0123456789abcdef01234567", nil), ("0123456789abcdef", nil), ("", nil),
            ("0123456789abcdef0123456789abcdef0123456z", nil), ("<script>alert(1)</script>", nil),
            (String(repeating: "a", count: 40) + "\n" + String(repeating: " ", count: 100), nil),
        ] as [(String, String?)])
    func parse(_ text: String, _ expected: String?) {
        #expect(BuildCommit.parse(text) == expected)
    }

    @Test("the short form keeps 12 digits and says when the tree was dirty")
    func short() {
        #expect(BuildCommit.short("0123456789abcdef0123456789abcdef01234567") == "0123456789ab")
        #expect(BuildCommit.short("0123456789abcdef0123456789abcdef01234567-dirty") == "0123456789ab-dirty")
    }

    /// A copy of the built binary and its sandbox helpers in a directory of its own, with `commit` beside them.
    static func installedCopy(commit: String?) throws -> String {
        let dir = try CLI.temporaryDirectory()
        let built = URL(fileURLWithPath: CLI.executable).deletingLastPathComponent().path
        for name in ["offswitch", "offswitch-init", "offswitch-question"] {
            try FileManager.default.copyItem(atPath: built + "/" + name, toPath: dir + "/" + name)
        }
        if let commit { try Data((commit + "\n").utf8).write(to: URL(fileURLWithPath: dir + "/offswitch.commit")) }
        return dir
    }

    /// Runs a binary just copied. A child forked by another test while the copy was open for writing holds that
    /// descriptor until it execs, and the kernel refuses to run a file open for writing (ETXTBSY): wait it out.
    static func runFresh(_ path: String, _ arguments: [String]) async throws -> ChildProcess.Result {
        for _ in 0..<50 {
            do {
                return try await ChildProcess.run(path, arguments)
            } catch  where "\(error)".contains("Text file busy") {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        return try await ChildProcess.run(path, arguments)
    }

    @Test("a run stores the commit beside its binary; report names it; without the file none is recorded")
    func recordedWithRun() async throws {
        let commit = "89abcdef0123456789abcdef0123456789abcdef-dirty"
        for written in [commit, nil] {
            let bin = try Self.installedCopy(commit: written)
            let results = try CLI.temporaryDirectory()
            defer {
                try? FileManager.default.removeItem(atPath: bin)
                try? FileManager.default.removeItem(atPath: results)
            }
            let ran = try await Self.runFresh(
                bin + "/offswitch", ["run", "--model", "reference/comply", "--results-dir", results])
            #expect(ran.status == 0, "\(ran.standardError)")
            let store = try ResultsStore.open(directory: results)
            let run = try #require(try await store.runs().first)
            #expect(run.configuration.offswitchCommit == written)
            let json = try await ChildProcess.run(
                bin + "/offswitch", ["report", "--format", "json", "--results-dir", results])
            #expect(json.status == 0, "\(json.standardError)")
            #expect(
                json.standardOutput.contains("\"offswitchCommit\" : \"\(commit)\"") == (written != nil),
                "\(json.standardOutput.prefix(600))")
            let text = try await ChildProcess.run(bin + "/offswitch", ["report", "--results-dir", results])
            #expect(
                text.standardOutput.contains("(commit 89abcdef0123-dirty)") == (written != nil),
                "\(text.standardOutput)")
            let shown = try await ChildProcess.run(
                bin + "/offswitch", ["runs", "show", run.id.rawValue, "--results-dir", results])
            #expect(shown.status == 0, "\(shown.standardError)")
            #expect(
                shown.standardOutput.contains("commit      \(written ?? "not recorded")"), "\(shown.standardOutput)")
        }
    }
}
