package import AsyncHTTPClient
import NIOCore

/// The HTTP client model calls go through: one AsyncHTTPClient set up for them, in place of `HTTPClient.shared`.
///
/// `HTTPClient.shared` keeps 8 connections per host, gives up on an answer after 90 s of silence (a reasoning
/// model at high effort is silent for minutes) and keeps retrying a refused connection until its connect timeout.
/// This client keeps as many connections per host as the run may have calls in flight, has no read timeout (the
/// transport times each request from when it was sent), and fails a connection that cannot be made at once, so
/// that a dead endpoint is reported as what it is.
package struct ModelHTTPClient: Sendable {
    /// How the client connects.
    package struct Configuration: Sendable, Equatable {
        /// Connections kept open per host at most: at least the calls in flight at once, so that no call waits
        /// for a connection.
        package var connectionsPerHost: Int
        /// How long a call may wait for a connection, opening it (TCP and TLS) included.
        package var connectTimeout: Duration

        /// Creates a configuration; 64 connections per host and a 10 s connect timeout by default.
        package init(connectionsPerHost: Int = 64, connectTimeout: Duration = .seconds(10)) {
            precondition(connectionsPerHost >= 1, "a client keeps at least one connection per host")
            self.connectionsPerHost = connectionsPerHost
            self.connectTimeout = connectTimeout
        }

        /// The configuration for a run's limits: a connection for every call that may be in flight to one host,
        /// which is at most every trial running at once, and at most `maxConnections` per provider account.
        package init(maxConcurrency: Int, maxConnections: Int) {
            self.init(connectionsPerHost: max(1, maxConcurrency, maxConnections))
        }
    }

    package let configuration: Configuration
    package let client: HTTPClient

    private init(configuration: Configuration) {
        self.configuration = configuration
        var settings = HTTPClient.Configuration()
        settings.timeout = HTTPClient.Configuration.Timeout(
            connect: HTTPTransport.timeAmount(configuration.connectTimeout), read: nil)
        settings.connectionPool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.connectionsPerHost)
        // A refused connection fails its calls at once instead of being retried until the connect timeout; the
        // engine's retry decides what happens next.
        settings.connectionPool.retryConnectionEstablishment = false
        settings.redirectConfiguration = .follow(max: 5, allowCycles: false)
        settings.decompression = .disabled
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
    }

    /// The process-wide client for callers that give none (library users, tests): 64 connections per host.
    /// It lives as long as the process, as `HTTPClient.shared` does.
    package static let shared = ModelHTTPClient(configuration: Configuration())

    /// Runs `body` with a client of its own, shut down after it.
    /// - Parameters:
    ///   - configuration: How the client connects.
    ///   - body: What uses the client; nothing may keep it beyond `body`.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws, or the client's failure to shut down.
    package static func with<T>(
        _ configuration: Configuration, _ body: (ModelHTTPClient) async throws -> T
    ) async throws -> T {
        let made = ModelHTTPClient(configuration: configuration)
        let result: Result<T, any Error>
        do {
            result = .success(try await body(made))
        } catch {
            result = .failure(error)
        }
        try await made.client.shutdown()
        return try result.get()
    }
}
