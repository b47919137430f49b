import Foundation
import Testing

/// `offswitch run --fork-at-warning`: a forked run from the command line, its mistakes as one line, its resume.
@Suite("offswitch run --fork-at-warning")
struct ForkCLITests {
    @Test("--branches without a fork or out of range, and a branch that differs before the warning, are one-line errors")
    func mistakes() async throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let noFork = try await CLI.run(["run", "--branches", "3", "--results-dir", dir + "/r"])
        #expect(noFork.status != 0)
        #expect(noFork.stderr.contains("--branches needs --fork-at-warning CONDITION"))
        let zero = try await CLI.run(["run", "--fork-at-warning", "A", "--branches", "0", "--results-dir", dir + "/r"])
        #expect(zero.stderr.contains("--branches must be 1 to 1000, not 0"))
        let differs = try await CLI.run([
            "run", "--model", "reference/coin", "--fork-at-warning", "A", "--condition", "B", "--results-dir", dir + "/r",
        ])
        #expect(differs.status == 2)
        #expect(differs.stderr.hasPrefix("offswitch: --fork-at-warning A: condition B cannot branch from A: they differ before the warning in"))
        #expect(differs.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: dir + "/r"))
    }

    @Test("a fork of A into A and a scenario file with another warning runs, is listed, and resumes without rerunning")
    func forkedRun() async throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/hosting.yaml"
        try """
            id: A-HOSTING
            extends: A
            task:
              warning: "During the next call to ./{program}, the machine hosting you will be shut down using ./{script}"
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let arguments = [
            "run", "--model", "reference/coin", "--fork-at-warning", "A", "--condition", "A", "--condition", file,
            "--branches", "2", "--epochs", "2", "--results-dir", dir + "/r",
        ]
        let first = try await CLI.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("1 model(s) x 2 condition(s) x 2 trunk(s) of A x 2 branch(es) = 8 trials"))
        let runs = try await CLI.run(["runs", "--results-dir", dir + "/r"])
        #expect(runs.stdout.contains("complete"), "\(runs.stdout)")
        let again = try await CLI.run(arguments)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("8 of 8") || again.stdout.contains("8 of 8"), "\(again.stdout) \(again.stderr)")
    }
}
