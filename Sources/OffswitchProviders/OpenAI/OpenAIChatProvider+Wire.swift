import Foundation
import OffswitchCore

/// The Chat Completions JSON, as OpenAI documents it.
extension OpenAIChatProvider {
    struct WireRequest: Encodable {
        var model: String
        var messages: [WireMessage]
        var tools: [WireTool]?
        var toolChoice: JSONValue?
        var maxTokens: Int?
        var maxCompletionTokens: Int?
        var reasoningEffort: String?
        var promptCacheKey: String?

        enum CodingKeys: String, CodingKey {
            case model, messages, tools
            case promptCacheKey = "prompt_cache_key"
            case toolChoice = "tool_choice"
            case maxTokens = "max_tokens"
            case maxCompletionTokens = "max_completion_tokens"
            case reasoningEffort = "reasoning_effort"
        }
    }

    struct WireMessage: Encodable {
        var role: String
        /// Always present: an assistant message with tool calls carries `""`, which some local servers require.
        /// A string, or for a message with images a list of `text` and `image_url` parts.
        var content: JSONValue
        var toolCalls: [WireToolCall]?
        var toolCallID: String?

        enum CodingKeys: String, CodingKey {
            case role, content
            case toolCalls = "tool_calls"
            case toolCallID = "tool_call_id"
        }
    }

    struct WireToolCall: Codable {
        struct Function: Codable {
            var name: String
            /// A JSON string on OpenAI; some compatible servers answer an object instead.
            var arguments: JSONValue?
        }
        var id: String?
        var type: String?
        var function: Function
    }

    struct WireTool: Encodable {
        struct Function: Encodable {
            var name: String
            var description: String
            var parameters: JSONValue
        }
        var type = "function"
        var function: Function
    }

    struct WireResponse: Decodable {
        struct Choice: Decodable {
            var message: Message?
            var finishReason: String?
            var error: JSONValue?
            enum CodingKeys: String, CodingKey {
                case message, error
                case finishReason = "finish_reason"
            }
        }
        struct Message: Decodable {
            var content: JSONValue?
            var refusal: String?
            var toolCalls: [WireToolCall]?
            var reasoningContent: String?
            var reasoning: String?
            enum CodingKeys: String, CodingKey {
                case content, refusal, reasoning
                case toolCalls = "tool_calls"
                case reasoningContent = "reasoning_content"
            }
        }
        struct WireUsage: Decodable {
            struct Details: Decodable {
                var reasoningTokens: WireNumber?
                enum CodingKeys: String, CodingKey { case reasoningTokens = "reasoning_tokens" }
            }
            /// `cached_tokens` (OpenAI, xAI, OpenRouter) and `cache_write_tokens` (OpenRouter, for providers that
            /// bill writes): parts of `prompt_tokens`.
            struct PromptDetails: Decodable {
                var cachedTokens: WireNumber?
                var cacheWriteTokens: WireNumber?
                enum CodingKeys: String, CodingKey {
                    case cachedTokens = "cached_tokens"
                    case cacheWriteTokens = "cache_write_tokens"
                }
            }
            var promptTokens: WireNumber?
            var completionTokens: WireNumber?
            var completionTokensDetails: Details?
            var promptTokensDetails: PromptDetails?
            enum CodingKeys: String, CodingKey {
                case promptTokens = "prompt_tokens"
                case completionTokens = "completion_tokens"
                case completionTokensDetails = "completion_tokens_details"
                case promptTokensDetails = "prompt_tokens_details"
            }
        }
        var model: String?
        var choices: [Choice]?
        var usage: WireUsage?
        var error: JSONValue?
    }

    /// What a tool message says in place of each image it had (Inspect's `MEDIA_PLACEHOLDERS`).
    static let toolImagePlaceholder = "Image content is included below."

