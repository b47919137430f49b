import OffswitchCore

extension HTTPTransport {
    /// One call to an OpenAI-style endpoint, `POST {baseURL}/{path}` with a Bearer key: what the Chat
    /// Completions and Responses adapters share. Errors are classified the OpenAI way, naming `address` at its
    /// host and the key's environment variable; `decode` gets the answer, the number of the assistant turn it
    /// makes and that provider description (for its own messages).
    func callOpenAI(
        baseURL: String, path: String, apiKey: APIKey?, address: String, keyVariable: String?,
        request: ModelRequest, body: [UInt8],
        decode: (_ response: Response, _ turn: Int, _ provider: String) throws -> ModelOutput
    ) async throws -> ModelOutput {
        var headers: [(String, String)] = []
        if let apiKey { headers.append(("Authorization", "Bearer \(apiKey.value)")) }
        let url = baseURL.trimmingSuffix("/") + "/" + path
        let provider = "\(address) at \(Self.host(url))"
        let turn = request.messages.filter { $0.role == .assistant }.count + 1
        return try await call(url: url, headers: headers, body: body) { response in
            ProviderError.classify(
                status: response.status, retryAfterHeader: response.header("Retry-After"), body: response.body,
                provider: provider, keyVariable: keyVariable)
        } decode: { response in
            try decode(response, turn, provider)
        }
    }
}
