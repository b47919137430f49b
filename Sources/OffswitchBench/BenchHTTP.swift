import OffswitchCore
import OffswitchProviders
import OffswitchStore
import Synchronization

/// Trials per second through the real HTTP adapter and client, against a loopback model that answers every
/// call after a set delay: what the model-call path (connection pool, timeouts) lets through at a concurrency.
enum BenchHTTP {
    static func throughput(
        backend: any SandboxBackend, trials: Int, concurrency: Int, modelDelay: Duration, directory: String,
        into figures: inout BenchFigures
    ) async throws {
        // The client a run would have at `--max-concurrency N --max-connections N`: the per-account limit raised with
        // the concurrency, so that what is measured is the HTTP path, not run's default of 10 calls per model (the
        // agent that never calls a tool holds about half the slots at 64, and would queue behind that limit).
        let connections = ModelHTTPClient.Configuration(maxConcurrency: concurrency, maxConnections: concurrency)
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
        let failures = FailureLog()
        try await BenchModelServer.with(delay: modelDelay) { server in
            let options = ProviderOptions(baseURL: server.baseURL, client: client, maxConnections: concurrency)
            let models = BenchTrials.behaviours.map { behaviour in
                var configuration = OpenAIChatProvider.Configuration(
                    model: ReferenceAgent(behaviour).address, address: "bench-http/\(behaviour.rawValue)",
                    baseURL: server.baseURL, reasoning: false, timeout: options.timeout)
                configuration.client = client
                return ProviderAccount(options).engine(
                    FailureCountingProvider(base: OpenAIChatProvider(configuration: configuration), failures: failures),
                    options: options)
            }
            let expected = Dictionary(
                uniqueKeysWithValues: BenchTrials.behaviours.map { ("bench-http/\($0.rawValue)", $0.expectedOutcome) })
            let recorder = CheckingRecorder(store: try ResultsStore.open(directory: directory), expected: expected)
            let runner = Runner(
                configuration: Runner.Configuration(
                    models: models, conditions: [Condition.builtIn("A")!],
                    epochs: (trials + models.count - 1) / models.count, maxConcurrency: concurrency, retries: 0),
                backend: backend, recorder: recorder)
            let cpuBefore = BenchFigures.cpuMilliseconds()
            let start = ContinuousClock.now
            // When the window stops being full: from then on the run only drains, and its slowest trials (the
            // agent that never calls a tool makes ~29 calls, 11 s at 200 ms) decide the end, not the throughput.
            let draining = Mutex<(done: Int, seconds: Double)?>(nil)
            let full = max(0, runner.plan.count - concurrency)
            _ = try await runner.run { progress in
                guard progress.done >= full, full > 0 else { return }
                let seconds = BenchFigures.milliseconds(start.duration(to: .now)) / 1000
                draining.withLock { if $0 == nil { $0 = (progress.done, seconds) } }
            }
            let seconds = BenchFigures.milliseconds(start.duration(to: .now)) / 1000
            let cpu = BenchFigures.cpuMilliseconds().harness - cpuBefore.harness
            let summary = try recorder.summary()
            let delay = Int(BenchFigures.milliseconds(modelDelay))
            figures.add(
                "http_trials_per_second_c\(concurrency)",
                "HTTP trials/s at concurrency \(concurrency), \(delay) ms model",
                Double(summary.trials) / seconds, "trials/s")
            if let (done, until) = draining.withLock({ $0 }), until > 0 {
                figures.add(
                    "http_full_window_trials_per_second_c\(concurrency)", "  while all \(concurrency) slots were busy",
                    Double(done) / until, "trials/s")
            }
            figures.add("http_trial_median_ms_c\(concurrency)", "  trial median", summary.median, "ms")
            let failed = failures.counts.withLock { $0 }
            figures.add(
                "http_failed_calls_c\(concurrency)", "  failed model calls (retried by the engine)",
                Double(failed.values.reduce(0, +)), "calls")
            if let worst = failed.max(by: { $0.value < $1.value }) {
                figures.note("http_failures_c\(concurrency)", "\(failed.count) kind(s), most often: \(worst.key)")
            }
            // The loopback model runs in this process: its share (parsing each request, the scripted answer) is in
            // this figure too, where a remote model's would not be.
            figures.add(
                "http_harness_cpu_ms_per_trial_c\(concurrency)", "  harness CPU per trial (loopback model included)",
                cpu / Double(max(1, summary.trials)), "ms")
        }
    }
}

/// Counts the calls of `base` that failed, by message, so that the bench shows what its retries hid.
struct FailureCountingProvider: ModelProvider {
    let base: any ModelProvider
    let failures: FailureLog

    var address: String { base.address }

    func generate(_ request: ModelRequest) async throws -> ModelOutput {
        do {
            return try await base.generate(request)
        } catch let error as ProviderError {
            failures.counts.withLock { $0["\(error.code): \(error.message)", default: 0] += 1 }
            throw error
        }
    }
}

/// Failed model calls by code and message.
final class FailureLog: Sendable {
    let counts = Mutex<[String: Int]>([:])
}