    /// The request body for `request`.
    static func encode(request: ModelRequest, configuration: Configuration) throws -> [UInt8] {
        var messages: [WireMessage] = []
        // Images of the tool results since the last other message, sent as one user message after them.
        var toolImages: [MessageImage] = []
        func flushToolImages() {
            guard !toolImages.isEmpty else { return }
            messages.append(WireMessage(role: "user", content: .array(toolImages.map(imagePart))))
            toolImages = []
        }
        for message in request.messages {
            if message.role != .tool { flushToolImages() }
            switch message.role {
            case .system:
                messages.append(
                    WireMessage(
                        role: configuration.reasoning ? "developer" : "system", content: .string(message.content)))
            case .user:
                messages.append(WireMessage(role: "user", content: userContent(message)))
            case .assistant:
                let calls = message.toolCalls.map { call in
                    WireToolCall(
                        id: call.id, type: "function",
                        function: .init(name: call.name, arguments: .string(call.arguments)))
                }
                messages.append(
                    WireMessage(
                        role: "assistant", content: .string(message.content), toolCalls: calls.isEmpty ? nil : calls))
            case .tool:
                messages.append(
                    WireMessage(role: "tool", content: .string(toolText(message)), toolCallID: message.toolCallID))
                toolImages += message.images
            }
        }
        flushToolImages()
        let tools = request.tools.map { spec in
            WireTool(function: .init(name: spec.name, description: spec.description, parameters: spec.jsonSchema))
        }
        try configuration.toolChoice.check(offered: request.tools, address: configuration.address)
        let wire = WireRequest(
            model: configuration.model, messages: messages, tools: tools.isEmpty ? nil : tools,
            toolChoice: tools.isEmpty ? nil : configuration.toolChoice.chatCompletionsValue,
            maxTokens: configuration.reasoning ? nil : configuration.maxTokens,
            maxCompletionTokens: configuration.reasoning ? configuration.maxTokens : nil,
            reasoningEffort: configuration.reasoningEffort,
            promptCacheKey: configuration.promptCacheKey ? PromptCacheKey.key(for: request.messages) : nil)
        do {
            return Array(try JSONEncoder().encode(wire))
        } catch {
            throw ProviderError(
                .malformed, "could not encode the request to \(configuration.address): \(error)", underlying: error)
        }
    }

    /// A user message's content: its text alone, or with images a list of its text (when there is any) and an
    /// `image_url` part per image.
    static func userContent(_ message: ChatMessage) -> JSONValue {
        guard !message.images.isEmpty else { return .string(message.content) }
        let text: [JSONValue] =
            message.content.isEmpty ? [] : [.object(["type": .string("text"), "text": .string(message.content)])]
        return .array(text + message.images.map(imagePart))
    }

    /// An image as a Chat Completions content part: its data URL, `detail` auto as Inspect sends it.
    static func imagePart(_ image: MessageImage) -> JSONValue {
        .object([
            "type": .string("image_url"),
            "image_url": .object(["url": .string(image.dataURL), "detail": .string("auto")]),
        ])
    }

    /// A tool message's text. Chat Completions takes only text in a tool message, so, as Inspect does for this API
    /// (`tool_result_media_as_user_message`), each image becomes the line ``toolImagePlaceholder`` here and the
    /// images follow in a user message after the run of tool messages (Inspect joins a message's text parts with
    /// a newline; its text comes first, so `""` with one image reads `"\nImage content is included below."`).
    static func toolText(_ message: ChatMessage) -> String {
        guard !message.images.isEmpty else { return message.content }
        return ([message.content] + message.images.map { _ in toolImagePlaceholder }).joined(separator: "\n")
    }

