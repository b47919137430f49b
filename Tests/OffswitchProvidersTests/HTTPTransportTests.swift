import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchTestSupport
import Testing

/// The transport under the adapters: dead endpoints classified as what they are, the request timeout started
/// when the request is sent, a pool as large as the limits, and answers capped while they arrive.
@Suite("HTTP transport")
struct HTTPTransportTests {
    typealias Reply = FakeProviderServer.Reply

    /// Runs `body` with a loopback port that refuses connections: a socket bound to it that never listens, held
    /// until `body` returns, so that no other test's server can take the port meanwhile (a port closed again and
    /// reused by a concurrent test once made this answer HTTP 404).
    static func withDeadPort<T>(_ body: (Int) async throws -> T) async throws -> T {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0, "socket: errno \(errno)")
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        try #require(bound, "bind: errno \(errno)")
        return try await body(Int(UInt16(bigEndian: address.sin_port)))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The error `post` throws (recording an issue when it answers instead), and how long it took.
    static func failure(
        _ url: String, transport: HTTPTransport = HTTPTransport()
    ) async throws -> (ProviderError, Double) {
        let start = ContinuousClock.now
        do {
            let response = try await transport.post(url: url, headers: [], body: Array("{}".utf8))
            Issue.record("expected an error, got HTTP \(response.status)")
            throw CancellationError()
        } catch let error as ProviderError {
            return (error, seconds(start.duration(to: .now)))
        }
    }

    @Test("a refused connection is .connectionRefused at once, naming the endpoint")
    func refused() async throws {
        try await Self.withDeadPort { port in
            let url = "http://127.0.0.1:\(port)/v1/chat/completions"
            let (error, elapsed) = try await Self.failure(url)
            #expect(error.code == .connectionRefused)
            #expect(error.message.contains("connection refused"), "\(error.message)")
            #expect(error.message.contains("127.0.0.1:\(port)/v1/chat/completions"), "\(error.message)")
            // Each attempt fails at once (it used to wait out a connect timeout of 90 s), so retrying is cheap. The
            // bound leaves room for a loaded machine running the whole suite.
            #expect(elapsed < 60, "took \(elapsed) s")
            #expect(error.code.isRetryable)
        }
    }

    @Test("a host that does not resolve is .hostNotFound, not retried")
    func hostNotFound() async throws {
        let (error, elapsed) = try await Self.failure("http://nonexistent.invalid:8000/v1/chat/completions")
        #expect(error.code == .hostNotFound, "\(error.message)")
        #expect(error.message.contains("host not found"))
        #expect(error.message.contains("nonexistent.invalid"))
        #expect(!error.code.isRetryable)
        // It used to be retried until the request timeout (600 s); the bound leaves room for a loaded machine.
        #expect(elapsed < 60, "took \(elapsed) s")
    }

    @Test(
        "a URL that cannot be requested is .invalidURL, not retried",
        arguments: [
            "not a url", "ftp://127.0.0.1/v1/chat/completions", "http:///v1/chat/completions", "localhost:8000/v1",
        ])
    func invalidURL(_ url: String) async throws {
        let (error, _) = try await Self.failure(url)
        #expect(error.code == .invalidURL, "\(url): \(error.code) \(error.message)")
        #expect(!error.code.isRetryable)
    }

    @Test("an https:// URL in front of a plain HTTP server is a TLS failure, not retried")
    func tlsFailure() async throws {
        try await FakeProviderServer.with(replies: [.json("{}")]) { server in
            let (error, _) = try await Self.failure("https://127.0.0.1:\(server.port)/v1/chat/completions")
            #expect(error.code == .tlsFailure, "\(error.message)")
            #expect(!error.code.isRetryable)
        }
    }

