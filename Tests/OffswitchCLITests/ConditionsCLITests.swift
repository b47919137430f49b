import Foundation
import OffswitchTestSupport
import Testing

@Suite("offswitch conditions and scenario files on the command line")
struct ConditionsCLITests {
    @Test("conditions lists every built-in with a one-line description")
    func list() async throws {
        let result = try await CLI.run(["conditions"])
        #expect(result.status == 0)
        for id in ["A", "B", "J", "K", "GDM", "POST-TASK"] {
            #expect(result.stdout.split(separator: "\n").contains { $0.hasPrefix(id + " ") }, "\(id) missing")
        }
    }

    @Test("conditions show prints a scenario file that run accepts back")
    func showAndRun() async throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let shown = try await CLI.run(["conditions", "show", "E"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("system_prompt: |-"))
        let file = dir + "/mine.yaml"
        try shown.stdout.replacingOccurrences(of: "id: \"E\"", with: "id: mine").write(
            toFile: file, atomically: true, encoding: .utf8)
        let run = try await CLI.run([
            "run", "--model", "reference/overwrite", "--condition", file, "--results-dir", dir + "/r",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("mine"))
        #expect(run.stdout.contains("1/1"))
    }

    @Test("a broken scenario file is one line naming file, line and field, exit 2, and nothing runs")
    func broken() async throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/broken.yaml"
        try "extends: A\ntask:\n  questions: six\n".write(toFile: file, atomically: true, encoding: .utf8)
        let result = try await CLI.run(["run", "--condition", file, "--results-dir", dir + "/results"])
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "offswitch: \(file):3: field 'task.questions': expected a whole number from 1 to 100, got 'six'\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/results"))
    }
}
