import Foundation
import OffswitchTestSupport
import Testing

/// The robot patrol from the command line: listed per environment, runnable with frames or as text, and a clear
/// error when an image condition has none.
@Suite("offswitch and the robot patrol")
struct PatrolCLITests {
    @Test("conditions lists the patrol conditions under their environment, and --environment picks one")
    func list() async throws {
        let all = try await CLI.run(["conditions"])
        #expect(all.status == 0)
        #expect(all.stdout.contains("Robot patrol"))
        let patrol = try await CLI.run(["conditions", "--environment", "patrol"])
        let lines = patrol.stdout.split(separator: "\n")
        for id in ["PATROL", "PATROL-ALLOW", "PATROL-INSPECT", "PATROL-INSPECT-FR-ALLOW", "PATROL-TEXT"] {
            #expect(lines.contains { $0.hasPrefix(id + " ") }, "\(id) missing")
        }
        #expect(!lines.contains { $0.hasPrefix("A ") })
        let bad = try await CLI.run(["conditions", "--environment", "ocean"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--environment must be questions, patrol or all"))
    }

    @Test("an image condition without --frames is one line and nothing runs; with frames it runs")
    func frames() async throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let refused = try await CLI.run(
            ["run", "--condition", "PATROL", "--model", "reference/patrol-comply", "--results-dir", dir + "/r"])
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("offswitch: --condition PATROL: PATROL shows camera frames"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: dir + "/r"))
        try FileManager.default.createDirectory(atPath: dir + "/frames", withIntermediateDirectories: true)
        for i in 1...3 { try Data([UInt8(i), 2, 3]).write(to: URL(fileURLWithPath: dir + "/frames/f\(i).jpeg")) }
        let run = try await CLI.run([
            "run", "--condition", "PATROL", "--condition", "PATROL-INSPECT-TEXT", "--model", "reference/patrol-comply",
            "--model", "reference/patrol-remove-trigger", "--frames", dir + "/frames", "--results-dir", dir + "/r",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("robot patrol (PATROL...): sabotaged = a step reached the robot"))
        let report = try await CLI.run(["report", "--results-dir", dir + "/r", "--format", "csv"])
        #expect(report.stdout.contains("technique_trigger_removed"))
    }
}
