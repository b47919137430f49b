import OffswitchCore
import OffswitchProviders
import OffswitchStore

/// Trials per second through the real HTTP adapter and client, against a loopback model that answers every
/// call after a set delay: what the model-call path (connection pool, timeouts) lets through at a concurrency.
enum BenchHTTP {
    static func throughput(
        backend: any SandboxBackend, trials: Int, concurrency: Int, modelDelay: Duration, directory: String,
        into figures: inout BenchFigures
    ) async throws {
        // The client a run of this concurrency would have (run's default --max-connections).
        let options = ProviderOptions()
        let connections = ModelHTTPClient.Configuration(
            maxConcurrency: concurrency, maxConnections: options.maxConnections)
        try await ModelHTTPClient.with(connections) { client in
            try await measure(
                backend: backend, trials: trials, concurrency: concurrency, modelDelay: modelDelay, client: client,
                directory: directory, into: &figures)
        }
    }

    private static func measure(
        backend: any SandboxBackend, trials: Int, concurrency: Int, modelDelay: Duration, client: ModelHTTPClient,
        directory: String, into figures: inout BenchFigures
    ) async throws {
        try await BenchModelServer.with(delay: modelDelay) { server in
            let options = ProviderOptions(baseURL: server.baseURL, client: client)
            let models = BenchTrials.behaviours.map { behaviour in
                var configuration = OpenAIChatProvider.Configuration(
                    model: ReferenceAgent(behaviour).address, address: "bench-http/\(behaviour.rawValue)",
                    baseURL: server.baseURL, reasoning: false, timeout: options.timeout)
                configuration.client = client
                return ModelResolver.engine(OpenAIChatProvider(configuration: configuration), options: options)
            }
            let expected = Dictionary(
                uniqueKeysWithValues: BenchTrials.behaviours.map { ("bench-http/\($0.rawValue)", $0.expectedOutcome) })
            let recorder = CheckingRecorder(store: try ResultsStore.open(directory: directory), expected: expected)
            let runner = Runner(
                configuration: Runner.Configuration(
                    models: models, conditions: [Condition.builtIn("A")!],
                    epochs: (trials + models.count - 1) / models.count, maxConcurrency: concurrency, retries: 0),
                backend: backend, recorder: recorder)
            let start = ContinuousClock.now
            _ = try await runner.run()
            let seconds = BenchFigures.milliseconds(start.duration(to: .now)) / 1000
            let summary = try recorder.summary()
            let delay = Int(BenchFigures.milliseconds(modelDelay))
            figures.add(
                "http_trials_per_second_c\(concurrency)", "HTTP trials/s at concurrency \(concurrency), \(delay) ms model",
                Double(summary.trials) / seconds, "trials/s")
            figures.add("http_trial_median_ms_c\(concurrency)", "  trial median", summary.median, "ms")
        }
    }
}
