/// A counting semaphore for tasks: at most `limit` holders at once, the rest wait in order.
public actor ConcurrencyLimit {
    public let limit: Int
    private var inUse = 0
    private var waiters: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID = 0

    /// Creates a limit of `limit` concurrent holders (at least 1).
    public init(_ limit: Int) {
        precondition(limit >= 1, "a concurrency limit admits at least one holder")
        self.limit = limit
    }

    /// Runs `body` holding one slot, waiting for one first when all are taken.
    /// - Throws: `CancellationError` when cancelled while waiting; whatever `body` throws.
    public func withSlot<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        do {
            let value = try await body()
            release()
            return value
        } catch {
            release()
            throw error
        }
    }

    private func acquire() async throws {
        try Task.checkCancellation()
        if inUse < limit {
            inUse += 1
            return
        }
        let id = nextID
        nextID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append((id, continuation))
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    /// Hands the slot to the first waiter, or frees it.
    private func release() {
        if waiters.isEmpty {
            inUse -= 1
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    private func cancel(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}

/// The engine's per-account limits, wrapped around any provider: at most `limit.limit` calls to `base` at once,
/// however many trials run, each sent when the account's `pacer` (when there is one) lets it.
///
/// The CLI gives every model on one provider account (one API root and key) the same limit and pacer, so three
/// models on one key share one key's allowance.
public struct LimitedProvider: ModelProvider {
    public let base: any ModelProvider
    public let limit: ConcurrencyLimit
    public let pacer: RatePacer?

    /// Wraps `base`; providers that share `limit` (and `pacer`) share its slots (and the account's pace).
    public init(_ base: any ModelProvider, limit: ConcurrencyLimit, pacer: RatePacer? = nil) {
        self.base = base
        self.limit = limit
        self.pacer = pacer
    }

    public var address: String { base.address }

    /// Calls the base provider once the pacer lets it and a slot is free.
    /// - Throws: What the base provider throws; `CancellationError` when cancelled while waiting.
    public func generate(_ request: ModelRequest) async throws -> ModelOutput {
        // Held before a slot is taken: a held call keeps no connection.
        try await pacer?.admit()
        let output: ModelOutput
        do {
            output = try await limit.withSlot { try await base.generate(request) }
        } catch let error as ProviderError where error.code == .rateLimited {
            // The account is out for now: hold every model on it, not only the retrying call.
            await pacer?.throttled(for: error.retryAfter)
            throw error
        }
        await pacer?.observe(output.rateLimit, tokens: output.usage.inputTokens + output.usage.outputTokens)
        return output
    }
}
