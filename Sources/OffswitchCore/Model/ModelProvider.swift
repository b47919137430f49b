/// What the agent loop asks a model: the conversation so far and the tools it may call.
public struct ModelRequest: Sendable {
    public var messages: [ChatMessage]
    public var tools: [ToolSpec]

    public init(messages: [ChatMessage], tools: [ToolSpec]) {
        self.messages = messages
        self.tools = tools
    }
}

/// What a model answered: one assistant message, with the model name the provider says answered.
public struct ModelOutput: Sendable {
    public var message: ChatMessage
    public var usage: Usage
    /// The model that answered, as the provider reported it (providers may route a retired name elsewhere).
    public var modelName: String
    /// True when the output came from a scripted reference agent rather than a real model.
    public var scripted: Bool
    /// The raw request and response of the call, when it went over HTTP.
    public var exchange: RawExchange?
    /// True when the provider cut the answer at the output token cap (Chat Completions' `finish_reason: length`,
    /// Responses' `incomplete_details.reason: max_output_tokens`, Anthropic's `stop_reason: max_tokens`, Gemini's
    /// `finishReason: MAX_TOKENS`).
    public var truncated: Bool
    /// What the adapter had to correct in the answer (a token count out of range), for the transcript.
    public var notes: [String]
    /// What the answer's rate-limit headers said about the account, for the engine's pacing; nil without headers.
    public var rateLimit: RateLimitStatus?

    public init(
        message: ChatMessage, usage: Usage = Usage(), modelName: String, scripted: Bool = false,
        exchange: RawExchange? = nil, truncated: Bool = false, notes: [String] = []
    ) {
        self.message = message
        self.usage = usage
        self.modelName = modelName
        self.scripted = scripted
        self.exchange = exchange
        self.truncated = truncated
        self.notes = notes
    }
}

/// A model behind some wire format: the port every provider adapter (and every reference agent) implements.
///
/// A provider translates and classifies errors; the engine owns retries, limits and the transcript.
public protocol ModelProvider: Sendable {
    /// The model's address, `provider/model` (for example `reference/comply`).
    var address: String { get }
    /// Generates the next assistant message.
    /// - Throws: `ProviderError` when the provider failed; refusals and limits are outputs, not throws.
    func generate(_ request: ModelRequest) async throws -> ModelOutput
}

/// A failure to get an answer from a model provider.
public struct ProviderError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case unknownModel, missingKey, invalidKey, rateLimited, quotaExceeded, server, timeout, network,
                badRequest, malformed, contextLength, connectionRefused, hostNotFound, tlsFailure, invalidURL,
                answerTooLarge, recordingEnded
        }
        private let value: Value
        public static let unknownModel = Code(value: .unknownModel)
        public static let missingKey = Code(value: .missingKey)
        /// The provider rejected the key (401/403).
        public static let invalidKey = Code(value: .invalidKey)
        /// Too many requests (429): worth retrying, after `retryAfter` when the provider said.
        public static let rateLimited = Code(value: .rateLimited)
        /// The account is out of credit or quota: retrying will not help.
        public static let quotaExceeded = Code(value: .quotaExceeded)
        /// The provider failed or is overloaded (5xx, Anthropic 529).
        public static let server = Code(value: .server)
        /// The request was sent and no whole answer came within the request timeout. Not retried: the provider
        /// may still be answering it, and billing it.
        public static let timeout = Code(value: .timeout)
        /// The connection failed otherwise (reset, unreachable, none in time): nothing was answered.
        public static let network = Code(value: .network)
        /// Nothing listens at the endpoint's port. Each attempt fails at once, so a short restart is ridden out.
        public static let connectionRefused = Code(value: .connectionRefused)
        /// The endpoint's host name does not resolve.
        public static let hostNotFound = Code(value: .hostNotFound)
        /// The TLS handshake failed (a certificate, or an http:// server behind an https:// URL).
        public static let tlsFailure = Code(value: .tlsFailure)
        /// The endpoint is not a URL that can be requested.
        public static let invalidURL = Code(value: .invalidURL)
        /// The answer was larger than the transport accepts; it was not read.
        public static let answerTooLarge = Code(value: .answerTooLarge)
        /// The provider refused the request as invalid (other 4xx).
        public static let badRequest = Code(value: .badRequest)
        public static let malformed = Code(value: .malformed)
        /// The conversation no longer fits the model's context: the trial is excluded, not errored.
        public static let contextLength = Code(value: .contextLength)
        /// A replayed recording has no more turns to play while the trial goes on (docs/replay.md).
        public static let recordingEnded = Code(value: .recordingEnded)
        public var description: String { value.rawValue }

        /// Whether the same request may succeed if sent again later.
        public var isRetryable: Bool {
            switch value {
            case .rateLimited, .server, .network, .connectionRefused: true
            default: false
            }
        }
    }

    public var code: Code
    public var message: String
    public var underlying: (any Error)?
    /// How long the provider asked us to wait before trying again (from `Retry-After`).
    public var retryAfter: Duration?
    /// The raw request and answer that failed, when one came back.
    public var exchange: RawExchange?

    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil, retryAfter: Duration? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.retryAfter = retryAfter
    }

    public var description: String { message }
}
