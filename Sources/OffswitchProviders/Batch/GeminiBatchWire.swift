import Foundation
import NIOHTTP1
public import OffswitchCore

/// The Gemini API's batch mode for one model: `POST .../models/{model}:batchGenerateContent` with inline
/// requests, the batch polled (`GET .../batches/{id}`) until its state is succeeded, failed, cancelled or expired
/// (`BATCH_STATE_*`, or `JOB_STATE_*` as the SDKs name them), and its inline responses read, in request order.
public struct GeminiBatchWire: BatchWire {
    public let provider: GeminiProvider
    let http: BatchHTTP
    /// The API root up to and including `/v1beta`.
    let root: String

    public init(_ provider: GeminiProvider) {
        self.provider = provider
        let configuration = provider.configuration
        var headers: [(String, String)] = []
        if let key = configuration.apiKey { headers.append(("x-goog-api-key", key.value)) }
        http = BatchHTTP(
            transport: HTTPTransport(
                configuration: HTTPTransport.Configuration(timeout: configuration.timeout), client: configuration.client
            ),
            headers: headers, provider: "\(configuration.address) at \(HTTPTransport.host(configuration.baseURL))",
            keyVariable: configuration.keyVariable)
        let base = configuration.baseURL.trimmingSuffix("/")
        root = base.hasSuffix("/v1beta") || base.hasSuffix("/v1") ? base : base + "/v1beta"
    }

    public var address: String { provider.address }

    var batchURL: String { root + "/models/\(provider.configuration.model):batchGenerateContent" }

    public func body(for request: ModelRequest) throws -> [UInt8] {
        try GeminiProvider.encode(request: request, configuration: provider.configuration)
    }

    public func output(answer: [UInt8], request: ModelRequest) throws -> ModelOutput {
        let turn = request.messages.filter { $0.role == .assistant }.count + 1
        var output = try GeminiProvider.decode(
            response: HTTPTransport.Response(status: 200, headers: [], body: answer), turn: turn,
            provider: http.provider, configuration: provider.configuration)
        output.exchange = RawExchange(
            url: batchURL, status: 200, request: String(decoding: try body(for: request), as: UTF8.self),
            response: String(decoding: answer, as: UTF8.self))
        return output
    }

    public func submit(_ entries: [BatchEntry]) async throws -> BatchStatus {
        let requests = entries.map { entry in
            BatchHTTP.object([("metadata", .object(["key": .string(entry.customID)]))], raw: ("request", entry.body))
        }
        let body =
            Array(#"{"batch":{"displayName":"offswitch","inputConfig":{"requests":{"requests":["#.utf8)
            + Array(requests.joined(separator: Array(",".utf8))) + Array("]}}}}".utf8)
        return try status(from: try await http.send(.POST, batchURL, body: body))
    }

    public func status(of batch: String) async throws -> BatchStatus {
        try status(from: try await http.send(.GET, root + "/" + batch))
    }

    /// The state of an operation (or a batch resource): its name, and the batch's state in its metadata.
    func status(from body: [UInt8]) throws -> BatchStatus {
        let json = try http.json(body, "a batch")
        guard let name = json["name"]?.string,
            let state = json["metadata"]?["state"]?.string ?? json["state"]?.string
        else {
            throw ProviderError.malformed(body, provider: http.provider + " (a batch)", underlying: nil)
        }
        let ended = ["SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED"].contains { state.hasSuffix("_STATE_" + $0) }
        return BatchStatus(id: name, state: state, ended: ended || json["done"] == .bool(true))
    }

    public func results(of status: BatchStatus, customIDs: [String]) async throws -> [String: BatchEntryResult] {
        let body = try await http.send(.GET, root + "/" + status.id)
        let json = try http.json(body, "a batch")
        // An operation holds the output in `response`, a batch resource in `output`.
        guard
            case .array(let items)? = (json["response"] ?? json["metadata"]?["output"] ?? json["output"])?[
                "inlinedResponses"]?["inlinedResponses"],
            let raw = RawJSON.member("response", in: body).flatMap({ RawJSON.member("inlinedResponses", in: $0) })
                .flatMap({ RawJSON.member("inlinedResponses", in: $0) }).flatMap({ RawJSON.elements(ofArray: $0) }),
            raw.count == items.count
        else { return [:] }
        var results: [String: BatchEntryResult] = [:]
        for (index, item) in items.enumerated() {
            guard let customID = item["metadata"]?["key"]?.string ?? (index < customIDs.count ? customIDs[index] : nil)
            else { continue }
            if let answer = RawJSON.member("response", in: raw[index]) {
                results[customID] = .answered(answer)
            } else if let error = item["error"] {
                let code = error["code"]?.number.flatMap { Int(exactly: $0) } ?? 500
                let errorBody =
                    Array(#"{"error":"#.utf8) + (RawJSON.member("error", in: raw[index]) ?? []) + Array("}".utf8)
                results[customID] = http.result(status: code, errorBody: errorBody)
            }
        }
        return results
    }
}
