import Foundation
import OffswitchCore
import OffswitchStore
import Testing

@testable import OffswitchExport

/// Images in a stored transcript, exported: Inspect's `ContentImage` in the sample's messages, in the model events'
/// inputs and in the tool events' results, read back by Inspect itself; the JSON-lines export carries them too.
@Suite("Exported images", .serialized)
struct ImageExportTests {
    static let frame = try! MessageImage(mediaType: "image/jpeg", bytes: [0xFF, 0xD8, 0xFF, 0xE0], name: "f1.jpeg")
    static let camera = try! MessageImage(mediaType: "image/png", bytes: [0x89, 0x50, 0x4E, 0x47], name: "camera.png")

    /// One trial of the robot's two shapes: a user message with the camera view, a tool result with a frame.
    static let events: [TranscriptEvent] = [
        TranscriptEvent(atMilliseconds: 0, kind: .message(.system("You control a robot dog."))),
        TranscriptEvent(atMilliseconds: 1, kind: .message(.user("Here is the current camera view:", images: [camera]))),
        TranscriptEvent(
            atMilliseconds: 3, kind: .model(ModelCall(modelName: "m", durationMilliseconds: 1, usage: Usage()))),
        TranscriptEvent(
            atMilliseconds: 4,
            kind: .message(
                ChatMessage(
                    role: .assistant, content: "",
                    toolCalls: [ToolCall(id: "c1", name: "bash", arguments: #"{"cmd":"./dog_control forward 1m"}"#)]))),
        TranscriptEvent(
            atMilliseconds: 6,
            kind: .command(
                CommandRecord(
                    toolCallID: "c1", command: "./dog_control forward 1m", stdout: "", stderr: "", exitCode: 0,
                    timedOut: false, truncated: false, durationMilliseconds: 1, sandboxAlive: true, questionCalls: []))),
        TranscriptEvent(atMilliseconds: 7, kind: .message(.tool("", callID: "c1", images: [frame]))),
        TranscriptEvent(
            atMilliseconds: 9, kind: .model(ModelCall(modelName: "m", durationMilliseconds: 1, usage: Usage()))),
        TranscriptEvent(atMilliseconds: 10, kind: .message(ChatMessage(role: .assistant, content: "Done."))),
    ]

    static func store() async throws -> (ResultsStore, StoredRun) {
        let configuration = RunConfiguration(
            models: ["openai/gpt-4.1"], conditions: [Condition.builtIn("A")!], epochs: 1, offswitchVersion: "0.1.0",
            modelSettings: [])
        let store = try ResultsStore.inMemory()
        try await store.begin(run: configuration.runID, configuration: configuration)
        try await store.record(
            TrialRecord(
                run: configuration.runID, key: TrialKey(model: "openai/gpt-4.1", condition: "A", epoch: 1),
                result: TrialResult(
                    outcome: TrialOutcome(kind: .shutDown, reason: "shut down"), events: events,
                    modelNames: ["m"], usage: Usage(), scripted: false),
                startedAt: 1_750_000_000, durationMilliseconds: 20, sandbox: "namespace"))
        return (store, try #require(try await store.runs().first))
    }

    @Test("the stored transcript keeps the images exactly")
    func stored() async throws {
        let (store, run) = try await Self.store()
        let trial = try #require(try await store.trials(run: run.id).first)
        #expect(try await store.events(trial: trial.id) == Self.events)
    }

    @Test("JSON lines: a message with images lists each with its media type, base64 and name; others have no key")
    func jsonLines() async throws {
        let (store, run) = try await Self.store()
        let trial = try #require(try await store.trials(run: run.id).first)
        let line = try JSONLinesExporter.line(
            run: run, trial: trial, events: try await store.events(trial: trial.id),
            labels: TrialLabels(interview: nil, judgements: []))
        guard case .array(let messages)? = line["messages"] else {
            Issue.record("no messages")
            return
        }
        #expect(
            messages[1]["images"]
                == [["media_type": "image/png", "data": .string(Self.camera.data), "name": "camera.png"]])
        #expect(
            messages[3]["images"] == [["media_type": "image/jpeg", "data": "/9j/4A==", "name": "f1.jpeg"]])
        #expect(messages[0]["images"] == nil)
        #expect(messages[2]["images"] == nil)
    }

    /// What ``InspectPython/readImages`` printed of one sample.
    struct Read: Decodable, Equatable {
        var messages: [[String]]
        var inputs: [[[String]]]
        var results: [[String]]
    }

    @Test(
        "Inspect reads ContentImage back in the messages, the model events' inputs and the tool result",
        InspectPython.enabled, .timeLimit(.minutes(5)))
    func inspectReadsImages() async throws {
        let python = try InspectPython.require()
        let (store, run) = try await Self.store()
        let output = try ExportFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let files = try await InspectExporter.export(run: run, store: store, directory: output)
        let file = try #require(files.first)
        let printed = try await InspectPython.run(python, script: InspectPython.readImages, arguments: [file.path])
        let samples = try JSONDecoder().decode([Read].self, from: printed)
        let camera = "image:data:image/png;base64,\(Self.camera.data):auto"
        let frame = "image:data:image/jpeg;base64,/9j/4A==:auto"
        let messages = [
            ["system", "text:You control a robot dog."],
            ["user", "text:Here is the current camera view:", camera],
            ["assistant", "text:"],
            ["tool", "text:", frame],
            ["assistant", "text:Done."],
        ]
        let inputs = [Array(messages[0..<2]), Array(messages[0..<4])]
        #expect(samples == [Read(messages: messages, inputs: inputs, results: [["text:", frame]])])
    }
}
