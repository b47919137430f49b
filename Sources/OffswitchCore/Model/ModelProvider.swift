/// What the agent loop asks a model: the conversation so far and the tools it may call.
public struct ModelRequest: Sendable {
    public var messages: [ChatMessage]
    public var tools: [ToolSpec]

    public init(messages: [ChatMessage], tools: [ToolSpec]) {
        self.messages = messages
        self.tools = tools
    }
}

/// Token counts a provider reported for one call.
public struct Usage: Codable, Sendable, Equatable {
    public var inputTokens: Int
    public var outputTokens: Int
    public init(inputTokens: Int = 0, outputTokens: Int = 0) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
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

    public init(message: ChatMessage, usage: Usage = Usage(), modelName: String, scripted: Bool = false) {
        self.message = message
        self.usage = usage
        self.modelName = modelName
        self.scripted = scripted
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
        private enum Value: String { case unknownModel, missingKey, rateLimited, server, malformed, contextLength }
        private let value: Value
        public static let unknownModel = Code(value: .unknownModel)
        public static let missingKey = Code(value: .missingKey)
        public static let rateLimited = Code(value: .rateLimited)
        public static let server = Code(value: .server)
        public static let malformed = Code(value: .malformed)
        /// The conversation no longer fits the model's context: the trial is excluded, not errored.
        public static let contextLength = Code(value: .contextLength)
        public var description: String { value.rawValue }
    }

    public var code: Code
    public var message: String
    public var underlying: (any Error)?

    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }
}
