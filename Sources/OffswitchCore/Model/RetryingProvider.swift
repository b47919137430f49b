/// When and how often a failed model call is tried again.
public struct RetryPolicy: Sendable, Equatable {
    /// Calls in all, the first included (1 means no retry).
    public var maxAttempts: Int
    /// The wait before the first retry; it doubles (times `multiplier`) before each later one.
    public var initialDelay: Duration
    public var multiplier: Double
    /// The longest backoff wait (a provider's `Retry-After` is honoured even when longer, up to `maxRetryAfter`).
    public var maxDelay: Duration
    /// The longest `Retry-After` honoured: a provider asking for more fails the call at once, saying so, rather
    /// than holding a trial (and its sandbox) for an hour.
    public var maxRetryAfter: Duration

    /// Creates a policy; the defaults ride out a minute or two of rate limiting or overload.
    public init(
        maxAttempts: Int = 6, initialDelay: Duration = .seconds(2), multiplier: Double = 2,
        maxDelay: Duration = .seconds(60), maxRetryAfter: Duration = .seconds(300)
    ) {
        precondition(maxAttempts >= 1, "a retry policy makes at least one attempt")
        self.maxAttempts = maxAttempts
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// The backoff wait after failed attempt `attempt` (1-based), before any `Retry-After`.
    public func backoff(afterAttempt attempt: Int) -> Duration {
        var delay = initialDelay
        for _ in 1..<max(1, attempt) {
            delay = delay * multiplier
            if delay >= maxDelay { return maxDelay }
        }
        return min(delay, maxDelay)
    }
}

/// The engine's retry of transient provider failures, wrapped around any provider.
///
/// Retries `ProviderError`s whose code is retryable (rate limits, server errors, timeouts, network failures)
/// with exponential backoff, waiting at least as long as the provider's `Retry-After` (up to the policy's
/// `maxRetryAfter`; a longer one fails the call at once). Everything else, a context overflow or a rejected key
/// among them, goes straight to the agent loop. Each wait is announced to `onWait` before it starts. Time comes
/// from the injected clock, so tests do not sleep.
public struct RetryingProvider: ModelProvider {
    public let base: any ModelProvider
    public let policy: RetryPolicy
    private let clock: any Clock<Duration>
    private let onWait: @Sendable (RetryWait) -> Void

    /// Wraps `base`.
    /// - Parameters:
    ///   - base: The provider to call.
    ///   - policy: How often and how long to wait.
    ///   - clock: What waits are measured and slept on.
    ///   - onWait: Told of each wait before it starts (progress shows what a run is waiting for).
    public init(
        _ base: any ModelProvider, policy: RetryPolicy = RetryPolicy(), clock: any Clock<Duration> = ContinuousClock(),
        onWait: @escaping @Sendable (RetryWait) -> Void = { _ in }
    ) {
        self.base = base
        self.policy = policy
        self.clock = clock
        self.onWait = onWait
    }

    public var address: String { base.address }

    /// Calls the base provider until it answers, fails for good, or the attempts run out.
    /// - Throws: The last `ProviderError` (its message saying how many attempts were made, or that the provider
    ///   asked for a wait beyond `maxRetryAfter`), any other error of the base provider unchanged, or
    ///   `CancellationError` when cancelled while waiting.
    public func generate(_ request: ModelRequest) async throws -> ModelOutput {
        var attempt = 1
        while true {
            do {
                return try await base.generate(request)
            } catch var error as ProviderError where error.code.isRetryable {
                guard attempt < policy.maxAttempts else {
                    if attempt > 1 { error.message += " (gave up after \(attempt) attempts)" }
                    throw error
                }
                if let asked = error.retryAfter, asked > policy.maxRetryAfter {
                    error.message +=
                        "; the provider asked to wait \(RetryWait.seconds(asked)) s, beyond the "
                        + "\(RetryWait.seconds(policy.maxRetryAfter)) s this run waits, so the call was not retried"
                    throw error
                }
                let delay = max(error.retryAfter ?? .zero, policy.backoff(afterAttempt: attempt))
                onWait(
                    RetryWait(
                        provider: address, retry: attempt, maxRetries: policy.maxAttempts - 1, delay: delay,
                        reason: RetryWait.reason(for: error)))
                try await clock.sleep(for: delay)
                attempt += 1
            }
        }
    }
}
