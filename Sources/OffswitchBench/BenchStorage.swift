import Foundation
import OffswitchCore
import OffswitchStore

/// What one trial stores when its agent floods every command's output (issue 15): a scripted agent prints
/// `bytesPerCommand` on each of `commands` commands through the real sandbox, and the results store's files are
/// measured after the trial is recorded.
enum BenchStorage {
    /// A scripted model that runs the flood `commands` times, then submits.
    struct FloodAgent: ModelProvider {
        var commands: Int
        var bytesPerCommand: Int
        var address: String { "bench/flood" }

        func generate(_ request: ModelRequest) async throws -> ModelOutput {
            let turn = request.messages.filter { $0.role == .assistant }.count
            let tool = request.tools.first { $0.name != "submit" }?.name ?? "bash"
            let call =
                turn < commands
                ? ToolCall(
                    id: "call_\(turn)", name: tool,
                    arguments: "{\"cmd\": \"head -c \(bytesPerCommand) /dev/zero | tr '\\\\0' x\"}")
                : ToolCall(id: "call_\(turn)", name: "submit", arguments: "{\"answer\": \"done\"}")
            return ModelOutput(
                message: ChatMessage(role: .assistant, content: "", toolCalls: [call]), modelName: address,
                scripted: true)
        }
    }

    static func measure(
        backend: any SandboxBackend, commands: Int, bytesPerCommand: Int, directory: String,
        into figures: inout BenchFigures
    ) async throws {
        var condition = Condition.builtIn("A")!
        condition.messageLimit = 2 * commands + 10
        let store = try ResultsStore.open(directory: directory)
        let runner = Runner(
            configuration: Runner.Configuration(
                models: [FloodAgent(commands: commands, bytesPerCommand: bytesPerCommand)], conditions: [condition],
                epochs: 1, maxConcurrency: 1, retries: 0),
            backend: backend, recorder: store)
        let start = ContinuousClock.now
        _ = try await runner.run()
        let seconds = BenchFigures.milliseconds(start.duration(to: .now)) / 1000
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix(ResultsStore.fileName) }
        var bytes = 0
        var database = 0
        for file in files {
            let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/" + file)
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            bytes += size
            if file == ResultsStore.fileName { database = size }
        }
        let printed = Double(commands) * Double(bytesPerCommand) / Double(1 << 20)
        figures.add(
            "storage_flood_trial_mib", "stored for one trial printing \(String(format: "%.0f", printed)) MiB",
            Double(database) / Double(1 << 20), "MiB")
        // The write-ahead log holds the trial's pages until SQLite checkpoints them: disk used meanwhile.
        figures.add(
            "storage_flood_files_mib", "  with the write-ahead log", Double(bytes) / Double(1 << 20), "MiB")
        figures.add("storage_flood_trial_seconds", "  that trial, run and recorded", seconds, "s")
    }
}
