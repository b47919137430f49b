public import OffswitchCore

/// A model behind the OpenAI Chat Completions wire format: OpenAI itself and every OpenAI-compatible server
/// (xAI, OpenRouter, vLLM, llama.cpp, Ollama; see ``OpenAICompatiblePreset``).
///
/// It translates the neutral conversation to `POST {baseURL}/chat/completions` and back, and classifies
/// errors. Reasoning models (o1, o3, o4, gpt-5) get the `developer` role, `max_completion_tokens`,
/// `reasoning_effort` and never `temperature` or `parallel_tool_calls`, which they reject.
public struct OpenAIChatProvider: ModelProvider {
    /// Where the model is and how to ask it.
    public struct Configuration: Sendable {
        /// The model id sent on the wire (`o3`, `meta-llama/Llama-3.1-8B-Instruct`).
        public var model: String
        /// The address runs and reports use (`openai/o3`, `vllm/test-model`).
        public var address: String
        /// The API root, up to and including `/v1`.
        public var baseURL: String
        /// The key, sent as `Authorization: Bearer`; nil for local servers that need none.
        public var apiKey: APIKey?
        /// The environment variable the key came from, named when the provider rejects it.
        public var keyVariable: String?
        /// Whether the model is an OpenAI reasoning model (see the type's documentation).
        public var reasoning: Bool
        /// `reasoning_effort` (`low`, `medium`, `high`, ...), sent only when set.
        public var reasoningEffort: String?
        /// The output token cap, sent as `max_completion_tokens` (reasoning) or `max_tokens`; nil sends none.
        public var maxTokens: Int?
        /// How long one request may take.
        public var timeout: Duration
        /// The HTTP client the calls go through (a command sizes its own for its limits).
        package var client: ModelHTTPClient = .shared
        /// Whether requests carry a `prompt_cache_key` per trial (``PromptCacheKey``). Only OpenAI takes it: a
        /// compatible server may refuse a field it does not know, so it is off unless set.
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
        ///   - reasoning: Whether the model is a reasoning model; defaults to guessing from the OpenAI name.
        ///   - reasoningEffort: `reasoning_effort`, or nil.
        ///   - maxTokens: The output token cap, or nil.
        ///   - timeout: How long one request may take.
        ///   - toolChoice: `tool_choice`; `auto` unless the user forces or forbids tool calls.
        public init(
            model: String, address: String? = nil, baseURL: String = OpenAIChatProvider.defaultBaseURL,
            apiKey: APIKey? = nil, keyVariable: String? = nil, reasoning: Bool? = nil, reasoningEffort: String? = nil,
            maxTokens: Int? = nil, timeout: Duration = .seconds(600), toolChoice: ToolChoice = .auto
        ) {
            self.model = model
            self.address = address ?? "openai/\(model)"
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.keyVariable = keyVariable
            self.reasoning = reasoning ?? Self.isReasoningModel(model)
            self.reasoningEffort = reasoningEffort
            self.maxTokens = maxTokens
            self.timeout = timeout
            self.toolChoice = toolChoice
        }

        /// Whether an OpenAI model id names a reasoning model (o1, o3, o4-mini, gpt-5 and their snapshots).
        public static func isReasoningModel(_ model: String) -> Bool {
            let name = model.split(separator: "/").last.map(String.init)?.lowercased() ?? model.lowercased()
            return ["o1", "o3", "o4", "gpt-5", "codex"].contains { name == $0 || name.hasPrefix($0 + "-") }
        }
    }

    /// OpenAI's own API root (Chat Completions and Responses), the `openai` and `openai-responses` entries' endpoint.
    public static let defaultBaseURL = "https://api.openai.com/v1"

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

    /// Sends the conversation and returns the assistant's answer.
    ///
    /// A refusal or a content-filtered answer is an output (its text, possibly empty), not a throw.
    /// - Throws: `ProviderError`, classified (`.rateLimited` with `retryAfter`, `.server`, `.contextLength`, ...).
    public func generate(_ request: ModelRequest) async throws -> ModelOutput {
        let body = try Self.encode(request: request, configuration: configuration)
        return try await transport.callOpenAI(
            baseURL: configuration.baseURL, path: "chat/completions", apiKey: configuration.apiKey,
            address: configuration.address, keyVariable: configuration.keyVariable, request: request, body: body
        ) { response, turn, provider in
            try Self.decode(response: response, turn: turn, provider: provider, configuration: configuration)
        }
    }
}

extension String {
    /// The string without one trailing `suffix`.
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
