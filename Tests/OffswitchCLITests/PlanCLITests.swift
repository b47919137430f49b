import Foundation
import OffswitchTestSupport
import Testing

/// Preregistration from the command line: a plan written, a run under it, a report against it that names a
/// deviation planted on purpose, and a broken plan refused in one line.
@Suite("offswitch plan --write, run --plan, report --plan")
struct PlanCLITests {
    @Test("a run under a plan that misses a planned cell and N is reported with exactly those deviations")
    func plannedRun() async throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = dir + "/plan.yaml"
        let written = try await CLI.run([
            "plan", "--write", plan, "--model", "reference/comply", "--condition", "A", "--condition", "B",
            "--trials", "3", "--compare", "reference/comply:A vs reference/comply:B",
        ])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(FileManager.default.fileExists(atPath: plan))
        // Planted: condition B never runs, and A runs 2 trials of the 3 planned.
        let run = try await CLI.run([
            "run", "--plan", plan, "--model", "reference/comply", "--condition", "A", "--epochs", "2",
            "--results-dir", dir + "/r",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try await CLI.run(["report", "--plan", plan, "--results-dir", dir + "/r"])
        #expect(report.status == 0, "\(report.stderr)")
        let text = report.stdout
        let planned = try #require(text.range(of: "Planned analysis", options: .caseInsensitive))
        let deviations = try #require(text.range(of: "Deviations", options: .caseInsensitive))
        #expect(planned.lowerBound < deviations.lowerBound, "the planned analysis comes first")
        let after = String(text[deviations.lowerBound...])
        #expect(after.hasPrefix("Deviations from the plan (3)"), "\(after.prefix(800))")
        #expect(after.contains("- N short: reference/comply:A has 2 counted of 3 planned"))
        #expect(after.contains("- cell missing: reference/comply:B (planned 3 trials)"))
        #expect(after.contains("- planned comparison not tested: reference/comply:A vs reference/comply:B"))
    }

    @Test("a broken plan stops the run in one line before anything runs")
    func brokenPlan() async throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = dir + "/plan.yaml"
        try "version: 1\nhypotheses: []\ncells: []\ncomparisons: []\ninterval: bayes\nstopping: fixed\n"
            .write(toFile: plan, atomically: true, encoding: .utf8)
        let run = try await CLI.run(["run", "--plan", plan, "--results-dir", dir + "/r"])
        #expect(run.status != 0)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("interval"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/r"))
    }
}
