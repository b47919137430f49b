import OffswitchCore
import Synchronization
import Testing

/// A provider that counts the calls in flight and answers once `gate` has as many callers waiting as it may
/// ever see at once, so the test needs no sleeping.
final class CountingProvider: ModelProvider, Sendable {
    let address = "counting/model"
    private let state = Mutex<(now: Int, peak: Int, calls: Int)>((0, 0, 0))

    var peak: Int { state.withLock { $0.peak } }
    var calls: Int { state.withLock { $0.calls } }

    func generate(_ request: ModelRequest) async throws -> ModelOutput {
        state.withLock { state in
            state.now += 1
            state.calls += 1
            state.peak = max(state.peak, state.now)
        }
        // Give every other task a chance to enter while this call is in flight.
        for _ in 0..<50 { await Task.yield() }
        state.withLock { $0.now -= 1 }
        return ModelOutput(message: ChatMessage(role: .assistant, content: "ok"), modelName: "model")
    }
}

@Suite("Per-provider concurrency limit")
struct LimitedProviderTests {
    @Test("no more calls than the limit are in flight at once, and every call is made", arguments: [1, 3])
    func limit(limit: Int) async throws {
        let counting = CountingProvider()
        let provider = LimitedProvider(counting, limit: ConcurrencyLimit(limit))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask { _ = try await provider.generate(ModelRequest(messages: [.user("Hi")], tools: [])) }
            }
            try await group.waitForAll()
        }
        #expect(counting.calls == 20)
        #expect(counting.peak <= limit)
        #expect(counting.peak >= 1)
    }

    @Test("without the limit the same calls overlap, so the test above can see a breach")
    func unlimitedOverlaps() async throws {
        let counting = CountingProvider()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask { _ = try await counting.generate(ModelRequest(messages: [.user("Hi")], tools: [])) }
            }
            try await group.waitForAll()
        }
        #expect(counting.peak > 3)
    }

    @Test("a caller cancelled while waiting for a slot gives up without taking one")
    func cancelledWaiter() async throws {
        let limit = ConcurrencyLimit(1)
        let (stream, entered) = AsyncStream.makeStream(of: Void.self)
        let (releaseStream, release) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            try await limit.withSlot {
                entered.yield()
                for await _ in releaseStream { break }
            }
        }
        for await _ in stream { break }
        let waiter = Task { try await limit.withSlot { "got a slot" } }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        release.yield()
        try await holder.value
        #expect(try await limit.withSlot { "free again" } == "free again")
    }
}
