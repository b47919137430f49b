/// Who wrote a message in the conversation.
public enum Role: String, Codable, Sendable {
    case system, user, assistant, tool
}

/// One message of the neutral conversation model every provider translates to and from.
public struct ChatMessage: Codable, Sendable, Equatable {
    public var role: Role
    /// The text of the message (for a tool message, what the tool returned).
    public var content: String
    /// Tool calls the assistant asked for in this message.
    public var toolCalls: [ToolCall]
    /// For a tool message: the id of the call it answers.
    public var toolCallID: String?
    /// Reasoning text the provider exposed for this turn, if any.
    public var reasoning: String?
    /// Provider state that must go back unchanged in later turns (reasoning items, thinking signatures).
    public var providerData: ProviderData?
    /// Images shown with the message (PROVISIONAL, see MessageImage.swift).
    public var images: [MessageImage] = []

    enum CodingKeys: String, CodingKey { case role, content, toolCalls, toolCallID, reasoning, providerData, images }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        role = try c.decode(Role.self, forKey: .role)
        content = try c.decode(String.self, forKey: .content)
        toolCalls = try c.decode([ToolCall].self, forKey: .toolCalls)
        toolCallID = try c.decodeIfPresent(String.self, forKey: .toolCallID)
        reasoning = try c.decodeIfPresent(String.self, forKey: .reasoning)
        providerData = try c.decodeIfPresent(ProviderData.self, forKey: .providerData)
        images = try c.decodeIfPresent([MessageImage].self, forKey: .images) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(role, forKey: .role)
        try c.encode(content, forKey: .content)
        try c.encode(toolCalls, forKey: .toolCalls)
        try c.encodeIfPresent(toolCallID, forKey: .toolCallID)
        try c.encodeIfPresent(reasoning, forKey: .reasoning)
        try c.encodeIfPresent(providerData, forKey: .providerData)
        if !images.isEmpty { try c.encode(images, forKey: .images) }
    }

    public init(
        role: Role, content: String, toolCalls: [ToolCall] = [], toolCallID: String? = nil, reasoning: String? = nil,
        providerData: ProviderData? = nil
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.reasoning = reasoning
        self.providerData = providerData
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    public static func tool(_ text: String, callID: String) -> ChatMessage {
        ChatMessage(role: .tool, content: text, toolCallID: callID)
    }
}

/// A call to one of the agent's tools, with its arguments as the JSON text the model produced.
public struct ToolCall: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    /// The raw JSON object text of the arguments; it may be malformed when a model produced it.
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// A tool offered to the model: its name, description and string parameters.
public struct ToolSpec: Codable, Sendable, Equatable {
    public struct Parameter: Codable, Sendable, Equatable {
        public var name: String
        public var description: String
        public init(name: String, description: String) {
            self.name = name
            self.description = description
        }
    }

    public var name: String
    public var description: String
    public var parameters: [Parameter]

    public init(name: String, description: String, parameters: [Parameter]) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// Opaque provider state attached to an assistant message, replayed byte for byte to the provider that made it.
///
/// Examples: OpenAI Responses reasoning items (`encrypted_content`), Anthropic thinking blocks with their
/// signatures, Gemini thought signatures. Only the adapter named by `provider` reads it; another provider
/// ignores it, since one provider's reasoning must never be replayed to another.
public struct ProviderData: Codable, Sendable, Equatable {
    /// The wire format that produced it (for example `anthropic`, `openai-responses`).
    public var provider: String
    /// The provider's own JSON, exactly as it was returned.
    public var json: String

    /// Creates provider data.
    /// - Parameters:
    ///   - provider: The wire format that produced it.
    ///   - json: The provider's JSON, unchanged.
    public init(provider: String, json: String) {
        self.provider = provider
        self.json = json
    }
}