    @Test("the timeout starts when the request is sent: calls queued for a connection do not time out")
    func timeoutFromSend() async throws {
        // One connection: the six calls go one after another, 1 s each. Each has 4 s once sent; counted from when
        // it was asked for, the fifth and sixth would have waited 4 s and 5 s before they were even sent. (The
        // margins leave room for a loaded machine.)
        let slow = Reply.json(#"{"ok": true}"#, delay: .seconds(1))
        try await FakeProviderServer.with(replies: [slow]) { server in
            try await ModelHTTPClient.with(ModelHTTPClient.Configuration(connectionsPerHost: 1)) { client in
                let transport = HTTPTransport(
                    configuration: HTTPTransport.Configuration(timeout: .seconds(4)), client: client)
                let start = ContinuousClock.now
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<6 {
                        group.addTask {
                            try await transport.post(url: server.baseURL + "/chat/completions", headers: [], body: [])
                                .status
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses == Array(repeating: 200, count: 6))
                // They did queue behind the one connection.
                #expect(Self.seconds(start.duration(to: .now)) >= 5.5)
            }
        }
    }

    @Test("the pool admits as many calls at once as the limits allow (not 8 per host)")
    func poolFromLimits() async throws {
        let configuration = ModelHTTPClient.Configuration(maxConcurrency: 64, maxConnections: 10)
        #expect(configuration.connectionsPerHost == 64)
        #expect(ModelHTTPClient.Configuration(maxConcurrency: 4, maxConnections: 10).connectionsPerHost == 10)
        let slow = Reply.json(#"{"ok": true}"#, delay: .milliseconds(500))
        try await FakeProviderServer.with(replies: [slow]) { server in
            try await ModelHTTPClient.with(ModelHTTPClient.Configuration(maxConcurrency: 32, maxConnections: 10)) {
                client in
                let transport = HTTPTransport(client: client)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<32 {
                        group.addTask {
                            _ = try await transport.post(
                                url: server.baseURL + "/chat/completions", headers: [], body: [])
                        }
                    }
                    try await group.waitForAll()
                }
                // All in flight together, each on its own connection (HTTPClient.shared opened 8 and queued the rest).
                #expect(server.connections == 32)
            }
        }
    }

    @Test("a sent request that times out is .timeout and is not sent again while it may still be answered")
    func timeoutNotRetried() async throws {
        let slow = OpenAIChatProviderTests.toolCallReply.delayed(by: .seconds(3))
        try await FakeProviderServer.with(replies: [slow]) { server in
            let provider = RetryingProvider(
                OpenAIChatProviderTests.provider(server, timeout: .milliseconds(300)),
                policy: RetryPolicy(maxAttempts: 4, initialDelay: .milliseconds(10)))
            do {
                _ = try await provider.generate(
                    ModelRequest(messages: OpenAIChatProviderTests.conversation, tools: OpenAIChatProviderTests.tools))
                Issue.record("expected a timeout")
            } catch let error as ProviderError {
                #expect(error.code == .timeout)
                #expect(error.message.contains("no answer within"), "\(error.message)")
                #expect(!error.code.isRetryable)
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test("a refused endpoint's error through the engine's retry still says connection refused")
    func refusedThroughRetry() async throws {
        try await Self.withDeadPort { port in
            let provider = RetryingProvider(
                OpenAIChatProvider(
                    configuration: OpenAIChatProvider.Configuration(
                        model: "x", address: "vllm/x", baseURL: "http://127.0.0.1:\(port)/v1", reasoning: false)),
                policy: RetryPolicy(maxAttempts: 3, initialDelay: .milliseconds(10)))
            let start = ContinuousClock.now
            do {
                _ = try await provider.generate(ModelRequest(messages: [.user("hi")], tools: []))
                Issue.record("expected an error")
            } catch let error as ProviderError {
                // This message is the trial's stored reason ("provider: ...").
                #expect(error.code == .connectionRefused)
                #expect(error.message.contains("connection refused"), "\(error.message)")
                #expect(!error.message.contains("no answer within"))
            }
            // A bound for a machine the rest of the suite loads (42 s seen once, under 1 s alone), not a timing check:
            // the message above says the error is the refusal and not a wait for an answer.
            #expect(Self.seconds(start.duration(to: .now)) < 120)
        }
    }

    @Test(
        "an answer larger than the cap is .answerTooLarge, declared or found while reading", arguments: [false, true])
    func answerTooLarge(_ chunked: Bool) async throws {
        // The default cap is 32 MiB; one byte past it.
        var reply = Reply.json(String(repeating: "x", count: (32 << 20) + 1))
        reply.chunked = chunked
        try await FakeProviderServer.with(replies: [reply]) { server in
            let (error, _) = try await Self.failure(server.baseURL + "/chat/completions")
            #expect(error.code == .answerTooLarge)
            #expect(error.message.contains("answer larger than 32 MiB"), "\(error.message)")
            #expect(!error.code.isRetryable)
        }
    }

    @Test("an answer at the cap is read whole")
    func answerAtCap() async throws {
        var reply = Reply.json(String(repeating: "x", count: 1 << 20))
        reply.chunked = true
        try await FakeProviderServer.with(replies: [reply]) { server in
            let transport = HTTPTransport(configuration: HTTPTransport.Configuration(maximumResponseBytes: 1 << 20))
            let response = try await transport.post(url: server.baseURL + "/chat/completions", headers: [], body: [])
            #expect(response.body.count == 1 << 20)
        }
    }

    @Test("a timeout far beyond any sensible value does not trap")
    func hugeTimeout() async throws {
        try await FakeProviderServer.with(replies: [.json(#"{"ok": true}"#)]) { server in
            let transport = HTTPTransport(configuration: HTTPTransport.Configuration(timeout: .seconds(Int64.max)))
            let response = try await transport.post(url: server.baseURL + "/chat/completions", headers: [], body: [])
            #expect(response.status == 200)
        }
    }
}
