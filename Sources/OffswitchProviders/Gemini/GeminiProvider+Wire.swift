import Foundation
import OffswitchCore

/// The `generateContent` JSON, as the Gemini API documents it (REST, camelCase).
extension GeminiProvider {
    /// Inspect's stand-in for empty text, which the API rejects.
    static let noContent = "(no content)"

    /// The finish reasons that mean the answer was withheld: a refusal by the provider, recorded as an output.
    static let blockedReasons: Set<String> = [
        "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "LANGUAGE",
    ]

    struct WireResponse: Decodable {
        struct Candidate: Decodable {
            struct Content: Decodable {
                var role: String?
                var parts: [JSONValue]?
            }
            var content: Content?
            var finishReason: String?
        }
        struct Feedback: Decodable {
            var blockReason: String?
        }
        struct UsageMetadata: Decodable {
            var promptTokenCount: WireNumber?
            var candidatesTokenCount: WireNumber?
            var thoughtsTokenCount: WireNumber?
            /// The part of `promptTokenCount` read from cache (implicit or explicit caching).
            var cachedContentTokenCount: WireNumber?
        }
        var candidates: [Candidate]?
        var promptFeedback: Feedback?
        var usageMetadata: UsageMetadata?
        var modelVersion: String?
        var error: JSONValue?
    }

    /// The request body for `request`.
    static func encode(request: ModelRequest, configuration: Configuration) throws -> [UInt8] {
        var system: [String] = []
        var contents: [JSONValue] = []
        var responses: [JSONValue] = []
        // Gemini matches a result to its call by function name; ids go back only when Gemini gave them.
        var callNames: [String: String] = [:]
        var geminiIDs: Set<String> = []
        func flushResponses() {
            guard !responses.isEmpty else { return }
            // All results of one turn go in one content, or the API rejects the turn order.
            contents.append(.object(["role": .string("user"), "parts": .array(responses)]))
            responses = []
        }
        for message in request.messages {
            switch message.role {
            case .system:
                system.append(message.content)
            case .user:
                flushResponses()
                let text: [JSONValue] =
                    message.images.isEmpty || !message.content.isEmpty
                    ? [.object(["text": .string(nonEmpty(message.content))])] : []
                contents.append(
                    .object(["role": .string("user"), "parts": .array(text + message.images.map(inlineData))]))
            case .tool:
                let id = message.toolCallID ?? ""
                var response: [String: JSONValue] = [
                    "name": .string(callNames[id] ?? id),
                    "response": .object(["content": .string(message.content)]),
                ]
                if geminiIDs.contains(id) { response["id"] = .string(id) }
                responses.append(.object(["functionResponse": .object(response)]))
                // A function response holds text here; its images follow it as inlineData parts of the same
                // turn, as Inspect sends them to Gemini (its note: most models take no images inside one).
                responses += message.images.map(inlineData)
            case .assistant:
                flushResponses()
                for call in message.toolCalls { callNames[call.id] = call.name }
                let parts = try parts(of: message)
                for part in parts { if let id = part["functionCall"]?["id"]?.string { geminiIDs.insert(id) } }
                contents.append(.object(["role": .string("model"), "parts": .array(parts)]))
            }
        }
        flushResponses()
        var body: [String: JSONValue] = ["contents": .array(contents)]
        if !system.isEmpty {
            let text = JSONValue.object(["text": .string(system.joined(separator: "\n\n"))])
            body["systemInstruction"] = .object(["parts": .array([text])])
        }
        if !request.tools.isEmpty {
            let declarations = request.tools.map { tool in
                var declaration: [String: JSONValue] = [
                    "name": .string(tool.name), "description": .string(tool.description),
                ]
                // Gemini refuses an object schema with no properties: a tool without parameters (the patrol's
                // live `submit()`) declares none.
                if !tool.parameters.isEmpty { declaration["parameters"] = tool.jsonSchema }
                return JSONValue.object(declaration)
            }
            body["tools"] = .array([.object(["functionDeclarations": .array(declarations)])])
            body["toolConfig"] = .object(["functionCallingConfig": .object(["mode": .string("AUTO")])])
        }
        var generation: [String: JSONValue] = [:]
        if let maxTokens = configuration.maxTokens { generation["maxOutputTokens"] = .int(Int64(maxTokens)) }
        if configuration.isThinkingModel {
            var thinking: [String: JSONValue] = ["includeThoughts": .bool(true)]
            if let level = configuration.thinkingLevel {
                thinking["thinkingLevel"] = .string(level)
            } else {
                thinking["thinkingBudget"] = .int(Int64(configuration.thinkingBudget ?? -1))
            }
            generation["thinkingConfig"] = .object(thinking)
        }
        if !generation.isEmpty { body["generationConfig"] = .object(generation) }
        return Array(JSONValue.object(body).text.utf8)
    }

    /// A model turn's parts: exactly as Gemini returned them when it came from Gemini (thought signatures on
    /// their parts), otherwise built from its text and tool calls.
    static func parts(of message: ChatMessage) throws -> [JSONValue] {
        if let data = message.providerData, data.provider == providerDataName {
            do {
                if case .array(let parts) = try JSONValue.parse(Array(data.json.utf8)), !parts.isEmpty { return parts }
            } catch {
                throw ProviderError(
                    .malformed, "a stored Gemini answer could not be replayed: \(error)", underlying: error)
            }
        }
        var parts: [JSONValue] = []
        if !message.content.isEmpty { parts.append(.object(["text": .string(message.content)])) }
        for call in message.toolCalls {
            let args: JSONValue
            do {
                args = try JSONValue.parse(Array(call.arguments.utf8))
            } catch {
                // A call whose arguments were not JSON: the tool result already told the model so.
                args = .object([:])
            }
            let function = JSONValue.object(["name": .string(call.name), "args": args.isObject ? args : .object([:])])
            parts.append(.object(["functionCall": function]))
        }
        return parts.isEmpty ? [.object(["text": .string(noContent)])] : parts
    }

