import Foundation
import NIOHTTP1
public import OffswitchCore

/// Anthropic's Message Batches API for one model: `POST /v1/messages/batches` with `requests[{custom_id,
/// params}]`, polled at `GET /v1/messages/batches/{id}` until `processing_status` is `ended`, then the results
/// read as JSON Lines from its `results_url` (`succeeded`, `errored`, `canceled`, `expired`).
public struct AnthropicBatchWire: BatchWire {
    public let provider: AnthropicProvider
    let http: BatchHTTP

    public init(_ provider: AnthropicProvider) {
        self.provider = provider
        let configuration = provider.configuration
        var headers = [("anthropic-version", AnthropicProvider.apiVersion)]
        if let key = configuration.apiKey { headers.append(("x-api-key", key.value)) }
        if configuration.thinkingBudget != nil { headers.append(("anthropic-beta", "interleaved-thinking-2025-05-14")) }
        http = BatchHTTP(
            transport: HTTPTransport(
                configuration: HTTPTransport.Configuration(timeout: configuration.timeout), client: configuration.client
            ),
            headers: headers, provider: "\(configuration.address) at \(HTTPTransport.host(configuration.baseURL))",
            keyVariable: configuration.keyVariable)
    }

    public var address: String { provider.address }

    var batchesURL: String { provider.configuration.baseURL.trimmingSuffix("/") + "/messages/batches" }

    public func body(for request: ModelRequest) throws -> [UInt8] {
        try AnthropicProvider.encode(request: request, configuration: provider.configuration)
    }

    public func output(answer: [UInt8], request: ModelRequest) throws -> ModelOutput {
        var output = try AnthropicProvider.decode(
            response: HTTPTransport.Response(status: 200, headers: [], body: answer), provider: http.provider,
            configuration: provider.configuration)
        output.exchange = RawExchange(
            url: batchesURL, status: 200, request: String(decoding: try body(for: request), as: UTF8.self),
            response: String(decoding: answer, as: UTF8.self))
        return output
    }

    public func submit(_ entries: [BatchEntry]) async throws -> BatchStatus {
        let requests = entries.map { BatchHTTP.object([("custom_id", .string($0.customID))], raw: ("params", $0.body)) }
        let body = Array(#"{"requests":["#.utf8) + Array(requests.joined(separator: Array(",".utf8))) + Array("]}".utf8)
        return try status(from: try await http.send(.POST, batchesURL, body: body))
    }

    public func status(of batch: String) async throws -> BatchStatus {
        try status(from: try await http.send(.GET, batchesURL + "/" + batch))
    }

    func status(from body: [UInt8]) throws -> BatchStatus {
        let json = try http.json(body, "a message batch")
        guard let id = json["id"]?.string, let state = json["processing_status"]?.string else {
            throw ProviderError.malformed(body, provider: http.provider + " (a message batch)", underlying: nil)
        }
        return BatchStatus(
            id: id, state: state, ended: state == "ended",
            resultLocations: json["results_url"]?.string.map { [$0] } ?? [])
    }

    public func results(of status: BatchStatus, customIDs: [String]) async throws -> [String: BatchEntryResult] {
        guard let url = status.resultLocations.first else { return [:] }
        var results: [String: BatchEntryResult] = [:]
        for line in BatchHTTP.lines(try await http.send(.GET, url)) {
            let json = try http.json(line, "a batch result")
            guard let customID = json["custom_id"]?.string, let result = RawJSON.member("result", in: line) else {
                throw ProviderError.malformed(line, provider: http.provider + " (a batch result)", underlying: nil)
            }
            switch json["result"]?["type"]?.string {
            case "succeeded":
                guard let message = RawJSON.member("message", in: result) else {
                    throw ProviderError.malformed(line, provider: http.provider + " (a batch result)", underlying: nil)
                }
                results[customID] = .answered(message)
            case "errored":
                let error = RawJSON.member("error", in: result) ?? []
                let type = json["result"]?["error"]?["error"]?["type"]?.string ?? ""
                results[customID] = http.result(status: Self.status(ofErrorType: type), errorBody: error)
            case "expired":
                results[customID] = .resubmit("expired")
            case "canceled":
                results[customID] = .resubmit("was cancelled")
            default:
                throw ProviderError.malformed(line, provider: http.provider + " (a batch result)", underlying: nil)
            }
        }
        return results
    }

    /// The HTTP status Anthropic answers an error `type` with, for classifying an errored entry.
    static func status(ofErrorType type: String) -> Int {
        switch type {
        case "invalid_request_error": 400
        case "authentication_error": 401
        case "billing_error": 402
        case "permission_error": 403
        case "not_found_error": 404
        case "request_too_large": 413
        case "rate_limit_error": 429
        case "overloaded_error": 529
        default: 500
        }
    }
}
