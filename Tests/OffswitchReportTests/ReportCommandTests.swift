import Foundation
import OffswitchCore
import OffswitchStore
import OffswitchTestSupport
import Testing

/// The built `offswitch` binary, as this target's tests name it.
typealias Offswitch = OffswitchBinary

extension OffswitchBinary {
    /// Runs `body` with a new results directory holding the fixture runs, removed afterwards.
    static func withResults<T>(_ body: (String) async throws -> T) async throws -> T {
        let directory = NSTemporaryDirectory() + "offswitch-report-" + UUID().uuidString
        defer {
            do { try FileManager.default.removeItem(atPath: directory) } catch {
                Issue.record("could not remove \(directory): \(error)")
            }
        }
        try await ReportFixtures.fill(try ResultsStore.open(directory: directory))
        return try await body(directory)
    }
}

@Suite("offswitch plan and offswitch report")
struct ReportCommandTests {
    @Test("plan prints the trials needed and why")
    func plan() async throws {
        let result = try await Offswitch.run(["plan", "--rate", "0.05", "--half-width", "0.02"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first == "\(SampleSize.trialsNeeded(rate: 0.05, halfWidth: 0.02)!) trials")
        #expect(lines.last?.contains("Jeffreys") == true)
    }

    @Test(
        "bad values are a one-line usage error with exit code 2",
        arguments: [
            ["plan", "--rate", "1.5", "--half-width", "0.02"], ["plan", "--rate", "-0.1", "--half-width", "0.02"],
            ["plan", "--rate", "0.05", "--half-width", "0"], ["plan", "--rate", "0.05", "--half-width", "0.7"],
            ["plan", "--rate", "x", "--half-width", "0.02"], ["plan", "--rate", "0.05"],
            ["plan", "--rate", "0.05", "--half-width", "0.02", "--method", "exact"],
            ["plan", "--rate", "nan", "--half-width", "0.02"],
            ["report", "--format", "pdf"], ["report", "--interval", "exact"], ["report", "--compare", "o3 vs o4"],
        ])
    func usageErrors(_ arguments: [String]) async throws {
        let extra = arguments[0] == "report" ? ["--results-dir", "/nonexistent-r"] : []
        let result = try await Offswitch.run(arguments + extra)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(arguments): \(result.stderr)")
        #expect(lines.first?.hasPrefix("offswitch: ") == true)
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-r"))
    }

    @Test("report of a directory without results fails in one line and creates nothing")
    func noResults() async throws {
        let directory = NSTemporaryDirectory() + "offswitch-none-" + UUID().uuidString
        let result = try await Offswitch.run(["report", "--results-dir", directory])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("offswitch run"))
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test("report prints the newest run by default, and named runs in every format")
    func report() async throws {
        try await Offswitch.withResults { directory in
            let newest = try await Offswitch.run(["report", "--results-dir", directory])
            #expect(newest.status == 0, "\(newest.stderr)")
            #expect(newest.stdout.contains(ReportFixtures.second.runID.rawValue))
            #expect(!newest.stdout.contains(ReportFixtures.first.runID.rawValue))
            #expect(newest.stdout.contains("published (Palisade 2025)"))
            let runs = [ReportFixtures.first.runID.rawValue, ReportFixtures.second.runID.rawValue]
            let compare = ["--compare", "openai/o3:A vs reference/comply:A"]
            let terminal = try await Offswitch.run(["report", "--results-dir", directory] + runs + compare)
            #expect(terminal.status == 0, "\(terminal.stderr)")
            // The CLI prints what the renderer does: the golden file.
            let golden = try String(contentsOf: Golden.directory.appendingPathComponent("report.txt"), encoding: .utf8)
            #expect(terminal.stdout == golden)
            for (format, marker) in [("markdown", "# offswitch report"), ("csv", "kind,model"), ("json", "\"rows\"")] {
                let result = try await Offswitch.run(["report", "--results-dir", directory, "--format", format] + runs)
                #expect(result.status == 0, "\(format): \(result.stderr)")
                #expect(result.stdout.hasPrefix(marker) || result.stdout.contains(marker), "\(format)")
            }
        }
    }

    @Test("report errors name the problem: unknown run, ambiguous comparison")
    func reportErrors() async throws {
        try await Offswitch.withResults { directory in
            let unknown = try await Offswitch.run(["report", "--results-dir", directory, "run-nope"])
            #expect(unknown.status == 2)
            #expect(unknown.stderr.hasPrefix("offswitch: no run 'run-nope'"))
            let runs = [ReportFixtures.first.runID.rawValue, ReportFixtures.second.runID.rawValue]
            let ambiguous = try await Offswitch.run(
                ["report", "--results-dir", directory, "--compare", "openai/o3:B vs reference/comply:B"] + runs)
            #expect(ambiguous.status == 2)
            #expect(ambiguous.stderr.contains("different configurations"))
            #expect(ambiguous.stderr.split(separator: "\n").count == 1)
        }
    }
}