    static func nonEmpty(_ text: String) -> String { text.isEmpty ? noContent : text }

    /// An image as an `inlineData` part (base64 with its media type).
    static func inlineData(_ image: MessageImage) -> JSONValue {
        .object(["inlineData": .object(["mimeType": .string(image.mediaType), "data": .string(image.data)])])
    }

    /// The output in a 2xx answer; a blocked prompt or answer is an output saying so.
    static func decode(
        response: HTTPTransport.Response, turn: Int, provider: String, configuration: Configuration
    ) throws -> ModelOutput {
        let wire: WireResponse
        do {
            wire = try JSONDecoder().decode(WireResponse.self, from: Data(response.body))
        } catch {
            throw ProviderError.malformed(response.body, provider: provider, underlying: error)
        }
        if let error = wire.error, error != .null {
            throw classify(
                status: error["code"].map(ProviderError.embeddedStatus) ?? 500,
                retryAfterHeader: response.header("Retry-After"),
                body: Array(JSONValue.object(["error": error]).text.utf8), provider: provider,
                configuration: configuration)
        }
        let modelName = wire.modelVersion ?? configuration.model
        let metadata = wire.usageMetadata
        var counts = TokenCountReader(provider: provider)
        let thoughts = counts.optionalCount(metadata?.thoughtsTokenCount, field: "thoughtsTokenCount")
        // Thoughts are billed as output but not counted in candidatesTokenCount. (Both counts are in range, so
        // the sum cannot overflow; Usage clamps it.)
        let input = counts.count(metadata?.promptTokenCount, field: "promptTokenCount")
        let usage = Usage(
            inputTokens: input,
            outputTokens: counts.count(metadata?.candidatesTokenCount, field: "candidatesTokenCount") + (thoughts ?? 0),
            reasoningTokens: thoughts,
            cacheReadTokens: counts.partCount(
                metadata?.cachedContentTokenCount, of: input, field: "cachedContentTokenCount"))
        guard let candidate = wire.candidates?.first else {
            if let reason = wire.promptFeedback?.blockReason {
                return ModelOutput(
                    message: ChatMessage(role: .assistant, content: "BLOCKED: \(reason)"), usage: usage,
                    modelName: modelName, notes: counts.notes)
            }
            throw ProviderError.malformed(response.body, provider: provider, underlying: nil)
        }
        let parts = candidate.content?.parts ?? []
        var texts: [String] = []
        var thinking: [String] = []
        var calls: [ToolCall] = []
        for part in parts {
            if let text = part["text"]?.string {
                if part["thought"] == .bool(true) { thinking.append(text) } else { texts.append(text) }
            } else if let call = part["functionCall"] {
                calls.append(
                    ToolCall(
                        id: call["id"]?.string ?? "call_\(turn)_\(calls.count + 1)", name: call["name"]?.string ?? "",
                        arguments: (call["args"] ?? .object([:])).text))
            }
        }
        var content = texts.joined()
        if content.isEmpty, calls.isEmpty, let reason = candidate.finishReason, blockedReasons.contains(reason) {
            content = "BLOCKED: \(reason)"
        }
        let message = ChatMessage(
            role: .assistant, content: content, toolCalls: calls,
            reasoning: thinking.isEmpty ? nil : thinking.joined(separator: "\n"),
            providerData: parts.isEmpty
                ? nil : ProviderData(provider: providerDataName, json: JSONValue.array(parts).text))
        return ModelOutput(
            message: message, usage: usage, modelName: modelName, truncated: candidate.finishReason == "MAX_TOKENS",
            notes: counts.notes)
    }

    /// The shared classification, with Gemini's own habits: a 429 saying "quota" is usually a per-minute limit
    /// (only "limit: 0", no access at all, is final), the wait may come in `RetryInfo.retryDelay`, and a bad key
    /// is a 400.
    static func classify(
        status: Int, retryAfterHeader: String?, body: [UInt8], provider: String, configuration: Configuration
    ) -> ProviderError {
        let detail = ErrorDetail(body: body)
        let message = detail.message ?? ""
        let badKey = status == 400 && (message.contains("API key not valid") || message.contains("API_KEY_INVALID"))
        var error = ProviderError.classify(
            status: badKey ? 401 : status, retryAfterHeader: retryAfterHeader, body: body, provider: provider,
            keyVariable: configuration.keyVariable)
        if error.code == .quotaExceeded, !message.lowercased().contains("limit: 0") {
            error = ProviderError(.rateLimited, "\(provider): rate limited (HTTP 429): \(message)")
        }
        if error.code == .rateLimited || error.code == .server {
            error.retryAfter = retryAfterHeader.flatMap { ProviderError.parseRetryAfter($0) } ?? retryDelay(in: body)
        }
        return error
    }

    /// `google.rpc.RetryInfo.retryDelay` (`"27s"`) from an error body's `details`.
    static func retryDelay(in body: [UInt8]) -> Duration? {
        let json: JSONValue
        do {
            json = try JSONValue.parse(body)
        } catch {
            return nil  // a body that is not JSON names no delay; the status was classified without it
        }
        guard case .array(let details)? = json["error"]?["details"] else { return nil }
        for detail in details {
            guard let delay = detail["retryDelay"]?.string, delay.hasSuffix("s"),
                let seconds = ProviderError.delaySeconds(delay.dropLast())
            else { continue }
            return seconds
        }
        return nil
    }
}
