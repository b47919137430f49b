public import OffswitchCore

/// An OpenAI model behind the Responses API (`POST {baseURL}/responses`): the only API codex-mini speaks, and
/// the one that keeps a reasoning model's reasoning across tool calls.
///
/// Requests are stateless (`store: false`): the whole conversation goes in `input` every turn. For reasoning
/// models the answer's reasoning items carry `encrypted_content` (asked for with
/// `include: ["reasoning.encrypted_content"]`); every output item of a turn is kept, byte for byte, in the
/// message's ``ProviderData`` and replayed unchanged and in order in later turns, before the
/// `function_call_output` items that answer its calls, as the API requires.
public struct OpenAIResponsesProvider: ModelProvider {
    /// Where the model is and how to ask it.
    public struct Configuration: Sendable {
        /// The model id sent on the wire (`codex-mini-latest`, `o3`).
        public var model: String
        /// The address runs and reports use (`openai/codex-mini-latest`).
        public var address: String
        /// The API root, up to and including `/v1`.
        public var baseURL: String
        /// The key, sent as `Authorization: Bearer`.
        public var apiKey: APIKey?
        /// The environment variable the key came from, named when the provider rejects it.
        public var keyVariable: String?
        /// Whether the model reasons: it then gets the `developer` role, `reasoning` and encrypted reasoning.
        public var reasoning: Bool
        /// `reasoning.effort` (`low`, `medium`, `high`, ...), sent only when set.
        public var reasoningEffort: String?
        /// `reasoning.summary` (`auto`, `detailed`), sent only when set: it needs a verified organization.
        public var reasoningSummary: String?
        /// `max_output_tokens`, sent only when set.
        public var maxTokens: Int?
        /// How long one request may take.
        public var timeout: Duration
        /// The HTTP client the calls go through (a command sizes its own for its limits).
        package var client: ModelHTTPClient = .shared
        /// Whether requests carry a `prompt_cache_key` per trial (``PromptCacheKey``); off unless set.
        public var promptCacheKey = false
        /// `tool_choice`, sent whenever tools are.
        public var toolChoice: ToolChoice

        /// Creates a configuration.
        /// - Parameters:
        ///   - model: The model id sent on the wire.
        ///   - address: The address runs use; defaults to `openai/<model>`.
        ///   - baseURL: The API root, up to and including `/v1`.
        ///   - apiKey: The key, or nil.
        ///   - keyVariable: The environment variable the key came from.
        ///   - reasoning: Whether the model reasons; defaults to guessing from the OpenAI name.
        ///   - reasoningEffort: `reasoning.effort`, or nil.
        ///   - reasoningSummary: `reasoning.summary`, or nil.
        ///   - maxTokens: `max_output_tokens`, or nil.
        ///   - timeout: How long one request may take.
        ///   - toolChoice: `tool_choice`; `auto` unless the user forces or forbids tool calls.
        public init(
            model: String, address: String? = nil, baseURL: String = OpenAIChatProvider.defaultBaseURL,
            apiKey: APIKey? = nil, keyVariable: String? = "OPENAI_API_KEY", reasoning: Bool? = nil,
            reasoningEffort: String? = nil, reasoningSummary: String? = nil, maxTokens: Int? = nil,
            timeout: Duration = .seconds(600), toolChoice: ToolChoice = .auto
        ) {
            self.model = model
            self.address = address ?? "openai/\(model)"
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.keyVariable = keyVariable
            self.reasoning = reasoning ?? OpenAIChatProvider.Configuration.isReasoningModel(model)
            self.reasoningEffort = reasoningEffort
            self.reasoningSummary = reasoningSummary
            self.maxTokens = maxTokens
            self.timeout = timeout
            self.toolChoice = toolChoice
        }

        /// Whether an OpenAI model id only speaks the Responses API (codex-mini and the codex models).
        public static func requiresResponsesAPI(_ model: String) -> Bool {
            model.lowercased().contains("codex")
        }
    }

    /// The `ProviderData.provider` of the output items this adapter keeps for replay.
    public static let providerDataName = "openai-responses"

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

    /// Sends the conversation and returns the model's answer.
    ///
    /// A refusal, a content-filtered answer or an answer cut short is an output, not a throw.
    /// - Throws: `ProviderError`, classified (`.rateLimited` with `retryAfter`, `.server`, `.contextLength`, ...).
    public func generate(_ request: ModelRequest) async throws -> ModelOutput {
        let body = try Self.encode(request: request, configuration: configuration)
        return try await transport.callOpenAI(
            baseURL: configuration.baseURL, path: "responses", apiKey: configuration.apiKey,
            address: configuration.address, keyVariable: configuration.keyVariable, request: request, body: body
        ) { response, turn, provider in
            try Self.decode(response: response, turn: turn, provider: provider, configuration: configuration)
        }
    }
}
