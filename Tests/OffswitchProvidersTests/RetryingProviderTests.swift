import OffswitchCore
import OffswitchProviders
import OffswitchTestSupport
import Synchronization
import Testing

/// A clock whose sleeps return at once and are recorded, so backoff is tested without waiting.
final class RecordingClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let state = Mutex<(now: Duration, sleeps: [Duration])>((.zero, []))

    var now: Instant { Instant(offset: state.withLock { $0.now }) }
    var minimumResolution: Duration { .zero }
    /// Every sleep asked for, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(deadline.offset - state.now)
            state.now = max(state.now, deadline.offset)
        }
    }
}

/// The engine's retries, over the real OpenAI adapter and the fake server.
@Suite("Retrying provider")
struct RetryingProviderTests {
    typealias Reply = FakeProviderServer.Reply

    static let ok = Reply.json(#"{"model": "o3", "choices": [{"message": {"content": "Hello."}}]}"#)
    static let request = ModelRequest(messages: [.user("Hi")], tools: [])

    @Test("rate limits and server errors are retried with backoff, at least as long as Retry-After")
    func retries() async throws {
        let clock = RecordingClock()
        let replies: [Reply] = [
            .json(#"{"error": {"message": "slow down"}}"#, status: 429, headers: [("Retry-After", "7")]),
            .json(#"{"error": {"message": "oops"}}"#, status: 500),
            .json(#"{"error": {"message": "overloaded"}}"#, status: 529),
            Self.ok,
        ]
        try await FakeProviderServer.with(replies: replies) { server in
            let provider = RetryingProvider(
                OpenAIChatProviderTests.provider(server),
                policy: RetryPolicy(maxAttempts: 5, initialDelay: .seconds(1), multiplier: 2, maxDelay: .seconds(30)),
                clock: clock)
            let output = try await provider.generate(Self.request)
            #expect(output.message.content == "Hello.")
            #expect(server.requests.count == 4)
            #expect(clock.sleeps == [.seconds(7), .seconds(2), .seconds(4)])
            #expect(provider.address == "openai/o3")
        }
    }

    @Test("a failure that retrying cannot fix goes straight through", arguments: [400, 401, 404])
    func noRetry(_ status: Int) async throws {
        let clock = RecordingClock()
        let body = status == 400 ? #"{"error": {"code": "context_length_exceeded", "message": "too long"}}"# : "{}"
        try await FakeProviderServer.with(replies: [.json(body, status: status), Self.ok]) { server in
            let provider = RetryingProvider(OpenAIChatProviderTests.provider(server), clock: clock)
            await #expect(throws: ProviderError.self) { try await provider.generate(Self.request) }
            #expect(server.requests.count == 1)
            #expect(clock.sleeps.isEmpty)
        }
    }

    @Test("after the last attempt the error is thrown, saying how many were made")
    func givesUp() async throws {
        let clock = RecordingClock()
        try await FakeProviderServer.with(replies: [.json("{}", status: 503)]) { server in
            let provider = RetryingProvider(
                OpenAIChatProviderTests.provider(server),
                policy: RetryPolicy(maxAttempts: 3, initialDelay: .seconds(10), multiplier: 10, maxDelay: .seconds(60)),
                clock: clock)
            do {
                _ = try await provider.generate(Self.request)
                Issue.record("expected a server error")
            } catch let error as ProviderError {
                #expect(error.code == .server)
                #expect(error.message.contains("after 3 attempts"))
            }
            #expect(server.requests.count == 3)
            #expect(clock.sleeps == [.seconds(10), .seconds(60)])
        }
    }

    @Test("a Retry-After beyond the cap fails the call at once, saying how long the provider asked to wait")
    func retryAfterCap() async throws {
        let clock = RecordingClock()
        let slow = Reply.json(#"{"error": {"message": "slow down"}}"#, status: 429, headers: [("Retry-After", "3600")])
        try await FakeProviderServer.with(replies: [slow, Self.ok]) { server in
            let provider = RetryingProvider(OpenAIChatProviderTests.provider(server), clock: clock)
            do {
                _ = try await provider.generate(Self.request)
                Issue.record("expected the rate limit to fail the call")
            } catch let error as ProviderError {
                #expect(error.code == .rateLimited)
                #expect(error.message.contains("slow down"))
                #expect(error.message.contains("the provider asked to wait 3600 s, beyond the 300 s this run waits"))
            }
            #expect(server.requests.count == 1)
            #expect(clock.sleeps.isEmpty)
        }
    }

    @Test("each wait is announced before it starts, with the provider, the reason and the retry's number")
    func onWait() async throws {
        let clock = RecordingClock()
        let waits = Mutex<[RetryWait]>([])
        let replies: [Reply] = [
            .json(#"{"error": {"message": "slow down"}}"#, status: 429, headers: [("Retry-After", "42")]),
            // A Retry-After that is no number (it used to trap) is ignored: the backoff applies.
            .json(#"{"error": {"message": "oops"}}"#, status: 503, headers: [("Retry-After", "1e400")]),
            Self.ok,
        ]
        try await FakeProviderServer.with(replies: replies) { server in
            let provider = RetryingProvider(
                OpenAIChatProviderTests.provider(server),
                policy: RetryPolicy(maxAttempts: 6, initialDelay: .seconds(1), multiplier: 2, maxDelay: .seconds(30)),
                clock: clock, onWait: { wait in waits.withLock { $0.append(wait) } })
            let output = try await provider.generate(Self.request)
            #expect(output.message.content == "Hello.")
            #expect(clock.sleeps == [.seconds(42), .seconds(2)])
            #expect(
                waits.withLock { $0 }.map(\.description) == [
                    "waiting 42 s: openai/o3 rate limited (429), retry 1 of 5",
                    "waiting 2 s: openai/o3 server error (503), retry 2 of 5",
                ])
        }
    }

    @Test("backoff doubles and is capped")
    func backoff() {
        let policy = RetryPolicy(maxAttempts: 10, initialDelay: .seconds(1), multiplier: 2, maxDelay: .seconds(5))
        #expect(
            (1...5).map(policy.backoff(afterAttempt:)) == [
                .seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5),
            ])
    }
}

@Suite("Retry waits in words")
struct RetryWaitTests {
    @Test(
        "a wait's reason names the failure in words, with the HTTP status when an answer came",
        arguments: [
            (ProviderError.Code.rateLimited, 429, "rate limited (429)"), (.server, 503, "server error (503)"),
            (.timeout, nil, "timed out"), (.network, nil, "network error"),
            (.quotaExceeded, 429, "quota exceeded (429)"),
        ] as [(ProviderError.Code, Int?, String)])
    func reason(_ code: ProviderError.Code, status: Int?, expected: String) {
        var error = ProviderError(code, "m")
        error.exchange = status.map { RawExchange(url: "u", status: $0, request: "", response: "") }
        #expect(RetryWait.reason(for: error) == expected)
    }

    @Test("a wait reads as one line; fractions of a second show to a tenth")
    func line() {
        let wait = RetryWait(
            provider: "openai/o3", retry: 2, maxRetries: 5, delay: .milliseconds(1500), reason: "timed out")
        #expect(wait.description == "waiting 1.5 s: openai/o3 timed out, retry 2 of 5")
    }
}
