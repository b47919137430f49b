import Foundation
import OffswitchCore
import OffswitchTestSupport
import Testing

@testable import OffswitchProviders

/// Rate-limit headers read off answers, range-checked, and the pacer that holds calls before a 429.
@Suite("rate-limit headers and pacing")
struct RatePacingTests {
    typealias Reply = FakeProviderServer.Reply
    static let ok =
        #"{"model": "o3", "choices": [{"message": {"content": "Hello."}}], "usage": {"prompt_tokens": 90, "completion_tokens": 10}}"#
    static let request = ModelRequest(messages: [.user("Hi")], tools: [])

    @Test("OpenAI's x-ratelimit headers are read from an answer, Go durations included")
    func openAIHeaders() async throws {
        let headers = [
            ("x-ratelimit-limit-requests", "500"), ("x-ratelimit-remaining-requests", "499"),
            ("x-ratelimit-reset-requests", "120ms"), ("x-ratelimit-limit-tokens", "30000"),
            ("x-ratelimit-remaining-tokens", "29880"), ("x-ratelimit-reset-tokens", "1m2.5s"),
        ]
        try await FakeProviderServer.with(replies: [.json(Self.ok, headers: headers)]) { server in
            let output = try await OpenAIChatProviderTests.provider(server).generate(Self.request)
            #expect(
                output.rateLimit
                    == RateLimitStatus(
                        requestLimit: 500, remainingRequests: 499, requestsReset: .milliseconds(120), tokenLimit: 30000,
                        remainingTokens: 29880, tokensReset: .milliseconds(62_500)))
        }
        try await FakeProviderServer.with(replies: [.json(Self.ok)]) { server in
            let output = try await OpenAIChatProviderTests.provider(server).generate(Self.request)
            #expect(output.rateLimit == nil)
        }
    }

    @Test("Anthropic's anthropic-ratelimit headers are read, resets as times")
    func anthropicHeaders() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let response = HTTPTransport.Response(
            status: 200,
            headers: [
                ("anthropic-ratelimit-requests-limit", "50"), ("anthropic-ratelimit-requests-remaining", "3"),
                ("anthropic-ratelimit-requests-reset", "2027-01-15T08:00:02Z"),
                ("anthropic-ratelimit-tokens-remaining", "1000"),
                ("anthropic-ratelimit-tokens-reset", "2027-01-15T08:00:00.500Z"),
            ], body: [])
        // 1_800_000_000 is 2027-01-15T08:00:00Z.
        #expect(
            RateLimitHeaders.status(of: response, now: now)
                == RateLimitStatus(
                    requestLimit: 50, remainingRequests: 3, requestsReset: .seconds(2), remainingTokens: 1000,
                    tokensReset: .milliseconds(500)))
    }

    @Test(
        "a header value that is no count, out of range or no duration is left out",
        arguments: [
            ("x-ratelimit-remaining-requests", "-1"), ("x-ratelimit-remaining-requests", "99999999999999999999"),
            ("x-ratelimit-remaining-requests", "12abc"), ("x-ratelimit-remaining-requests", "1e3"),
            ("x-ratelimit-reset-requests", "-1s"), ("x-ratelimit-reset-requests", "2d"),
            ("x-ratelimit-reset-requests", "1e400s"), ("x-ratelimit-reset-requests", "25h"),
            ("x-ratelimit-reset-requests", "s"), ("anthropic-ratelimit-requests-reset", "tomorrow"),
        ])
    func hostile(_ name: String, _ value: String) {
        let response = HTTPTransport.Response(status: 200, headers: [(name, value)], body: [])
        #expect(RateLimitHeaders.status(of: response) == nil)
    }

    @Test("the pacer lets through what is left, then holds calls until the window resets, then allows the limit")
    func pacer() async throws {
        let clock = RecordingClock()
        let pacer = RatePacer(clock: clock)
        try await pacer.admit()
        #expect(clock.sleeps.isEmpty)
        await pacer.observe(
            RateLimitStatus(requestLimit: 3, remainingRequests: 2, requestsReset: .seconds(10)), tokens: 100)
        try await pacer.admit()
        try await pacer.admit()
        #expect(clock.sleeps.isEmpty)
        try await pacer.admit()
        #expect(clock.sleeps == [.seconds(10)])
        // The window is whole again: the limit (3), less the call just let through.
        try await pacer.admit()
        try await pacer.admit()
        #expect(clock.sleeps == [.seconds(10)])
        // Out again with no reset reported since: a second's wait.
        try await pacer.admit()
        #expect(clock.sleeps == [.seconds(10), .seconds(1)])
    }

    @Test("the pacer holds a call whose average tokens no longer fit, and every call after a 429")
    func tokensAnd429() async throws {
        let clock = RecordingClock()
        let pacer = RatePacer(clock: clock)
        await pacer.observe(RateLimitStatus(remainingTokens: 250, tokensReset: .seconds(6)), tokens: 100)
        try await pacer.admit()
        try await pacer.admit()
        #expect(clock.sleeps.isEmpty)
        try await pacer.admit()  // 50 left, a call takes 100
        #expect(clock.sleeps == [.seconds(6)])
        await pacer.throttled(for: .seconds(30))
        try await pacer.admit()
        #expect(clock.sleeps == [.seconds(6), .seconds(30)])
    }

    @Test("the account identity is the API's origin and a digest of the key, never the key")
    func account() async throws {
        try await FakeProviderServer.with(replies: [.json(Self.ok)]) { server in
            let a = OpenAIChatProviderTests.provider(server, model: "o3")
            let b = OpenAIChatProviderTests.provider(server, model: "o4-mini")
            #expect(a.account == b.account)
            #expect(!a.account.contains(OpenAIChatProviderTests.key))
            #expect(a.account.hasPrefix("http://127.0.0.1:\(server.port) key#"))
            var other = a.configuration
            other.apiKey = APIKey("another-key")
            #expect(OpenAIChatProvider(configuration: other).account != a.account)
        }
    }
}
