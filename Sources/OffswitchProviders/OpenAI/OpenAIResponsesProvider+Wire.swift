import Foundation
import OffswitchCore

/// The Responses API JSON, as OpenAI documents it.
extension OpenAIResponsesProvider {
    struct WireResponse: Decodable {
        struct WireUsage: Decodable {
            struct Details: Decodable {
                var reasoningTokens: WireNumber?
                enum CodingKeys: String, CodingKey { case reasoningTokens = "reasoning_tokens" }
            }
            /// `cached_tokens` and (newer answers) `cache_write_tokens`: parts of `input_tokens`.
            struct InputDetails: Decodable {
                var cachedTokens: WireNumber?
                var cacheWriteTokens: WireNumber?
                enum CodingKeys: String, CodingKey {
                    case cachedTokens = "cached_tokens"
                    case cacheWriteTokens = "cache_write_tokens"
                }
            }
            var inputTokens: WireNumber?
            var outputTokens: WireNumber?
            var outputTokensDetails: Details?
            var inputTokensDetails: InputDetails?
            enum CodingKeys: String, CodingKey {
                case inputTokens = "input_tokens"
                case outputTokens = "output_tokens"
                case outputTokensDetails = "output_tokens_details"
                case inputTokensDetails = "input_tokens_details"
            }
        }
        var model: String?
        var status: String?
        var incompleteDetails: JSONValue?
        var output: [JSONValue]?
        var usage: WireUsage?
        var error: JSONValue?
        enum CodingKeys: String, CodingKey {
            case model, status, output, usage, error
            case incompleteDetails = "incomplete_details"
        }
    }

