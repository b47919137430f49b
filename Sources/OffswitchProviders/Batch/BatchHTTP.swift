import Foundation
import NIOHTTP1
import OffswitchCore

/// The HTTP side of a batch API: JSON (or form) requests to the batch endpoints, a classified error for any
/// non-2xx answer, and JSON Lines read back.
struct BatchHTTP: Sendable {
    let transport: HTTPTransport
    /// Authentication and version headers, sent with every request.
    let headers: [(String, String)]
    /// Who answers, for messages (`anthropic/claude-opus-4-1 at https://api.anthropic.com`).
    let provider: String
    let keyVariable: String?

    /// Sends one request and returns the 2xx answer's body.
    /// - Throws: `ProviderError`, classified as for a model call.
    func send(
        _ method: HTTPMethod, _ url: String, body: [UInt8]? = nil, contentType: String? = nil
    ) async throws -> [UInt8] {
        var fields = headers
        if let contentType { fields.append(("Content-Type", contentType)) }
        let response = try await transport.send(method: method, url: url, headers: fields, body: body)
        guard (200..<300).contains(response.status) else {
            var error = ProviderError.classify(
                status: response.status, retryAfterHeader: response.header("Retry-After"), body: response.body,
                provider: provider, keyVariable: keyVariable)
            error.exchange = response.exchange(url: url, request: body ?? [])
            throw error
        }
        return response.body
    }

    /// `body` parsed as JSON, or a `.malformed` error naming what was expected.
    func json(_ body: [UInt8], _ what: String) throws -> JSONValue {
        do {
            return try JSONValue.parse(body)
        } catch {
            throw ProviderError.malformed(body, provider: provider + " (\(what))", underlying: error)
        }
    }

    /// The non-empty lines of a JSON Lines body.
    static func lines(_ body: [UInt8]) -> [[UInt8]] {
        body.split(separator: UInt8(ascii: "\n")).map(Array.init).filter {
            $0.contains { !$0.isASCIIWhitespace }
        }
    }

    /// `{"key": "value", ... , "<raw>": <raw bytes>}` built byte for byte: the raw part is not re-encoded.
    static func object(_ members: [(String, JSONValue)], raw: (key: String, value: [UInt8])) -> [UInt8] {
        var bytes = Array("{".utf8)
        for (key, value) in members {
            bytes += JSONValue.string(key).encodedBytes + Array(":".utf8) + value.encodedBytes + Array(",".utf8)
        }
        return bytes + JSONValue.string(raw.key).encodedBytes + Array(":".utf8) + raw.value + Array("}".utf8)
    }

    /// The result of one entry that came back with an HTTP-style error: another batch for what a retry may fix,
    /// a failure otherwise.
    func result(status: Int, errorBody: [UInt8]) -> BatchEntryResult {
        let error = ProviderError.classify(
            status: status, retryAfterHeader: nil, body: errorBody, provider: provider, keyVariable: keyVariable)
        return error.code.isRetryable ? .resubmit("failed (\(error.message))") : .failed(error)
    }
}

extension UInt8 {
    var isASCIIWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}

extension JSONValue {
    /// The value as compact JSON bytes.
    var encodedBytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(self))
        } catch {
            // Only a non-finite number fails to encode, and these values are built from strings.
            preconditionFailure("JSONValue could not be encoded: \(error)")
        }
    }
}
