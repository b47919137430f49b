import Foundation
import NIOHTTP1
public import OffswitchCore

/// OpenAI's Batch API for one model, over the Responses or the Chat Completions endpoint: the entries go up as a
/// JSON Lines file (`POST /v1/files`, purpose `batch`), the batch is created (`POST /v1/batches`, completion
/// window 24h) and polled (`GET /v1/batches/{id}`) until it is completed, failed, expired or cancelled, and the
/// output and error files are read (`GET /v1/files/{id}/content`), matched by `custom_id`.
public struct OpenAIBatchWire: BatchWire {
    public let address: String
    /// The endpoint every line names (`/v1/responses`, `/v1/chat/completions`).
    public let endpoint: String
    let baseURL: String
    let http: BatchHTTP
    let encode: @Sendable (ModelRequest) throws -> [UInt8]
    let decode: @Sendable (_ answer: [UInt8], _ turn: Int, _ provider: String) throws -> ModelOutput

    /// Batches for a Responses API model.
    public init(_ provider: OpenAIResponsesProvider) {
        let configuration = provider.configuration
        self.init(
            address: configuration.address, endpoint: "/v1/responses", baseURL: configuration.baseURL,
            apiKey: configuration.apiKey, keyVariable: configuration.keyVariable, timeout: configuration.timeout,
            client: configuration.client,
            encode: { try OpenAIResponsesProvider.encode(request: $0, configuration: configuration) },
            decode: { answer, turn, name in
                try OpenAIResponsesProvider.decode(
                    response: HTTPTransport.Response(status: 200, headers: [], body: answer), turn: turn,
                    provider: name, configuration: configuration)
            })
    }

    /// Batches for a Chat Completions model.
    public init(_ provider: OpenAIChatProvider) {
        let configuration = provider.configuration
        self.init(
            address: configuration.address, endpoint: "/v1/chat/completions", baseURL: configuration.baseURL,
            apiKey: configuration.apiKey, keyVariable: configuration.keyVariable, timeout: configuration.timeout,
            client: configuration.client,
            encode: { try OpenAIChatProvider.encode(request: $0, configuration: configuration) },
            decode: { answer, turn, name in
                try OpenAIChatProvider.decode(
                    response: HTTPTransport.Response(status: 200, headers: [], body: answer), turn: turn,
                    provider: name, configuration: configuration)
            })
    }

    init(
        address: String, endpoint: String, baseURL: String, apiKey: APIKey?, keyVariable: String?, timeout: Duration,
        client: ModelHTTPClient, encode: @escaping @Sendable (ModelRequest) throws -> [UInt8],
        decode: @escaping @Sendable ([UInt8], Int, String) throws -> ModelOutput
    ) {
        self.address = address
        self.endpoint = endpoint
        self.baseURL = baseURL.trimmingSuffix("/")
        self.encode = encode
        self.decode = decode
        var headers: [(String, String)] = []
        if let apiKey { headers.append(("Authorization", "Bearer \(apiKey.value)")) }
        http = BatchHTTP(
            transport: HTTPTransport(configuration: HTTPTransport.Configuration(timeout: timeout), client: client),
            headers: headers, provider: "\(address) at \(HTTPTransport.host(baseURL))", keyVariable: keyVariable)
    }

    /// The boundary of the multipart upload: a fixed string no JSON line can hold (lines have no raw newline).
    static let boundary = "offswitch-batch-boundary-7c1f2e"

    public func body(for request: ModelRequest) throws -> [UInt8] { try encode(request) }

    public func output(answer: [UInt8], request: ModelRequest) throws -> ModelOutput {
        let turn = request.messages.filter { $0.role == .assistant }.count + 1
        var output = try decode(answer, turn, http.provider)
        output.exchange = RawExchange(
            url: baseURL + "/batches", status: 200, request: String(decoding: try encode(request), as: UTF8.self),
            response: String(decoding: answer, as: UTF8.self))
        return output
    }

    /// The input file: one line per entry, `{"custom_id", "method", "url", "body"}`.
    func inputFile(_ entries: [BatchEntry]) -> [UInt8] {
        entries.flatMap { entry in
            BatchHTTP.object(
                [("custom_id", .string(entry.customID)), ("method", .string("POST")), ("url", .string(endpoint))],
                raw: ("body", entry.body)) + [UInt8(ascii: "\n")]
        }
    }

    public func submit(_ entries: [BatchEntry]) async throws -> BatchStatus {
        let form =
            "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
            + "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"offswitch-batch.jsonl\"\r\n"
            + "Content-Type: application/jsonl\r\n\r\n"
        let upload = Array(form.utf8) + inputFile(entries) + Array("\r\n--\(Self.boundary)--\r\n".utf8)
        let file = try http.json(
            try await http.send(
                .POST, baseURL + "/files", body: upload, contentType: "multipart/form-data; boundary=\(Self.boundary)"),
            "an uploaded file")
        guard let fileID = file["id"]?.string else {
            throw ProviderError(.malformed, "\(http.provider): the uploaded batch file has no id")
        }
        let create = JSONValue.object([
            "input_file_id": .string(fileID), "endpoint": .string(endpoint), "completion_window": .string("24h"),
        ])
        return try status(from: try await http.send(.POST, baseURL + "/batches", body: create.encodedBytes))
    }

    public func status(of batch: String) async throws -> BatchStatus {
        try status(from: try await http.send(.GET, baseURL + "/batches/" + batch))
    }

    func status(from body: [UInt8]) throws -> BatchStatus {
        let json = try http.json(body, "a batch")
        guard let id = json["id"]?.string, let state = json["status"]?.string else {
            throw ProviderError.malformed(body, provider: http.provider + " (a batch)", underlying: nil)
        }
        let files = ["output_file_id", "error_file_id"].compactMap { json[$0]?.string }
        return BatchStatus(
            id: id, state: state, ended: ["completed", "failed", "expired", "cancelled"].contains(state),
            resultLocations: files)
    }

    public func results(of status: BatchStatus, customIDs: [String]) async throws -> [String: BatchEntryResult] {
        var results: [String: BatchEntryResult] = [:]
        for file in status.resultLocations {
            for line in BatchHTTP.lines(try await http.send(.GET, baseURL + "/files/\(file)/content")) {
                let json = try http.json(line, "a batch result")
                guard let customID = json["custom_id"]?.string else {
                    throw ProviderError.malformed(line, provider: http.provider + " (a batch result)", underlying: nil)
                }
                if let error = json["error"], error.isObject {
                    let code = error["code"]?.string ?? ""
                    let message = error["message"]?.string ?? code
                    results[customID] =
                        code.contains("expired")
                        ? .resubmit("expired")
                        : code.contains("cancel")
                            ? .resubmit("was cancelled")
                            : .failed(
                                ProviderError(
                                    .badRequest, "\(http.provider): the batch refused the request: \(message)"))
                    continue
                }
                guard let response = RawJSON.member("response", in: line),
                    let status = json["response"]?["status_code"]?.number,
                    let body = RawJSON.member("body", in: response)
                else {
                    throw ProviderError.malformed(line, provider: http.provider + " (a batch result)", underlying: nil)
                }
                let code = Int(exactly: status) ?? 500
                results[customID] =
                    (200..<300).contains(code) ? .answered(body) : http.result(status: code, errorBody: body)
            }
        }
        return results
    }
}
