public import OffswitchCore

/// A Gemini model behind the Gemini API's `generateContent` (`POST {baseURL}/v1beta/models/{model}:generateContent`).
///
/// The system prompt goes in `systemInstruction`, the conversation in `contents` with the roles `user` and
/// `model`, tool calls are `functionCall` parts and results `functionResponse` parts. Gemini 2.5 gives calls no
/// ids, so the adapter makes them up and matches each result to its call by name. Each answer's parts (thought
/// summaries and `thoughtSignature`s included) are kept in the message's ``ProviderData`` and sent back unchanged,
/// each signature on the part it came with, as the API requires. A safety or recitation stop is an output.
public struct GeminiProvider: ModelProvider {
    /// Where the model is and how to ask it.
    public struct Configuration: Sendable {
        /// The model id sent on the wire (`gemini-2.5-pro`).
        public var model: String
        /// The address runs use (`google/gemini-2.5-pro`).
        public var address: String
        /// The API host root (`https://generativelanguage.googleapis.com`); a root ending in `/v1beta` also works.
        public var baseURL: String
        /// The key, sent as `x-goog-api-key` (never in the URL, which ends up in messages).
        public var apiKey: APIKey?
        /// The environment variable the key came from, named when the provider rejects it.
        public var keyVariable: String?
        /// `thinkingConfig.thinkingBudget` in tokens (-1 lets the model decide); nil sends the default.
        public var thinkingBudget: Int?
        /// `thinkingConfig.thinkingLevel` for Gemini 3 models (`low`, `high`), sent only when set.
        public var thinkingLevel: String?
        /// `generationConfig.maxOutputTokens`, sent only when set.
        public var maxTokens: Int?
        /// How long one request may take.
        public var timeout: Duration
        /// The HTTP client the calls go through (a command sizes its own for its limits).
        package var client: ModelHTTPClient = .shared

        /// Creates a configuration.
        /// - Parameters:
        ///   - model: The model id sent on the wire.
        ///   - address: The address runs use; defaults to `google/<model>`.
        ///   - baseURL: The API host root.
        ///   - apiKey: The key.
        ///   - keyVariable: The environment variable the key came from.
        ///   - thinkingBudget: The thinking budget for thinking models, or nil for dynamic thinking (-1).
        ///   - thinkingLevel: The thinking level for Gemini 3 models, or nil.
        ///   - maxTokens: `maxOutputTokens`, or nil.
        ///   - timeout: How long one request may take.
        public init(
            model: String, address: String? = nil, baseURL: String = GeminiProvider.defaultBaseURL,
            apiKey: APIKey? = nil, keyVariable: String? = "GOOGLE_API_KEY", thinkingBudget: Int? = nil,
            thinkingLevel: String? = nil, maxTokens: Int? = nil, timeout: Duration = .seconds(600)
        ) {
            self.model = model
            self.address = address ?? "google/\(model)"
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.keyVariable = keyVariable
            self.thinkingBudget = thinkingBudget
            self.thinkingLevel = thinkingLevel
            self.maxTokens = maxTokens
            self.timeout = timeout
        }

        /// Whether the model thinks and takes a `thinkingConfig` (Gemini 2.5 and later).
        public var isThinkingModel: Bool {
            let name = model.lowercased()
            return name.hasPrefix("gemini-2.5") || name.hasPrefix("gemini-3")
        }

        /// The `generateContent` URL.
        var url: String {
            let root = baseURL.trimmingSuffix("/")
            let versioned = root.hasSuffix("/v1beta") || root.hasSuffix("/v1") ? root : root + "/v1beta"
            return "\(versioned)/models/\(model):generateContent"
        }
    }

    /// The `ProviderData.provider` of the parts this adapter keeps for replay.
    public static let providerDataName = "google"

    /// Google's own Gemini API host, the `google` catalog entry's endpoint.
    public static let defaultBaseURL = "https://generativelanguage.googleapis.com"

    public let configuration: Configuration
    private let transport: HTTPTransport

    /// Creates the provider.
    /// - Parameter configuration: Where the model is and how to ask it.
    public init(configuration: Configuration) {
        self.configuration = configuration
        self.transport = HTTPTransport(
            configuration: HTTPTransport.Configuration(timeout: configuration.timeout), client: configuration.client)
    }

    public var address: String { configuration.address }

    /// Sends the conversation and returns Gemini's answer; a blocked answer is an output, not a throw.
    /// - Throws: `ProviderError`, classified (429 `.rateLimited` unless the quota is zero, "exceeds the maximum
    ///   number of tokens" `.contextLength`, 5xx `.server`, ...).
    public func generate(_ request: ModelRequest) async throws -> ModelOutput {
        let body = try Self.encode(request: request, configuration: configuration)
        var headers: [(String, String)] = []
        if let key = configuration.apiKey { headers.append(("x-goog-api-key", key.value)) }
        let url = configuration.url
        let provider = "\(configuration.address) at \(HTTPTransport.host(url))"
        return try await transport.call(url: url, headers: headers, body: body) { response in
            Self.classify(
                status: response.status, retryAfterHeader: response.header("Retry-After"), body: response.body,
                provider: provider, configuration: configuration)
        } decode: { response in
            let turn = request.messages.filter { $0.role == .assistant }.count + 1
            return try Self.decode(response: response, turn: turn, provider: provider, configuration: configuration)
        }
    }
}
