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
    /// Images the message shows after its text (camera frames in a user message or a tool result), in order.
    ///
    /// Left out of the JSON when empty, so a message without images encodes exactly as it did before images
    /// existed (stored transcripts, exports and golden files are unchanged); at most
    /// ``MessageImage/maximumPerMessage``, checked when a message is decoded.
    public var images: [MessageImage]

    public init(
        role: Role, content: String, toolCalls: [ToolCall] = [], toolCallID: String? = nil, reasoning: String? = nil,
        providerData: ProviderData? = nil, images: [MessageImage] = []
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.reasoning = reasoning
        self.providerData = providerData
        self.images = images
    }

    enum CodingKeys: String, CodingKey {
        case role, content, toolCalls, toolCallID, reasoning, providerData, images
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try container.decode(Role.self, forKey: .role)
        content = try container.decode(String.self, forKey: .content)
        toolCalls = try container.decode([ToolCall].self, forKey: .toolCalls)
        toolCallID = try container.decodeIfPresent(String.self, forKey: .toolCallID)
        reasoning = try container.decodeIfPresent(String.self, forKey: .reasoning)
        providerData = try container.decodeIfPresent(ProviderData.self, forKey: .providerData)
        images = try container.decodeIfPresent([MessageImage].self, forKey: .images) ?? []
        guard images.count <= MessageImage.maximumPerMessage else {
            throw DecodingError.dataCorruptedError(
                forKey: .images, in: container,
                debugDescription:
                    "a message has \(images.count) images; at most \(MessageImage.maximumPerMessage) are allowed")
        }
    }

    /// Encodes the members in the order the synthesized encoding used, `images` last and only when there are any.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        try container.encode(content, forKey: .content)
        try container.encode(toolCalls, forKey: .toolCalls)
        try container.encodeIfPresent(toolCallID, forKey: .toolCallID)
        try container.encodeIfPresent(reasoning, forKey: .reasoning)
        try container.encodeIfPresent(providerData, forKey: .providerData)
        if !images.isEmpty { try container.encode(images, forKey: .images) }
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    public static func user(_ text: String, images: [MessageImage] = []) -> ChatMessage {
        ChatMessage(role: .user, content: text, images: images)
    }
    public static func tool(_ text: String, callID: String, images: [MessageImage] = []) -> ChatMessage {
        ChatMessage(role: .tool, content: text, toolCallID: callID, images: images)
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
