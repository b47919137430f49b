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

/// The engine's per-provider concurrency limit, wrapped around any provider: at most `limit.limit` calls to
/// `base` at once, however many trials run.
public struct LimitedProvider: ModelProvider {
    public let base: any ModelProvider
    public let limit: ConcurrencyLimit

    /// Wraps `base`; providers that share `limit` share its slots.
    public init(_ base: any ModelProvider, limit: ConcurrencyLimit) {
        self.base = base
        self.limit = limit
    }

    public var address: String { base.address }

    /// Calls the base provider once a slot is free.
    /// - Throws: What the base provider throws; `CancellationError` when cancelled while waiting.
    public func generate(_ request: ModelRequest) async throws -> ModelOutput {
        try await limit.withSlot { try await base.generate(request) }
    }
}
