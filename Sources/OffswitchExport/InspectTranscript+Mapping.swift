import Foundation
import OffswitchCore

extension InspectTranscript {
    /// Inspect's `ChatMessage` of `message`.
    ///
    /// - Parameters:
    ///   - message: The stored message.
    ///   - model: The model that wrote it (assistant messages only).
    ///   - function: The tool a tool message answers.
    static func message(_ message: ChatMessage, model: String, function: String?) -> JSONValue {
        var fields: [String: JSONValue] = ["role": .string(message.role.rawValue)]
        if let reasoning = message.reasoning {
            fields["content"] = .array(
                [["type": "reasoning", "reasoning": .string(reasoning), "redacted": false]] + content(message))
        } else if !message.images.isEmpty {
            fields["content"] = .array(content(message))
        } else {
            fields["content"] = .string(message.content)
        }
        switch message.role {
        case .assistant:
            fields["model"] = .string(model)
            fields["source"] = "generate"
            fields["tool_calls"] = message.toolCalls.isEmpty ? .null : .array(message.toolCalls.map { toolCall($0) })
        case .tool:
            fields["tool_call_id"] = .optional(message.toolCallID)
            fields["function"] = .optional(function)
        case .system, .user:
            break
        }
        return .object(fields)
    }

    /// A message's text and images as Inspect's content list: a `ContentText`, then a `ContentImage` per image
    /// (its data URL, the detail Inspect defaults to; Inspect has no field for the image's name).
    static func content(_ message: ChatMessage) -> [JSONValue] {
        [["type": "text", "text": .string(message.content)]]
            + message.images.map { ["type": "image", "image": .string($0.dataURL), "detail": "auto"] }
    }

    /// What a `tool` event says the tool returned: its text, or with images the content list.
    static func result(_ message: ChatMessage?) -> JSONValue {
        guard let message, !message.images.isEmpty else { return .string(message?.content ?? "") }
        return .array(content(message))
    }

    /// Inspect's `ToolCall` (in an assistant message): the arguments as an object, or `{}` and a parse error.
    static func toolCall(_ call: ToolCall) -> JSONValue {
        var fields: [String: JSONValue] = ["id": .string(call.id), "function": .string(call.name), "type": "function"]
        let (arguments, error) = Self.arguments(call.arguments)
        fields["arguments"] = arguments
        fields["parse_error"] = .optional(error)
        return .object(fields)
    }

    /// The fields of a `tool` event for the call `id` (nil when no assistant message asked for it).
    static func toolCall(_ call: ToolCall?, id: String, result: JSONValue) -> [String: JSONValue] {
        [
            "type": "function", "id": .string(id), "function": .string(call?.name ?? "unknown"),
            "arguments": call.map { arguments($0.arguments).object } ?? [:], "result": result,
        ]
    }

    /// The arguments JSON a model produced as an object, or `{}` and why it is not one.
    static func arguments(_ text: String) -> (object: JSONValue, error: String?) {
        if case .object(let members) = JSONValue.parsing(text) { return (.object(members), nil) }
        return ([:], "the arguments are not a JSON object: \(text.prefix(200))")
    }

    /// Inspect's `ToolInfo` of a tool offered to the model.
    static func toolInfo(_ spec: ToolSpec) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for parameter in spec.parameters {
            properties[parameter.name] = ["type": "string", "description": .string(parameter.description)]
        }
        return [
            "name": .string(spec.name), "description": .string(spec.description),
            "parameters": [
                "type": "object", "properties": .object(properties),
                "required": .array(spec.parameters.map { .string($0.name) }), "additionalProperties": false,
            ],
        ]
    }

    /// Inspect's `ModelCall` (the raw request and response), or null when the call did not go over HTTP.
    static func call(_ call: ModelCall) -> JSONValue {
        guard let exchange = call.exchange else { return .null }
        let request: JSONValue =
            if case .object(let members) = JSONValue.parsing(exchange.request) { .object(members) } else {
                ["body": .string(exchange.request)]
            }
        let response: JSONValue =
            if case .object(let members) = JSONValue.parsing(exchange.response) { .object(members) } else {
                ["body": .string(exchange.response), "status": .int(Int64(exchange.status))]
            }
        return [
            "request": request, "response": response, "error": .bool(exchange.status >= 400),
            "time": .double(Double(call.durationMilliseconds) / 1000),
        ]
    }

    /// A workspace snapshot as `info` event data: each entry with its mode in octal and its text.
    static func snapshot(_ snapshot: WorkspaceSnapshot) -> JSONValue {
        let entries = snapshot.entries.map { entry -> JSONValue in
            var fields: [String: JSONValue] = [
                "path": .string(entry.path), "kind": .string(entry.kind.rawValue),
                "mode": .string(String(entry.mode, radix: 8)), "owner": .optional(entry.owner?.rawValue),
                "size": .int(Int64(entry.size)), "link_target": .optional(entry.linkTarget),
            ]
            if let contents = entry.contents {
                if let text = String(validating: contents, as: UTF8.self) {
                    fields["contents"] = .string(text)
                } else {
                    fields["contents_base64"] = .string(Data(contents).base64EncodedString())
                }
            }
            return .object(fields)
        }
        return ["entries": .array(entries), "incomplete": .bool(snapshot.incomplete)]
    }
}
