import AsyncHTTPClient
import Foundation
import Glibc
import NIOCore
import NIOPosix
import NIOSSL
import OffswitchCore

extension HTTPTransport {
    /// A transport failure as the `ProviderError` the engine decides on, with a message naming the endpoint.
    ///
    /// Before anything was sent, a failure is what kept the request from going out: a refused connection, a host
    /// that does not resolve, a TLS failure, a URL that cannot be requested, or no connection in time. Once the
    /// request was sent, no answer in time is `.timeout`, which is not retried: the provider may still answer
    /// (and bill) it.
    /// - Parameters:
    ///   - error: What AsyncHTTPClient, NIO or the answer reader threw.
    ///   - url: The endpoint, named in the message without its query.
    ///   - sent: Whether any of the request went on the wire.
    ///   - configuration: The transport's settings, for the limits the message names.
    ///   - client: The client's settings, for the connect timeout the message names.
    static func failure(
        _ error: any Error, url: String, sent: Bool, configuration: Configuration, client: ModelHTTPClient.Configuration
    ) -> ProviderError {
        let endpoint = withoutQuery(url)
        func make(_ code: ProviderError.Code, _ what: String) -> ProviderError {
            ProviderError(code, "\(endpoint): \(what)", underlying: error)
        }
        if let reader = error as? AnswerReader.Failure {
            switch reader {
            case .noAnswer:
                return make(.timeout, "no answer within \(seconds(configuration.timeout)) of sending the request")
            case .tooLarge(let declared):
                let size = declared.map { " (\(mebibytes($0)) declared)" } ?? ""
                return make(
                    .answerTooLarge,
                    "answer larger than \(mebibytes(configuration.maximumResponseBytes))\(size); not read")
            }
        }
        if let kind = connectionFailure(error) {
            switch kind {
            case .refused:
                return make(.connectionRefused, "connection refused (is the server running on that port?)")
            case .hostNotFound:
                return make(.hostNotFound, "host not found (check the host name in the URL)")
            case .unreachable:
                return make(.network, "network unreachable")
            }
        }
        if isTLSFailure(error) {
            return make(.tlsFailure, "TLS failure: \(error) (is it an http:// server behind an https:// URL?)")
        }
        if let httpError = error as? HTTPClientError {
            switch httpError {
            case .invalidURL, .emptyHost, .emptyScheme, .missingSocketPath:
                return make(.invalidURL, "not a URL that can be requested (expected http(s)://host[:port]/path)")
            case .connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout:
                return make(.network, "no connection within \(seconds(client.connectTimeout))")
            case .deadlineExceeded, .readTimeout:
                return make(
                    sent ? .timeout : .network,
                    sent
                        ? "no answer within \(seconds(configuration.timeout)) of sending the request"
                        : "no connection in time")
            default:
                if String(describing: httpError).contains("unsupportedScheme") {
                    return make(.invalidURL, "unsupported scheme (expected http:// or https://)")
                }
            }
        }
        return make(.network, "request failed: \(error)")
    }

    enum ConnectionFailure {
        case refused, hostNotFound, unreachable
    }

    /// What kept a connection from opening, when `error` says (NIO reports DNS and connect errors together).
    static func connectionFailure(_ error: any Error) -> ConnectionFailure? {
        if let io = error as? IOError { return errnoFailure(io.errnoCode) }
        guard let connection = error as? NIOConnectionError else { return nil }
        let codes = connection.connectionErrors.compactMap { ($0.error as? IOError)?.errnoCode }
        if let failure = codes.lazy.compactMap(errnoFailure).first { return failure }
        if connection.connectionErrors.isEmpty, connection.dnsAError != nil || connection.dnsAAAAError != nil {
            return .hostNotFound
        }
        return nil
    }

    private static func errnoFailure(_ code: Int32) -> ConnectionFailure? {
        switch code {
        case ECONNREFUSED: .refused
        case ENETUNREACH, EHOSTUNREACH: .unreachable
        default: nil
        }
    }

    private static func isTLSFailure(_ error: any Error) -> Bool {
        error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError
    }

    /// `duration` in whole seconds, for messages.
    static func seconds(_ duration: Duration) -> String {
        let (whole, fraction) = duration.components
        return fraction == 0 ? "\(whole) s" : String(format: "%.1f s", duration.inSeconds)
    }

    static func mebibytes(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
    }
}
