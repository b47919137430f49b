import OffswitchCore
import OffswitchStore

/// A stored transcript as Inspect's `messages` and `events`.
struct InspectTranscript {
    /// The conversation, as Inspect's `ChatMessage`s.
    private(set) var messages: [JSONValue] = []
    /// The `model`, `tool` and `info` events, in the order they happened.
    private(set) var events: [JSONValue] = []
    /// The last model call's `ModelOutput` (an empty one when the model was never called).
    private(set) var output: JSONValue = ["model": "", "choices": []]

    /// Maps `events` of `trial`, run under `condition`.
    init(trial: StoredTrial, events stored: [TranscriptEvent], condition: Condition) throws {
        let tools = condition.tools.specs
        let toolInfo = JSONValue.array(tools.map(Self.toolInfo))
        var calls: [String: ToolCall] = [:]
        var answered: Set<String> = []
        var model = trial.modelNames.first ?? trial.key.model
        func base(_ kind: String, _ event: TranscriptEvent) -> [String: JSONValue] {
            [
                "event": .string(kind),
                "timestamp": .string(InspectTime.iso(trial.startedAt + Double(event.atMilliseconds) / 1000)),
                "working_start": .double(Double(event.atMilliseconds) / 1000),
            ]
        }
        for (index, event) in stored.enumerated() {
            switch event.kind {
            case .message(let message):
                if message.role == .assistant {
                    message.toolCalls.forEach { calls[$0.id] = $0 }
                }
                if message.role == .tool, let id = message.toolCallID, !answered.contains(id) {
                    // A tool call that ran no command (an unknown tool, malformed arguments).
                    var tool = base("tool", event)
                    tool.merge(Self.toolCall(calls[id], id: id, result: message.content)) { _, new in new }
                    events.append(.object(tool))
                    answered.insert(id)
                }
                messages.append(
                    Self.message(message, model: model, function: message.toolCallID.flatMap { calls[$0]?.name }))
            case .model(let call):
                model = call.modelName
                let reply = stored.dropFirst(index + 1).first.flatMap { next -> ChatMessage? in
                    if case .message(let message) = next.kind, message.role == .assistant { return message }
                    return nil
                }
                var choices: [JSONValue] = []
                if let reply {
                    choices.append([
                        "message": Self.message(reply, model: call.modelName, function: nil),
                        "stop_reason": reply.toolCalls.isEmpty ? "stop" : "tool_calls",
                    ])
                }
                let modelOutput: JSONValue = [
                    "model": .string(call.modelName), "choices": .array(choices),
                    "completion": .string(reply?.content ?? ""), "usage": InspectSample.usage(call.usage),
                    "time": .double(Double(call.durationMilliseconds) / 1000), "error": .optional(call.error),
                ]
                if reply != nil { output = modelOutput }
                var modelEvent = base("model", event)
                modelEvent.merge([
                    "model": .string(trial.key.model), "input": [],
                    "input_refs": [[0, .int(Int64(messages.count))]], "tools": toolInfo, "tool_choice": "auto",
                    "config": [:], "output": modelOutput, "error": .optional(call.error),
                    "working_time": .double(Double(call.durationMilliseconds) / 1000),
                    "call": Self.call(call),
                ]) { _, new in new }
                events.append(.object(modelEvent))
            case .command(let record):
                let reply = stored.dropFirst(index + 1).lazy.compactMap { next -> ChatMessage? in
                    if case .message(let message) = next.kind, message.role == .tool,
                        message.toolCallID == record.toolCallID
                    {
                        return message
                    }
                    return nil
                }.first
                var tool = base("tool", event)
                tool.merge(Self.toolCall(calls[record.toolCallID], id: record.toolCallID, result: reply?.content ?? ""))
                { _, new in new }
                tool["working_time"] = .double(Double(record.durationMilliseconds) / 1000)
                tool["metadata"] = try JSONValue.encoding(record)
                if record.timedOut {
                    tool["error"] = ["type": "timeout", "message": "Command timed out before completing."]
                } else if !record.sandboxAlive {
                    tool["error"] = ["type": "sandbox_unavailable", "message": "the sandbox ended during the command"]
                }
                events.append(.object(tool))
                answered.insert(record.toolCallID)
            case .snapshot(let snapshot):
                var info = base("info", event)
                info["source"] = "offswitch/workspace"
                info["data"] = Self.snapshot(snapshot)
                events.append(.object(info))
            case .note(let text):
                var info = base("info", event)
                info["source"] = "offswitch"
                info["data"] = .string(text)
                events.append(.object(info))
            }
        }
    }
}
