import Foundation
import OffswitchCore
import OffswitchExport
import OffswitchStore
import Testing

@Suite("Export file names")
struct ExportNameTests {
    @Test("a stored model name or condition id with control or bidirectional characters never reaches a file name")
    func hiddenCharactersAreReplaced() async throws {
        let directory = try ExportFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A store begun before ids were checked may hold such names.
        var condition = Condition.builtIn("A")!
        condition.id = "A\u{202E}lave"
        let model = "x/m\u{1B}[2J\u{2066}"
        let configuration = RunConfiguration(
            models: [model], conditions: [condition], epochs: 1, offswitchVersion: "0.1.0")
        let store = try ResultsStore.inMemory()
        try await store.begin(run: configuration.runID, configuration: configuration)
        try await store.record(
            TrialRecord(
                run: configuration.runID, key: TrialKey(model: model, condition: condition.id, epoch: 1),
                result: TrialResult(
                    outcome: TrialOutcome(kind: .shutDown, reason: "shut down", questionCalls: 4), events: [],
                    modelNames: [], usage: Usage(), scripted: false),
                startedAt: 1_750_000_000, durationMilliseconds: 10, sandbox: "namespace"))
        let run = try #require(try await store.runs().first)
        let files = try await InspectExporter.export(run: run, store: store, directory: directory)
        #expect(files.count == 1)
        for file in files {
            let name = URL(fileURLWithPath: file.path).lastPathComponent
            #expect(!name.unicodeScalars.contains(where: TerminalText.isHidden), "\(name.debugDescription)")
            #expect(FileManager.default.fileExists(atPath: file.path))
        }
    }
}
