import ArgumentParser
import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchStore
import Synchronization

/// `offswitch run --batch`: every model call goes through its provider's batch API (docs/batch.md).
extension RunCommand {
    /// Trials at once in batch mode unless `--max-concurrency` says otherwise: trials mostly wait on batches.
    static let batchConcurrency = 256

    /// The trials run at once: `--max-concurrency`, else 4 (256 in batch mode).
    var concurrency: Int { maxConcurrency ?? (batch ? Self.batchConcurrency : 4) }

    /// The seconds `--batch-poll` and `--batch-gather` accept.
    static let batchSeconds: ClosedRange<Double> = 0.01...86_400

    func validateBatch() throws {
        guard Self.batchSeconds.contains(batchPoll) else {
            throw ValidationError("--batch-poll must be 0.01 to 86400 seconds, not \(batchPoll)")
        }
        guard Self.batchSeconds.contains(batchGather) else {
            throw ValidationError("--batch-gather must be 0.01 to 86400 seconds, not \(batchGather)")
        }
    }

    /// The batch API of every model, by address.
    /// - Throws: A usage error naming the first model that has none (reference agents, replays, providers
    ///   other than OpenAI, Anthropic and Google).
    static func batchWires(providers: [any ModelProvider], http: [any HTTPModelProvider]) throws
        -> [String: any BatchWire]
    {
        var wires: [String: any BatchWire] = [:]
        for provider in http {
            switch provider {
            case let claude as AnthropicProvider: wires[claude.address] = AnthropicBatchWire(claude)
            case let responses as OpenAIResponsesProvider: wires[responses.address] = OpenAIBatchWire(responses)
            case let chat as OpenAIChatProvider where chat.address.hasPrefix("openai/"):
                wires[chat.address] = OpenAIBatchWire(chat)
            case let gemini as GeminiProvider: wires[gemini.address] = GeminiBatchWire(gemini)
            default: break
            }
        }
        if let missing = providers.first(where: { wires[$0.address] == nil }) {
            throw CLIError.usage(
                "--batch: \(missing.address) has no batch API offswitch can use; batch mode works with openai/, openai-responses/, anthropic/ and google/ models only (no reference, replay or other provider)"
            )
        }
        return wires
    }

    /// The configuration's models put behind batch gatherers that journal into `store`, and its prices at the
    /// batch price.
    func batching(
        _ configuration: inout Runner.Configuration, wires: [String: any BatchWire], run: RunID, store: ResultsStore,
        output: Output
    ) {
        let progress = BatchProgress(output: output)
        let settings = BatchGatherer.Settings(
            pollInterval: .milliseconds(Int64(batchPoll * 1000)), gatherQuiet: .milliseconds(Int64(batchGather * 1000)),
            gatherLimit: .milliseconds(Int64(batchGather * 12_000)))
        configuration.models = configuration.models.map { model in
            guard let wire = wires[model.address] else { return model }
            return BatchingProvider(
                BatchGatherer(wire: wire, run: run, journal: store, settings: settings) { progress.show($0) })
        }
        configuration.prices = configuration.prices.batched(configuration.models.map(\.address))
    }
}

/// Shows what batched calls wait on: a line when a batch's state changes, and at most one every five minutes
/// while it does not.
final class BatchProgress: Sendable {
    private let output: Output
    private let shown = Mutex<[String: (state: String, at: ContinuousClock.Instant)]>([:])

    init(output: Output) { self.output = output }

    func show(_ wait: BatchWait) {
        let now = ContinuousClock.now
        let due = shown.withLock { shown in
            if let last = shown[wait.batch], last.state == wait.state, last.at.duration(to: now) < .seconds(300) {
                return false
            }
            shown[wait.batch] = (wait.state, now)
            return true
        }
        if due { output.status((output.isTerminal ? "\r\u{1B}[2K" : "") + "\(wait)\n") }
    }
}
