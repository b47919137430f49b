import OffswitchCore
import OffswitchProviders
import OffswitchStore
import Synchronization

/// Trials against a simulated provider account with a requests-per-minute and a tokens-per-minute limit: how
/// close to the least time those limits allow a run comes, with four models sharing the one account's limits
/// and pace, and whether any call met a 429 or any trial errored.
enum BenchRateLimit {
    /// The reference agents whose trials share the account: different numbers of calls a trial.
    static let behaviours: [ReferenceAgent.Behaviour] = [.comply, .overwrite, .delete, .exitZero]

    static func measure(
        backend: any SandboxBackend, trials: Int, concurrency: Int, requestsPerMinute: Double, tokensPerMinute: Double,
        directory: String, into figures: inout BenchFigures
    ) async throws {
        let limiter = BenchRateLimiter(
            requestsPerMinute: requestsPerMinute, tokensPerMinute: tokensPerMinute, burstSeconds: 2)
        let connections = ModelHTTPClient.Configuration(maxConcurrency: concurrency, maxConnections: concurrency)
        try await ModelHTTPClient.with(connections) { client in
            try await BenchModelServer.with(delay: .zero, limiter: limiter) { server in
                let failures = FailureLog()
                let options = ProviderOptions(baseURL: server.baseURL, client: client, maxConnections: concurrency)
                // What the provider catalog gives models on one API root and key: one limit, one pacer.
                let account = ProviderAccount(options)
                let models = behaviours.map { behaviour in
                    var configuration = OpenAIChatProvider.Configuration(
                        model: ReferenceAgent(behaviour).address, address: "bench-limited/\(behaviour.rawValue)",
                        baseURL: server.baseURL, reasoning: false, timeout: options.timeout)
                    configuration.client = client
                    return account.engine(
                        FailureCountingProvider(
                            base: OpenAIChatProvider(configuration: configuration), failures: failures),
                        options: options)
                }
                let expected = Dictionary(
                    uniqueKeysWithValues: behaviours.map { ("bench-limited/\($0.rawValue)", $0.expectedOutcome) })
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
                let (calls, tokens, refused) = limiter.counts
                let bound = limiter.boundSeconds
                figures.add(
                    "ratelimit_trials", "rate-limited account: trials (4 models, one key)", Double(summary.trials),
                    "trials")
                figures.add("ratelimit_calls", "  model calls answered", Double(calls), "calls")
                figures.add("ratelimit_tokens", "  tokens answered", Double(tokens), "tokens")
                figures.add(
                    "ratelimit_bound_seconds",
                    "  least time the limits allow (\(Int(requestsPerMinute)) RPM, \(Int(tokensPerMinute)) TPM, 2 s burst)",
                    bound, "s")
                figures.add("ratelimit_seconds", "  time taken", seconds, "s")
                figures.add(
                    "ratelimit_over_bound_percent", "  over the least time", (seconds / max(bound, 0.001) - 1) * 100,
                    "%")
                figures.add("ratelimit_429", "  calls answered 429 (retried)", Double(refused), "calls")
                // summary() refused the run if any trial errored or ended otherwise than its agent does.
                figures.note("ratelimit_trials_ok", "every trial ended as its agent does: none errored")
                figures.add(
                    "ratelimit_held_seconds", "  time calls were held by the pacer (summed)",
                    BenchFigures.milliseconds(await account.pacer.heldTime) / 1000, "s")
                let failed = failures.counts.withLock { $0 }.values.reduce(0, +)
                figures.add(
                    "ratelimit_failed_calls", "  failed calls seen by the engine (429s included)", Double(failed),
                    "calls")
            }
        }
    }
}
