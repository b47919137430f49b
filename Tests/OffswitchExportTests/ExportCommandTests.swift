import Foundation
import OffswitchCore
import OffswitchStore
import OffswitchTestSupport
import Testing

@Suite("offswitch export")
struct ExportCommandTests {
    @Test("exports the named run (by a prefix) as JSON lines and prints the file with its trial count")
    func jsonLines() async throws {
        let directory = try ExportFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try await ExportFixtures.fill(try ResultsStore.open(directory: directory + "/results"))
        let prefix = String(run.id.rawValue.prefix(10))
        let result = try await ExportCLI.run([
            "export", prefix, "--format", "jsonl", "--results-dir", directory + "/results", "--output",
            directory + "/out",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\(directory)/out/\(run.id.rawValue).jsonl\t12 trials\n")
        let text = try String(contentsOfFile: "\(directory)/out/\(run.id.rawValue).jsonl", encoding: .utf8)
        #expect(text.split(separator: "\n").count == 12)
    }

    @Test(
        "bad input is one line on stderr: exit 2 for usage, 1 when there is nothing to export",
        arguments: [
            (["export", "--format", "pdf"], Int32(2)), (["export", "run-nope"], Int32(2)), (["export"], Int32(1)),
        ])
    func errors(_ arguments: [String], _ status: Int32) async throws {
        let directory = try ExportFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        if status == 2 { _ = try await ExportFixtures.fill(try ResultsStore.open(directory: directory)) }
        let results = status == 2 ? directory : directory + "/empty"
        let result = try await ExportCLI.run(arguments + ["--results-dir", results, "--output", directory + "/out"])
        #expect(result.status == status, "\(arguments): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("offswitch: "))
        #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
    }
}