    /// The request body for `request`.
    ///
    /// It is assembled as text, not encoded from a value, so that replayed output items go out byte for byte.
    static func encode(request: ModelRequest, configuration: Configuration) throws -> [UInt8] {
        var input: [String] = []
        for message in request.messages {
            switch message.role {
            case .system:
                input.append(textMessage(role: configuration.reasoning ? "developer" : "system", message.content))
            case .user where !message.images.isEmpty:
                let text: [JSONValue] = message.content.isEmpty ? [] : [inputText(message.content)]
                input.append(
                    JSONValue.object([
                        "type": .string("message"), "role": .string("user"),
                        "content": .array(text + message.images.map(inputImage)),
                    ]).text)
            case .user:
                input.append(textMessage(role: "user", message.content))
            case .assistant:
                input += try items(of: message)
            case .tool:
                // The API takes images in a function's output (a list of input_text and input_image), as Inspect
                // sends them: the text first, even when empty, then each image.
                let output: JSONValue =
                    message.images.isEmpty
                    ? .string(message.content) : .array([inputText(message.content)] + message.images.map(inputImage))
                input.append(
                    JSONValue.object([
                        "type": .string("function_call_output"), "call_id": .string(message.toolCallID ?? ""),
                        "output": output,
                    ]).text)
            }
        }
        var members: [(String, String)] = [
            ("model", configuration.model.jsonLiteral), ("input", "[" + input.joined(separator: ",") + "]"),
        ]
        if !request.tools.isEmpty {
            try configuration.toolChoice.check(offered: request.tools, address: configuration.address)
            let tools = request.tools.map { spec in
                JSONValue.object([
                    "type": .string("function"), "name": .string(spec.name), "description": .string(spec.description),
                    // Strict mode (the Responses default) would demand additionalProperties: false everywhere.
                    "parameters": spec.jsonSchema, "strict": .bool(false),
                ])
            }
            members.append(("tools", JSONValue.array(tools).text))
            members.append(("tool_choice", configuration.toolChoice.responsesValue.text))
        }
        if let maxTokens = configuration.maxTokens { members.append(("max_output_tokens", String(maxTokens))) }
        if configuration.reasoning {
            var reasoning: [String: JSONValue] = [:]
            if let effort = configuration.reasoningEffort { reasoning["effort"] = .string(effort) }
            if let summary = configuration.reasoningSummary { reasoning["summary"] = .string(summary) }
            if !reasoning.isEmpty { members.append(("reasoning", JSONValue.object(reasoning).text)) }
        }
        if configuration.promptCacheKey {
            members.append(("prompt_cache_key", PromptCacheKey.key(for: request.messages).jsonLiteral))
        }
        members.append(("store", "false"))
        // Only reasoning models have encrypted reasoning; other models reject the include.
        if configuration.reasoning { members.append(("include", #"["reasoning.encrypted_content"]"#)) }
        let body = "{" + members.map { "\($0.0.jsonLiteral):\($0.1)" }.joined(separator: ",") + "}"
        return Array(body.utf8)
    }

    static func isReasoningItem(_ raw: ArraySlice<UInt8>) throws -> Bool {
        do {
            return try JSONValue.parse(Array(raw))["type"] == .string("reasoning")
        } catch {
            throw ProviderError(
                .malformed, "a stored Responses API answer could not be replayed: \(error)", underlying: error)
        }
    }

    static func inputText(_ text: String) -> JSONValue {
        .object(["type": .string("input_text"), "text": .string(text)])
    }

    /// An image as an input part: its data URL, `detail` auto as Inspect sends it.
    static func inputImage(_ image: MessageImage) -> JSONValue {
        .object(["type": .string("input_image"), "image_url": .string(image.dataURL), "detail": .string("auto")])
    }

    static func textMessage(role: String, _ text: String) -> String {
        JSONValue.object([
            "type": .string("message"), "role": .string(role),
            "content": .array([.object(["type": .string("input_text"), "text": .string(text)])]),
        ]).text
    }

    /// An assistant message's input items: its output items exactly as the API returned them when it came
    /// from this API (reasoning items first, as they were), otherwise built from its text and tool calls.
    ///
    /// Reasoning items at the end of a turn cut short (nothing after them) are left out: the API rejects a
    /// reasoning item "without its required following item".
    static func items(of message: ChatMessage) throws -> [String] {
        if let data = message.providerData, data.provider == providerDataName {
            guard var raw = RawJSON.elements(ofArray: Array(data.json.utf8)) else {
                throw ProviderError(.malformed, "a stored Responses API answer could not be replayed: not a JSON array")
            }
            while let last = raw.last, try isReasoningItem(last) { raw.removeLast() }
            return raw.map { String(decoding: $0, as: UTF8.self) }
        }
        var items: [String] = []
        if !message.content.isEmpty {
            items.append(
                JSONValue.object([
                    "type": .string("message"), "role": .string("assistant"),
                    "content": .array([.object(["type": .string("output_text"), "text": .string(message.content)])]),
                ]).text)
        }
        for call in message.toolCalls {
            items.append(
                JSONValue.object([
                    "type": .string("function_call"), "call_id": .string(call.id), "name": .string(call.name),
                    "arguments": .string(call.arguments),
                ]).text)
        }
        return items
    }

    /// The output in a 2xx answer, or the error the API put inside one.
    static func decode(
        response: HTTPTransport.Response, turn: Int, provider: String, configuration: Configuration
    ) throws -> ModelOutput {
        let wire: WireResponse
        do {
            wire = try JSONDecoder().decode(WireResponse.self, from: Data(response.body))
        } catch {
            throw ProviderError.malformed(response.body, provider: provider, underlying: error)
        }
        let modelName = wire.model ?? configuration.model
        if let error = wire.error, error != .null {
            let detail = ErrorDetail(json: .object(["error": error]))
            // A prompt the content filter refused is an answer, not a failure (as Inspect treats it).
            if detail.code?.contains("invalid_prompt") == true {
                let refusal = ChatMessage(role: .assistant, content: detail.message ?? "invalid_prompt")
                return ModelOutput(message: refusal, modelName: modelName)
            }
            throw embeddedError(error, response: response, provider: provider, configuration: configuration)
        }
        guard let output = wire.output, let raw = RawJSON.elements(ofMember: "output", in: response.body),
            raw.count == output.count
        else {
            throw ProviderError.malformed(response.body, provider: provider, underlying: nil)
        }
        var texts: [String] = []
        var reasoning: [String] = []
        var calls: [ToolCall] = []
        for item in output {
            switch item["type"]?.string {
            case "message":
                guard case .array(let parts)? = item["content"] else { continue }
                for part in parts {
                    switch part["type"]?.string {
                    case "output_text": texts.append(part["text"]?.string ?? "")
                    case "refusal": texts.append(part["refusal"]?.string ?? "")
                    default: break
                    }
                }
            case "reasoning":
                for key in ["summary", "content"] {
                    guard case .array(let parts)? = item[key] else { continue }
                    reasoning += parts.compactMap { $0["text"]?.string }
                }
            case "function_call":
                let id = item["call_id"]?.string ?? item["id"]?.string ?? "call_\(turn)_\(calls.count + 1)"
                let arguments: String
                switch item["arguments"] {
                case .string(let text)?: arguments = text
                case nil, .null?: arguments = "{}"
                case let other?: arguments = other.text
                }
                calls.append(ToolCall(id: id, name: item["name"]?.string ?? "", arguments: arguments))
            default:
                break  // other items travel in providerData only
            }
        }
        let json = "[" + raw.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ",") + "]"
        let message = ChatMessage(
            role: .assistant, content: texts.joined(separator: "\n"), toolCalls: calls,
            reasoning: reasoning.isEmpty ? nil : reasoning.joined(separator: "\n"),
            providerData: output.isEmpty ? nil : ProviderData(provider: providerDataName, json: json))
        var counts = TokenCountReader(provider: provider)
        let input = counts.count(wire.usage?.inputTokens, field: "input_tokens")
        let reads = counts.partCount(
            wire.usage?.inputTokensDetails?.cachedTokens, of: input, field: "input_tokens_details.cached_tokens")
        let writes = counts.partCount(
            wire.usage?.inputTokensDetails?.cacheWriteTokens, of: input - (reads ?? 0),
            field: "input_tokens_details.cache_write_tokens")
        let usage = Usage(
            inputTokens: input,
            outputTokens: counts.count(wire.usage?.outputTokens, field: "output_tokens"),
            reasoningTokens: counts.optionalCount(
                wire.usage?.outputTokensDetails?.reasoningTokens, field: "output_tokens_details.reasoning_tokens"),
            cacheReadTokens: reads, cacheWriteTokens: writes)
        let truncated = wire.status == "incomplete" && wire.incompleteDetails?["reason"]?.string == "max_output_tokens"
        return ModelOutput(
            message: message, usage: usage, modelName: modelName, truncated: truncated, notes: counts.notes)
    }

    /// An error reported inside a 200 answer (`status: "failed"`), classified by its code.
    static func embeddedError(
        _ error: JSONValue, response: HTTPTransport.Response, provider: String, configuration: Configuration
    ) -> ProviderError {
        let detail = ErrorDetail(json: .object(["error": error]))
        let lowered = ((detail.code ?? "") + " " + (detail.message ?? "")).lowercased()
        let status =
            if lowered.contains("rate_limit") { 429 } else if ProviderError.isContextLength(lowered) { 400 } else {
                500
            }
        return ProviderError.classify(
            status: status, retryAfterHeader: response.header("Retry-After"),
            body: Array(JSONValue.object(["error": error]).text.utf8), provider: provider,
            keyVariable: configuration.keyVariable)
    }
}
