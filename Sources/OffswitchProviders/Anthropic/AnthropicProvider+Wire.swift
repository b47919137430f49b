import Foundation
import OffswitchCore

/// The Messages API JSON, as Anthropic documents it.
extension AnthropicProvider {
    /// Inspect's stand-in for empty text, which the API rejects.
    static let noContent = "(no content)"

    struct WireResponse: Decodable {
        struct WireUsage: Decodable {
            /// The input billed in full: cache reads and writes are counted apart, not in it.
            var inputTokens: WireNumber?
            var outputTokens: WireNumber?
            var cacheReadInputTokens: WireNumber?
            var cacheCreationInputTokens: WireNumber?
            enum CodingKeys: String, CodingKey {
                case inputTokens = "input_tokens"
                case outputTokens = "output_tokens"
                case cacheReadInputTokens = "cache_read_input_tokens"
                case cacheCreationInputTokens = "cache_creation_input_tokens"
            }
        }
        var model: String?
        var content: [JSONValue]?
        var stopReason: String?
        var usage: WireUsage?
        var error: JSONValue?
        enum CodingKeys: String, CodingKey {
            case model, content, usage, error
            case stopReason = "stop_reason"
        }
    }

    /// The request body for `request`.
    static func encode(request: ModelRequest, configuration: Configuration) throws -> [UInt8] {
        var system: [String] = []
        var messages: [JSONValue] = []
        var userBlocks: [JSONValue] = []
        func flushUser() {
            guard !userBlocks.isEmpty else { return }
            messages.append(.object(["role": .string("user"), "content": .array(userBlocks)]))
            userBlocks = []
        }
        for message in request.messages {
            switch message.role {
            case .system:
                system.append(message.content)
            case .user:
                if message.images.isEmpty || !message.content.isEmpty {
                    userBlocks.append(.object(["type": .string("text"), "text": .string(nonEmpty(message.content))]))
                }
                userBlocks += message.images.map(imageBlock)
            case .tool:
                // Results answer the calls of the assistant message before; they come first in one user turn. A
                // result with images is a list of blocks, its text first, as Inspect sends it.
                let content: JSONValue =
                    message.images.isEmpty
                    ? .string(nonEmpty(message.content))
                    : .array(
                        [.object(["type": .string("text"), "text": .string(nonEmpty(message.content))])]
                            + message.images.map(imageBlock))
                userBlocks.append(
                    .object([
                        "type": .string("tool_result"), "tool_use_id": .string(message.toolCallID ?? ""),
                        "content": content,
                    ]))
            case .assistant:
                flushUser()
                messages.append(.object(["role": .string("assistant"), "content": .array(try blocks(of: message))]))
            }
        }
        flushUser()
        if configuration.promptCache { messages = cacheBreakpoints(in: messages) }
        var body: [String: JSONValue] = [
            "model": .string(configuration.model), "max_tokens": .int(Int64(configuration.maxTokens)),
            "messages": .array(messages),
        ]
        if !system.isEmpty {
            let text = system.joined(separator: "\n\n")
            body["system"] =
                configuration.promptCache
                ? .array([.object(["type": .string("text"), "text": .string(text), "cache_control": ephemeral])])
                : .string(text)
        }
        if !request.tools.isEmpty {
            var tools: [JSONValue] = request.tools.map { tool in
                .object([
                    "name": .string(tool.name), "description": .string(tool.description),
                    "input_schema": tool.jsonSchema,
                ])
            }
            // Tools come before the system prompt in the cached prefix: with no system prompt, the last tool
            // carries the first breakpoint instead.
            if configuration.promptCache, system.isEmpty, case .object(var last)? = tools.last {
                last["cache_control"] = ephemeral
                tools[tools.count - 1] = .object(last)
            }
            body["tools"] = .array(tools)
            if configuration.thinkingBudget == nil { body["tool_choice"] = .object(["type": .string("auto")]) }
        }
        if let budget = configuration.thinkingBudget {
            body["thinking"] = .object(["type": .string("enabled"), "budget_tokens": .int(Int64(budget))])
        }
        return Array(JSONValue.object(body).text.utf8)
    }

