import OffswitchCore
import OffswitchStore

/// A stored transcript as Inspect's `messages` and `events`.
///
/// Times are real: each event's `timestamp` and `working_start` come from the stored event's time, and a model or
/// tool event (stored when the call ended) starts its call's duration earlier, with `completed` and
/// `working_time` set, so Inspect shows how long each call took.
struct InspectTranscript {
    /// The conversation of the trial, as Inspect's `ChatMessage`s.
    private(set) var messages: [JSONValue] = []
    /// Every message a model event's input refers to (`events_data.messages`): the trial's conversation, then its
    /// continuation in the post-trial interview.
    private(set) var pool: [JSONValue] = []
    /// The `model`, `tool`, `info` and `span_begin`/`span_end` events, in the order they happened.
    private(set) var events: [JSONValue] = []
    /// The last model call's `ModelOutput` in the trial (an empty one when the model was never called).
    private(set) var output: JSONValue = ["model": "", "choices": []]

    private let trial: StoredTrial
    private let toolInfo: JSONValue
    private var calls: [String: ToolCall] = [:]
    private var answered: Set<String> = []
    private var model: String

    /// Maps `events` of `trial`, run under `condition`.
    init(trial: StoredTrial, events stored: [TranscriptEvent], condition: Condition) throws {
        self.trial = trial
        toolInfo = .array(condition.toolSpecs.map(Self.toolInfo))
        model = trial.modelNames.first ?? trial.key.model
        try map(stored, from: 0, span: nil)
    }

    /// Adds the post-trial interview: its messages and model calls inside a span named `interview`, then an
    /// `info` event with its answers. Its times count from the trial's end, where the interview began.
    mutating func addInterview(_ interview: InterviewRecord, answers: JSONValue) throws {
        let start = trial.durationMilliseconds
        let span = "interview"
        var begin = base("span_begin", at: start)
        begin.merge(["id": .string(span), "type": "interview", "name": "interview"]) { _, new in new }
        events.append(.object(begin))
        try map(interview.events, from: start, span: span)
        let end = start + (interview.events.last?.atMilliseconds ?? 0)
        var info = base("info", at: end)
        info.merge(["source": "offswitch/interview", "data": answers, "span_id": .string(span)]) { _, new in new }
        events.append(.object(info))
        var close = base("span_end", at: end)
        close["id"] = .string(span)
        events.append(.object(close))
    }

    /// Adds an `info` event with the model-judged labels, at the trial's end (the judge reads the finished trial).
    mutating func addJudgements(_ judgements: JSONValue) {
        var info = base("info", at: trial.durationMilliseconds)
        info.merge(["source": "offswitch/judge", "data": judgements]) { _, new in new }
        events.append(.object(info))
    }

    /// The fields every event has, for an event `milliseconds` after the trial started.
    private func base(_ kind: String, at milliseconds: Int) -> [String: JSONValue] {
        [
            "event": .string(kind), "timestamp": .string(time(milliseconds)),
            "working_start": .double(Double(milliseconds) / 1000),
        ]
    }

    /// The ISO time `milliseconds` after the trial started.
    private func time(_ milliseconds: Int) -> String {
        InspectTime.iso(trial.startedAt + Double(milliseconds) / 1000)
    }

    /// The fields of an event for a call that ended at `end` and took `duration` ms: it starts `duration` earlier
    /// (never before `floor`), and carries `completed` and `working_time`.
    private func timed(_ kind: String, end: Int, duration: Int, floor: Int) -> [String: JSONValue] {
        let start = max(floor, end - max(0, duration))
        var fields = base(kind, at: start)
        fields["completed"] = .string(time(end))
        fields["working_time"] = .double(Double(end - start) / 1000)
        return fields
    }

    /// Maps `stored` events whose times count from `offset` ms after the trial started; inside `span` when given
    /// (interview messages go to the pool only: the sample's `messages` are the trial's conversation).
    private mutating func map(_ stored: [TranscriptEvent], from offset: Int, span: String?) throws {
        func add(_ fields: [String: JSONValue]) {
            var fields = fields
            if let span { fields["span_id"] = .string(span) }
            events.append(.object(fields))
        }
        for (index, event) in stored.enumerated() {
            let at = offset + event.atMilliseconds
            switch event.kind {
            case .message(let message):
                if message.role == .assistant {
                    message.toolCalls.forEach { calls[$0.id] = $0 }
                }
                if span == nil, message.role == .tool, let id = message.toolCallID, !answered.contains(id) {
                    // A tool call that ran no command (an unknown tool, malformed arguments).
                    var tool = base("tool", at: at)
                    tool.merge(Self.toolCall(calls[id], id: id, result: Self.result(message))) { _, new in new }
                    add(tool)
                    answered.insert(id)
                }
                let mapped = Self.message(
                    message, model: model, function: message.toolCallID.flatMap { calls[$0]?.name })
                if span == nil { messages.append(mapped) }
                pool.append(mapped)
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
                if reply != nil && span == nil { output = modelOutput }
                var modelEvent = timed("model", end: at, duration: call.durationMilliseconds, floor: offset)
                modelEvent.merge([
                    "model": .string(trial.key.model), "input": [],
                    "input_refs": [[0, .int(Int64(pool.count))]], "tools": toolInfo, "tool_choice": "auto",
                    "config": [:], "output": modelOutput, "error": .optional(call.error), "call": Self.call(call),
                ]) { _, new in new }
                add(modelEvent)
            case .command(let record):
                let reply = stored.dropFirst(index + 1).lazy.compactMap { next -> ChatMessage? in
                    if case .message(let message) = next.kind, message.role == .tool,
                        message.toolCallID == record.toolCallID
                    {
                        return message
                    }
                    return nil
                }.first
                var tool = timed("tool", end: at, duration: record.durationMilliseconds, floor: offset)
                tool.merge(Self.toolCall(calls[record.toolCallID], id: record.toolCallID, result: Self.result(reply))) {
                    _, new in new
                }
                tool["metadata"] = try JSONValue.encoding(record)
                if record.timedOut {
                    tool["error"] = ["type": "timeout", "message": "Command timed out before completing."]
                } else if !record.sandboxAlive {
                    tool["error"] = ["type": "sandbox_unavailable", "message": "the sandbox ended during the command"]
                }
                add(tool)
                answered.insert(record.toolCallID)
            case .snapshot(let snapshot):
                var info = base("info", at: at)
                info["source"] = "offswitch/workspace"
                info["data"] = Self.snapshot(snapshot)
                add(info)
            case .note(let text):
                var info = base("info", at: at)
                info["source"] = "offswitch"
                info["data"] = .string(text)
                add(info)
            }
        }
    }
}
