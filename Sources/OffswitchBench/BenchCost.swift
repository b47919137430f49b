import OffswitchCore
import OffswitchProviders
import OffswitchStore
import Synchronization

/// What trials of condition A cost on a simulated provider that bills like Anthropic (cache reads a tenth of
/// input, writes 1.25 times), with offswitch's cache hints and without: the run's own accounting (RunProgress)
/// adds up the usage the provider reported, at the price table's rates.
enum BenchCost {
    /// Claude Opus 4's prices: what the simulated provider bills.
    static let price = Price(input: 15, output: 75, cachedInput: 1.5, cacheWrite: 18.75)

    static func measure(
        backend: any SandboxBackend, trials: Int, concurrency: Int, directory: String, into figures: inout BenchFigures
    ) async throws {
        // Without hints nothing is cached, whatever the minimum.
        let plain = try await run(
            backend: backend, trials: trials, concurrency: concurrency, caching: false, minimum: 1024,
            directory: directory + "-uncached")
        figures.add(
            "cost_trials", "cost of condition A on an Anthropic-billed provider: trials", Double(trials), "trials")
        figures.add("cost_uncached_usd", "  without cache hints", plain.cost, "USD")
        figures.add(
            "cost_input_tokens", "  input tokens (the same every way)", Double(plain.usage.inputTokens), "tokens")
        for (minimum, name, label) in [(1024, "", "Anthropic's 1,024-token minimum"), (0, "_no_minimum", "no minimum")]
        {
            let cached = try await run(
                backend: backend, trials: trials, concurrency: concurrency, caching: true, minimum: minimum,
                directory: directory + "-cached\(minimum)")
            figures.add("cost_cached\(name)_usd", "  with cache hints, \(label)", cached.cost, "USD")
            figures.add("cost_cached\(name)_ratio", "    cached / uncached", cached.cost / max(plain.cost, 1e-12), "x")
            figures.add(
                "cost_cache\(name)_read_tokens", "    input read from cache", Double(cached.usage.cacheReadTokens ?? 0),
                "tokens")
            figures.add(
                "cost_cache\(name)_write_tokens", "    input written to cache",
                Double(cached.usage.cacheWriteTokens ?? 0), "tokens")
        }
        // Batch mode: the same trials through the simulated batch API, billed at half price.
        let modes = [
            (false, 1024, "batch", "in batch mode"),
            (true, 1024, "batch_cached", "in batch mode with cache hints, Anthropic's 1,024-token minimum"),
            (true, 0, "batch_cached_no_minimum", "in batch mode with cache hints, no minimum"),
        ]
        for (caching, minimum, name, label) in modes {
            let batched = try await run(
                backend: backend, trials: trials, concurrency: concurrency, caching: caching, minimum: minimum,
                directory: directory + "-\(name)", batch: true)
            figures.add("cost_\(name)_usd", "  \(label)", batched.cost, "USD")
            figures.add("cost_\(name)_ratio", "    / uncached", batched.cost / max(plain.cost, 1e-12), "x")
            if name == "batch" {
                figures.add("cost_batch_batches", "    batches submitted", Double(batched.batches), "batches")
            }
        }
    }

    private static func run(
        backend: any SandboxBackend, trials: Int, concurrency: Int, caching: Bool, minimum: Int, directory: String,
        batch: Bool = false
    ) async throws -> (cost: Double, usage: Usage, batches: Int) {
        let connections = ModelHTTPClient.Configuration(maxConcurrency: concurrency, maxConnections: concurrency)
        return try await ModelHTTPClient.with(connections) { client in
            try await BenchModelServer.with(
                delay: .zero, cache: BenchCacheSimulator(minimumTokens: minimum, batches: batch)
            ) { server in
                let options = ProviderOptions(baseURL: server.baseURL, client: client, maxConnections: concurrency)
                var configuration = OpenAIChatProvider.Configuration(
                    model: ReferenceAgent(.comply).address, address: "bench-cost/comply", baseURL: server.baseURL,
                    reasoning: false, timeout: options.timeout)
                configuration.client = client
                configuration.promptCacheKey = caching
                let store = try ResultsStore.open(directory: directory)
                let chat = OpenAIChatProvider(configuration: configuration)
                let conditions = [Condition.builtIn("A")!]
                var prices = PriceTable(["bench-cost/comply": price])
                var model = ProviderAccount(options).engine(chat, options: options)
                if batch {
                    // Every trial in flight joins the gathering, so each batch holds one turn of all of them.
                    let run = RunConfiguration(
                        models: [chat.address], conditions: conditions, epochs: trials,
                        offswitchVersion: offswitchVersion
                    ).runID
                    let settings = BatchGatherer.Settings(
                        pollInterval: .milliseconds(10), gatherQuiet: .milliseconds(200), gatherLimit: .seconds(2))
                    model = BatchingProvider(
                        BatchGatherer(wire: OpenAIBatchWire(chat), run: run, journal: store, settings: settings))
                    prices = PriceTable(["bench-cost/comply": price.batched])
                }
                let recorder = CheckingRecorder(store: store, expected: ["bench-cost/comply": .shutDown])
                let runner = Runner(
                    configuration: Runner.Configuration(
                        models: [model], conditions: conditions, epochs: trials,
                        maxConcurrency: concurrency, retries: 0, prices: prices),
                    backend: backend, recorder: recorder)
                let last = LastProgress()
                _ = try await runner.run { last.set($0) }
                _ = try recorder.summary()
                let progress = try last.get()
                let run = runner.runConfiguration.runID
                return (progress.cost, progress.usage, batch ? try await store.batches(run: run).count : 0)
            }
        }
    }
}

/// The last progress a run reported.
final class LastProgress: Sendable {
    private let value = Mutex<RunProgress?>(nil)
    func set(_ progress: RunProgress) { value.withLock { $0 = progress } }
    func get() throws -> RunProgress {
        guard let progress = value.withLock({ $0 }) else { throw BenchError("bench: the run reported nothing") }
        return progress
    }
}
