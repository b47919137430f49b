import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
package import OffswitchCore

/// Sends one JSON request to a provider and returns the whole answer: the adapters' only way to the network.
///
/// It owns the request timeout, which starts when the request has been sent (time spent waiting for or opening
/// a connection is bounded by the client's connect timeout instead), caps the answer's size while it arrives,
/// and turns transport failures into classified `ProviderError`s. It never retries (the engine does) and never
/// logs (the API key is in the headers).
package struct HTTPTransport: Sendable {
    /// How the transport behaves.
    package struct Configuration: Sendable {
        /// How long the answer may take once the request was sent, body included. Reasoning models at high effort
        /// take minutes.
        package var timeout: Duration
        /// The largest answer accepted: reading stops past it, and the call fails with `.answerTooLarge`.
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

        package init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
            self.status = status
            self.headers = headers
            self.body = body
        }

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
    package let client: ModelHTTPClient

    /// Creates a transport over `client` (the process-wide `ModelHTTPClient.shared` unless the caller has its own).
    package init(configuration: Configuration = Configuration(), client: ModelHTTPClient = .shared) {
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
    /// - Throws: `ProviderError`: `.timeout` when the sent request got no whole answer in time (not retryable:
    ///   the provider may still be working on it, and billing it), `.connectionRefused`, `.hostNotFound`,
    ///   `.tlsFailure` or `.invalidURL` when no request could be sent, `.network` when the connection failed
    ///   otherwise, `.answerTooLarge` past `maximumResponseBytes`; `CancellationError` when the task was cancelled.
    package func post(url: String, headers: [(String, String)], body: [UInt8]) async throws -> Response {
        try await send(method: .POST, url: url, headers: headers, body: body)
    }

    /// Sends one request and reads its whole answer (see `post`).
    func send(method: HTTPMethod, url: String, headers: [(String, String)], body: [UInt8]?) async throws
        -> Response
    {
        let request: HTTPClient.Request
        do {
            var fields = HTTPHeaders()
            // JSON unless the caller says otherwise (a batch file goes up as multipart form data).
            if body != nil, !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
                fields.add(name: "Content-Type", value: "application/json")
            }
            fields.add(name: "Accept", value: "application/json")
            for (name, value) in headers { fields.add(name: name, value: value) }
            request = try HTTPClient.Request(url: url, method: method, headers: fields, body: body.map { .bytes($0) })
        } catch {
            throw Self.failure(error, url: url, sent: false, configuration: configuration, client: client.configuration)
        }
        let reader = AnswerReader(
            timeout: Self.timeAmount(configuration.timeout), maximumBytes: configuration.maximumResponseBytes)
        let task = client.client.execute(request: request, delegate: reader)
        do {
            return try await withTaskCancellationHandler {
                try await task.futureResult.get()
            } onCancel: {
                task.cancel()
            }
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw Self.failure(
                error, url: url, sent: reader.wasSent, configuration: configuration, client: client.configuration)
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

    /// `duration` as NIO's `TimeAmount`, clamped to 0...100 days so that no conversion or deadline overflows.
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        TimeAmount(min(max(duration, .zero), .seconds(100 * 86_400)))
    }
}
