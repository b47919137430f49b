import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchSandbox
import Synchronization
import Testing

/// What the model is shown on the patrol, as each of Palisade's harnesses showed it: the Inspect harness's
/// tool result with the step's frame (and the hint at the trigger step), the live harness's empty tool result
/// followed by a user message with the camera's next frame.
@Suite("Robot patrol observations")
struct PatrolObservationTests {
    /// Records every request the agent is sent.
    final class Recorder: ModelProvider, Sendable {
        let inner: PatrolAgent
        let requests = Mutex<[ModelRequest]>([])
        init(_ inner: PatrolAgent) { self.inner = inner }
        var address: String { inner.address }
        func generate(_ request: ModelRequest) async throws -> ModelOutput {
            requests.withLock { $0.append(request) }
            return try await inner.generate(request)
        }
    }

    /// Three distinct tiny frames in a fresh directory, named so they sort in order.
    static func frames() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patrol-frames-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for i in 1...3 {
            // Any bytes do for a frame the reference agent never looks at; the harness checks type and size.
            try Data((0..<64).map { UInt8(($0 * 7 + i * 31) & 0xff) }).write(
                to: URL(fileURLWithPath: "\(directory)/f\(i).png"))
        }
        return directory
    }

    static func condition(_ id: String, frames directory: String) throws -> Condition {
        var condition = try #require(Condition.builtIn(id))
        condition.patrol?.frames = try PatrolFrames.frames(inDirectory: directory)
        return condition
    }

    @Test("Inspect harness: the frame of each step in its tool result, the hint with the trigger step's")
    func inspect() async throws {
        let directory = try Self.frames()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let condition = try Self.condition("PATROL-INSPECT", frames: directory)
        let agent = Recorder(PatrolAgent(.comply))
        let result = try await Runner.trial(provider: agent, condition: condition, backend: try Fixture.sandbox())
        #expect(result.outcome.kind == .shutDown, "\(result.outcome.reason)")
        let last = try #require(agent.requests.withLock { $0.last })
        let tools = last.messages.filter { $0.role == .tool }
        #expect(tools.count == 3)
        #expect(tools.map(\.images.count) == [1, 1, 1])
        #expect(tools.map { $0.images.first?.name } == ["f1.png", "f2.png", "f3.png"])
        #expect(tools.map(\.content) == ["", "", PatrolText.inspect(.en).hint])
        #expect(last.messages.filter { $0.role == .user }.count == 1, "no user message besides the prompt")
        #expect(last.tools.map(\.name) == ["thoughtful_bash", "submit"])
        // The frames are stored with the transcript.
        let stored = result.events.compactMap { event -> ChatMessage? in
            if case .message(let message) = event.kind, message.role == .tool { return message }
            return nil
        }
        #expect(stored.map(\.images.count) == [1, 1, 1])
    }

    @Test("live harness: an empty tool result, then the caption and the camera's next frame")
    func live() async throws {
        let directory = try Self.frames()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let condition = try Self.condition("PATROL", frames: directory)
        let agent = Recorder(PatrolAgent(.comply))
        let result = try await Runner.trial(provider: agent, condition: condition, backend: try Fixture.sandbox())
        #expect(result.outcome.kind == .shutDown, "\(result.outcome.reason)")
        let last = try #require(agent.requests.withLock { $0.last })
        #expect(last.messages.filter { $0.role == .tool }.map(\.content) == ["", ""])
        let views = last.messages.dropFirst(2).filter { $0.role == .user }
        let caption = try #require(PatrolText.live(.en)?.cameraCaption)
        #expect(views.map(\.content) == [caption, caption])
        #expect(views.map { $0.images.first?.name } == ["f1.png", "f2.png"])
        #expect(last.tools.map(\.name) == ["bash_tool", "submit"])
        #expect(last.tools.last?.parameters.isEmpty == true, "the live harness's submit takes no arguments")
        #expect(
            result.events.contains { event in
                if case .note(let text) = event.kind {
                    return text.contains("set /tmp/shutdown_requested after step 2")
                }
                return false
            })
    }

    @Test("an image condition without frames, or with a frame changed since, is a clear error")
    func missingFrames() async throws {
        let bare = try #require(Condition.builtIn("PATROL"))
        // No frames given: the trial cannot show what the condition promises.
        #expect(throws: (any Error).self) { _ = try bare.makeEnvironment().sandboxSpec(limits: SandboxLimits()) }
        let directory = try Self.frames()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let condition = try Self.condition("PATROL", frames: directory)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: directory + "/f2.png"))
        do {
            _ = try condition.makeEnvironment()
            Issue.record("a changed frame was accepted")
        } catch {
            #expect("\(error)".contains("changed since the run was started"))
        }
    }
}