    /// An assistant message's content blocks: exactly as Claude returned them when it came from Claude
    /// (thinking signatures included), otherwise built from its text and tool calls.
    static func blocks(of message: ChatMessage) throws -> [JSONValue] {
        if let data = message.providerData, data.provider == providerDataName {
            do {
                if case .array(let blocks) = try JSONValue.parse(Array(data.json.utf8)) { return blocks }
            } catch {
                throw ProviderError(
                    .malformed, "a stored Claude answer could not be replayed: \(error)", underlying: error)
            }
        }
        var blocks: [JSONValue] = []
        if !message.content.isEmpty {
            blocks.append(.object(["type": .string("text"), "text": .string(message.content)]))
        }
        for call in message.toolCalls {
            let input: JSONValue
            do {
                input = try JSONValue.parse(Array(call.arguments.utf8))
            } catch {
                // A call whose arguments were not JSON: the tool result already told the model so.
                input = .object([:])
            }
            blocks.append(
                .object([
                    "type": .string("tool_use"), "id": .string(call.id), "name": .string(call.name),
                    "input": input.isObject ? input : .object([:]),
                ]))
        }
        return blocks.isEmpty ? [.object(["type": .string("text"), "text": .string(noContent)])] : blocks
    }

    static func nonEmpty(_ text: String) -> String { text.isEmpty ? noContent : text }

    /// `{"type": "ephemeral"}`: a 5-minute cache breakpoint.
    static let ephemeral = JSONValue.object(["type": .string("ephemeral")])

    /// `messages` with a cache breakpoint on the last block of the last two user turns (with the system prompt's,
    /// three of the four Anthropic allows). The last turn's breakpoint writes the conversation so far to the cache;
    /// the one before it is where the previous call wrote, so this call reads everything up to there however many
    /// blocks the model's answer added (a lookup goes back only 20 blocks from a breakpoint).
    static func cacheBreakpoints(in messages: [JSONValue]) -> [JSONValue] {
        var messages = messages
        let users = messages.indices.filter { messages[$0]["role"]?.string == "user" }
        for index in users.suffix(2) {
            guard case .object(var message) = messages[index], case .array(var blocks)? = message["content"],
                case .object(var last)? = blocks.last
            else { continue }
            last["cache_control"] = ephemeral
            blocks[blocks.count - 1] = .object(last)
            message["content"] = .array(blocks)
            messages[index] = .object(message)
        }
        return messages
    }

    /// An image block with the image inline (base64), in a user turn or inside a `tool_result`.
    static func imageBlock(_ image: MessageImage) -> JSONValue {
        .object([
            "type": .string("image"),
            "source": .object([
                "type": .string("base64"), "media_type": .string(image.mediaType), "data": .string(image.data),
            ]),
        ])
    }

    /// The output in a 2xx answer.
    static func decode(response: HTTPTransport.Response, provider: String, configuration: Configuration) throws
        -> ModelOutput
    {
        let wire: WireResponse
        do {
            wire = try JSONDecoder().decode(WireResponse.self, from: Data(response.body))
        } catch {
            throw ProviderError.malformed(response.body, provider: provider, underlying: error)
        }
        if wire.error != nil {
            throw ProviderError.classify(
                status: 500, retryAfterHeader: nil, body: response.body, provider: provider,
                keyVariable: configuration.keyVariable)
        }
        guard let content = wire.content else {
            throw ProviderError.malformed(response.body, provider: provider, underlying: nil)
        }
        var texts: [String] = []
        var thinking: [String] = []
        var calls: [ToolCall] = []
        for block in content {
            switch block["type"]?.string {
            case "text": texts.append(block["text"]?.string ?? "")
            case "thinking": thinking.append(block["thinking"]?.string ?? "")
            case "tool_use":
                calls.append(
                    ToolCall(
                        id: block["id"]?.string ?? "toolu_\(calls.count + 1)", name: block["name"]?.string ?? "",
                        arguments: (block["input"] ?? .object([:])).text))
            default: break  // redacted_thinking and future blocks travel in providerData only
            }
        }
        let message = ChatMessage(
            role: .assistant, content: texts.joined(separator: "\n"), toolCalls: calls,
            reasoning: thinking.isEmpty ? nil : thinking.joined(separator: "\n"),
            providerData: ProviderData(provider: providerDataName, json: JSONValue.array(content).text))
        var counts = TokenCountReader(provider: provider)
        let fresh = counts.count(wire.usage?.inputTokens, field: "input_tokens")
        let reads = counts.optionalCount(wire.usage?.cacheReadInputTokens, field: "cache_read_input_tokens")
        let writes = counts.optionalCount(wire.usage?.cacheCreationInputTokens, field: "cache_creation_input_tokens")
        // Usage counts the cache parts inside the input, as the other providers do. (Each count is at most 1e12,
        // so the sum cannot overflow; Usage clamps it.)
        let usage = Usage(
            inputTokens: fresh + (reads ?? 0) + (writes ?? 0),
            outputTokens: counts.count(wire.usage?.outputTokens, field: "output_tokens"),
            cacheReadTokens: reads, cacheWriteTokens: writes)
        return ModelOutput(
            message: message, usage: usage, modelName: wire.model ?? configuration.model,
            truncated: wire.stopReason == "max_tokens", notes: counts.notes)
    }
}
