public import OffswitchCore

/// A Claude model behind the Anthropic Messages API (`POST {baseURL}/messages`).
///
/// The system prompt goes top-level, tool calls are `tool_use` blocks and results `tool_result` blocks in a
/// user message. With extended thinking on, each answer's content blocks (thinking blocks and their
/// signatures) are kept in the message's ``ProviderData`` and sent back unchanged in later turns, as the API
/// requires; `tool_choice` is then left out, since thinking rejects forced tool use.
public struct AnthropicProvider: ModelProvider {
    /// Where the model is and how to ask it.
    public struct Configuration: Sendable {
        /// The model id sent on the wire (`claude-opus-4-1`).
        public var model: String
        /// The address runs use (`anthropic/claude-opus-4-1`).
        public var address: String
        /// The API root, up to and including `/v1`.
        public var baseURL: String
        /// The key, sent as `x-api-key`.
        public var apiKey: APIKey?
        /// The environment variable the key came from, named when the provider rejects it.
        public var keyVariable: String?
        /// `max_tokens`, which the API requires.
        public var maxTokens: Int
        /// The extended-thinking budget in tokens (at least 1024), or nil for no thinking.
        public var thinkingBudget: Int?
        /// How long one request may take.
        public var timeout: Duration
        /// The HTTP client the calls go through (a command sizes its own for its limits).
        package var client: ModelHTTPClient = .shared
        /// Whether requests carry `cache_control` breakpoints (the system prompt, and the last two user turns), so
        /// every call of a trial reads the turns before it from Anthropic's prompt cache. Off unless set: the
        /// adapter sends what it is told, and `offswitch run` turns it on unless `--no-prompt-cache`.
        public var promptCache = false

        /// Creates a configuration.
        /// - Parameters:
        ///   - model: The model id sent on the wire.
        ///   - address: The address runs use; defaults to `anthropic/<model>`.
        ///   - baseURL: The API root.
        ///   - apiKey: The key.
        ///   - keyVariable: The environment variable the key came from.
        ///   - maxTokens: `max_tokens`, at most `TokenLimits.maxTokens.upperBound`; raised above the thinking
        ///     budget when needed.
        ///   - thinkingBudget: The thinking budget, or nil; clamped into `TokenLimits.thinkingBudget`.
        ///   - timeout: How long one request may take.
        public init(
            model: String, address: String? = nil, baseURL: String = AnthropicProvider.defaultBaseURL,
            apiKey: APIKey? = nil, keyVariable: String? = "ANTHROPIC_API_KEY", maxTokens: Int? = nil,
            thinkingBudget: Int? = nil, timeout: Duration = .seconds(600)
        ) {
            self.model = model
            self.address = address ?? "anthropic/\(model)"
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.keyVariable = keyVariable
            // Both are clamped into TokenLimits first, so the sum below cannot overflow.
            let budgets = TokenLimits.thinkingBudget
            let budget = thinkingBudget.map { min(max($0, budgets.lowerBound), budgets.upperBound) }
            self.thinkingBudget = budget
            let cap = min(maxTokens ?? 16_000, TokenLimits.maxTokens.upperBound)
            self.maxTokens = max(cap, (budget ?? 0) + 4096)
            self.timeout = timeout
        }
    }

    /// The API version header every request carries.
    public static let apiVersion = "2023-06-01"
    /// The `ProviderData.provider` of the content blocks this adapter keeps for replay.
    public static let providerDataName = "anthropic"

    /// Anthropic's own API root, the `anthropic` catalog entry's endpoint.
    public static let defaultBaseURL = "https://api.anthropic.com/v1"

    public let configuration: Configuration
    private let transport: HTTPTransport

    /// Creates the provider.
    public init(configuration: Configuration) {
        self.configuration = configuration
        self.transport = HTTPTransport(
            configuration: HTTPTransport.Configuration(timeout: configuration.timeout), client: configuration.client)
    }

    public var address: String { configuration.address }

    /// Sends the conversation and returns Claude's answer; a refusal is an output, not a throw.
    /// - Throws: `ProviderError`, classified (529 overloaded is `.server`, "prompt is too long" `.contextLength`).
    public func generate(_ request: ModelRequest) async throws -> ModelOutput {
        let body = try Self.encode(request: request, configuration: configuration)
        var headers = [("anthropic-version", Self.apiVersion)]
        if let key = configuration.apiKey { headers.append(("x-api-key", key.value)) }
        if configuration.thinkingBudget != nil { headers.append(("anthropic-beta", "interleaved-thinking-2025-05-14")) }
        let url = configuration.baseURL.trimmingSuffix("/") + "/messages"
        let provider = "\(configuration.address) at \(HTTPTransport.host(url))"
        return try await transport.call(url: url, headers: headers, body: body) { response in
            ProviderError.classify(
                status: response.status, retryAfterHeader: response.header("Retry-After"), body: response.body,
                provider: provider, keyVariable: configuration.keyVariable)
        } decode: { response in
            try Self.decode(response: response, provider: provider, configuration: configuration)
        }
    }
}