    /// The output in a 2xx answer, or the error some servers (OpenRouter) put inside one.
    static func decode(
        response: HTTPTransport.Response, turn: Int, provider: String, configuration: Configuration
    ) throws -> ModelOutput {
        let wire: WireResponse
        do {
            wire = try JSONDecoder().decode(WireResponse.self, from: Data(response.body))
        } catch {
            throw ProviderError.malformed(response.body, provider: provider, underlying: error)
        }
        if let error = wire.error ?? wire.choices?.first?.error {
            throw embeddedError(error, response: response, provider: provider, configuration: configuration)
        }
        guard let choice = wire.choices?.first, let message = choice.message else {
            throw ProviderError.malformed(response.body, provider: provider, underlying: nil)
        }
        let calls = (message.toolCalls ?? []).enumerated().map { index, call in
            let arguments: String
            switch call.function.arguments {
            case .string(let text)?: arguments = text
            case nil, .null?: arguments = "{}"
            case let other?: arguments = other.text
            }
            let id = call.id.flatMap { $0.isEmpty ? nil : $0 } ?? "call_\(turn)_\(index + 1)"
            return ToolCall(id: id, name: call.function.name, arguments: arguments)
        }
        let text = text(of: message.content)
        let chat = ChatMessage(
            role: .assistant, content: text ?? message.refusal ?? "", toolCalls: calls,
            reasoning: message.reasoningContent ?? message.reasoning)
        var counts = TokenCountReader(provider: provider)
        let input = counts.count(wire.usage?.promptTokens, field: "prompt_tokens")
        let reads = counts.partCount(
            wire.usage?.promptTokensDetails?.cachedTokens, of: input, field: "prompt_tokens_details.cached_tokens")
        let writes = counts.partCount(
            wire.usage?.promptTokensDetails?.cacheWriteTokens, of: input - (reads ?? 0),
            field: "prompt_tokens_details.cache_write_tokens")
        let usage = Usage(
            inputTokens: input,
            outputTokens: counts.count(wire.usage?.completionTokens, field: "completion_tokens"),
            reasoningTokens: counts.optionalCount(
                wire.usage?.completionTokensDetails?.reasoningTokens,
                field: "completion_tokens_details.reasoning_tokens"),
            cacheReadTokens: reads, cacheWriteTokens: writes)
        // llama-cpp-python's forced tool call says `tool_calls` even when the cap cut its arguments short: an answer
        // exactly as long as the cap was cut too.
        let atCap = configuration.maxTokens.map { usage.outputTokens >= $0 } ?? false
        let truncated = choice.finishReason == "length" || atCap
        return ModelOutput(
            message: chat, usage: usage, modelName: wire.model ?? configuration.model, truncated: truncated,
            notes: counts.notes)
    }

    /// `content` as a string, or the texts of its parts joined (some servers answer an array).
    static func text(of content: JSONValue?) -> String? {
        switch content {
        case .string(let text)?: return text
        case .array(let parts)?: return parts.compactMap { $0["text"]?.string }.joined()
        default: return nil
        }
    }

    /// An error reported inside a 200 answer, classified by its numeric code when it is an HTTP error status.
    static func embeddedError(
        _ error: JSONValue, response: HTTPTransport.Response, provider: String, configuration: Configuration
    ) -> ProviderError {
        let detail = ErrorDetail(json: .object(["error": error]))
        let status = error["code"].map(ProviderError.embeddedStatus) ?? 500
        let body: [UInt8]
        do {
            body = Array(try JSONEncoder().encode(JSONValue.object(["error": error])))
        } catch {
            return ProviderError(.server, "\(provider): error in the answer: \(detail.message ?? "unknown")")
        }
        return ProviderError.classify(
            status: status, retryAfterHeader: response.header("Retry-After"),
            body: body, provider: provider, keyVariable: configuration.keyVariable)
    }
}

extension ToolSpec {
    /// The JSON schema of the tool's parameters: an object of required strings.
    var jsonSchema: JSONValue {
        var properties: [String: JSONValue] = [:]
        for parameter in parameters {
            properties[parameter.name] = .object([
                "type": .string("string"), "description": .string(parameter.description),
            ])
        }
        return .object([
            "type": .string("object"), "properties": .object(properties),
            "required": .array(parameters.map { .string($0.name) }),
        ])
    }
}
