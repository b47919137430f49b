package import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
package import OffswitchCore

/// Sends one JSON request to a provider and returns the whole answer: the adapters' only way to the network.
///
/// It owns the request timeout and turns transport failures into `ProviderError`s; it never retries (the
/// engine does) and never logs (the API key is in the headers).
package struct HTTPTransport: Sendable {
    /// How the transport behaves.
    package struct Configuration: Sendable {
        /// How long one request may take, answer body included. Reasoning models at high effort take minutes.
        package var timeout: Duration
        /// The largest answer accepted.
        package var maximumResponseBytes: Int

        package init(timeout: Duration = .seconds(600), maximumResponseBytes: Int = 32 << 20) {
            self.timeout = timeout
            self.maximumResponseBytes = maximumResponseBytes
        }
    }

    /// A provider's whole answer.
    package struct Response: Sendable {
        package var status: Int
        package var headers: [(name: String, value: String)]
        package var body: [UInt8]

        /// The first value of the header `name` (case-insensitive).
        package func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The exchange to keep with the trial: both bodies as text, the URL without its query, no headers.
        package func exchange(url: String, request: [UInt8]) -> RawExchange {
            RawExchange(
                url: HTTPTransport.withoutQuery(url), status: status, request: String(decoding: request, as: UTF8.self),
                response: String(decoding: body, as: UTF8.self))
        }
    }

    package var configuration: Configuration
    private let client: HTTPClient

    /// Creates a transport over `client` (the process-wide `HTTPClient.shared` unless a test says otherwise).
    package init(configuration: Configuration = Configuration(), client: HTTPClient = .shared) {
        self.configuration = configuration
        self.client = client
    }

    /// POSTs `body` as JSON to `url`.
    ///
    /// - Parameters:
    ///   - url: The endpoint.
    ///   - headers: Extra headers (authentication among them: they only go on the wire).
    ///   - body: The JSON body.
    /// - Returns: The answer, whatever its status.
    /// - Throws: `ProviderError` `.timeout` past the configured timeout, `.network` when no answer came;
    ///   `CancellationError` when the task was cancelled.
    package func post(url: String, headers: [(String, String)], body: [UInt8]) async throws -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let limit = configuration.timeout
        let prepared = request
        let timedOut = ProviderError(.timeout, "no answer from \(Self.host(url)) within \(limit)")
        // The deadline bounds the request inside AsyncHTTPClient; the race bounds it for certain, answer body
        // included, even when the client is slow to notice its deadline.
        return try await withThrowingTaskGroup(of: Response.self) { group in
            group.addTask { try await self.send(prepared, url: url, timedOut: timedOut) }
            group.addTask {
                try await Task.sleep(for: limit)
                throw timedOut
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw timedOut }
            return first
        }
    }

    private func send(_ request: HTTPClientRequest, url: String, timedOut: ProviderError) async throws -> Response {
        let deadline = NIODeadline.now() + TimeAmount.nanoseconds(Self.nanoseconds(configuration.timeout))
        do {
            let response = try await client.execute(request, deadline: deadline)
            let buffer = try await response.body.collect(upTo: configuration.maximumResponseBytes)
            return Response(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                body: Array(buffer.readableBytesView))
        } catch let error as HTTPClientError {
            if Task.isCancelled { throw CancellationError() }
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
                || NIODeadline.now() >= deadline
            {
                var timeout = timedOut
                timeout.underlying = error
                throw timeout
            }
            throw ProviderError(.network, "request to \(Self.host(url)) failed: \(error)", underlying: error)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as NIOTooManyBytesError {
            throw ProviderError(
                .malformed, "the answer from \(Self.host(url)) exceeded \(configuration.maximumResponseBytes) bytes",
                underlying: error)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw ProviderError(.network, "request to \(Self.host(url)) failed: \(error)", underlying: error)
        }
    }

    /// The scheme, host and port of `url`, for messages (never the query, which may hold a key).
    package static func host(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "the provider" }
        return "\(components.scheme ?? "http")://\(host)\(components.port.map { ":\($0)" } ?? "")"
    }

    /// `url` without its query and fragment, which may hold a key.
    package static func withoutQuery(_ url: String) -> String {
        String(url.prefix { $0 != "?" && $0 != "#" })
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
