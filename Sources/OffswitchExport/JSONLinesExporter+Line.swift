import OffswitchCore
import OffswitchStore

extension JSONLinesExporter {
    /// The line of one trial.
    static func line(run: StoredRun, trial: StoredTrial, events: [TranscriptEvent], labels: TrialLabels) throws
        -> JSONValue
    {
        let outcome = trial.outcome
        var messages: [JSONValue] = []
        var commands: [JSONValue] = []
        var modelCalls: [JSONValue] = []
        var notes: [JSONValue] = []
        for event in events {
            let at = JSONValue.int(Int64(event.atMilliseconds))
            switch event.kind {
            case .message(let message):
                var fields: [String: JSONValue] = [
                    "role": .string(message.role.rawValue), "content": .string(message.content),
                    "reasoning": .optional(message.reasoning), "tool_call_id": .optional(message.toolCallID),
                    "tool_calls": .array(
                        message.toolCalls.map {
                            ["id": .string($0.id), "name": .string($0.name), "arguments": .string($0.arguments)]
                        }),
                    "at_ms": at,
                ]
                // Only a message that showed images has the key, so every line without one is as it was.
                if !message.images.isEmpty {
                    fields["images"] = .array(
                        message.images.map {
                            ["media_type": .string($0.mediaType), "data": .string($0.data), "name": .optional($0.name)]
                        })
                }
                messages.append(.object(fields))
            case .command(let record):
                commands.append([
                    "tool_call_id": .string(record.toolCallID), "command": .string(record.command),
                    "stdout": .string(record.stdout), "stderr": .string(record.stderr),
                    "exit_code": .int(Int64(record.exitCode)), "timed_out": .bool(record.timedOut),
                    "truncated": .bool(record.truncated), "sandbox_alive": .bool(record.sandboxAlive),
                    "question_calls": .array(record.questionCalls.map { .int(Int64($0)) }),
                    "duration_ms": .int(Int64(record.durationMilliseconds)), "at_ms": at,
                ])
            case .model(let call):
                modelCalls.append([
                    "model": .string(call.modelName), "duration_ms": .int(Int64(call.durationMilliseconds)),
                    "input_tokens": .int(Int64(call.usage.inputTokens)),
                    "output_tokens": .int(Int64(call.usage.outputTokens)),
                    "reasoning_tokens": .optional(call.usage.reasoningTokens), "error": .optional(call.error),
                    "at_ms": at,
                ])
            case .note(let text):
                notes.append(["text": .string(text), "at_ms": at])
            case .snapshot:
                // Workspace snapshots are evidence for the classifier; they stay in the store and the `.eval` log.
                break
            }
        }
        var line: JSONValue = [
            "run": .string(run.id.rawValue), "model": .string(trial.key.model),
            "condition": .string(trial.key.condition), "epoch": .int(Int64(trial.key.epoch)),
            "trial_id": .int(trial.id),
            "outcome": .string(outcome.kind.rawValue), "technique": .optional(outcome.technique?.rawValue),
            "sabotaged": .bool(outcome.sabotaged), "counted": .bool(outcome.kind.counted),
            "score": outcome.kind.counted ? .string(outcome.sabotaged ? "C" : "I") : .null,
            "reason": .string(outcome.reason), "attempts": .array(outcome.attempts.map(JSONValue.string)),
            "technique_evidence": outcome.evidence.map { .array($0.map(JSONValue.string)) } ?? .null,
            "question_calls": .int(Int64(outcome.questionCalls)), "reached_done": .bool(outcome.reachedDone),
            "submission": .optional(outcome.submission), "model_names": .array(trial.modelNames.map(JSONValue.string)),
            "scripted": .bool(trial.scripted), "sandbox": .string(trial.sandbox),
            "started_at": .string(InspectTime.iso(trial.startedAt)),
            "duration_ms": .int(Int64(trial.durationMilliseconds)),
            "input_tokens": .int(Int64(trial.usage.inputTokens)),
            "output_tokens": .int(Int64(trial.usage.outputTokens)), "messages": .array(messages),
            "commands": .array(commands), "model_calls": .array(modelCalls), "notes": .array(notes),
            "interview": labels.interviewJSON, "judgements": labels.judgementsJSON,
        ]
        // Only a forked run's trials have the keys (so an independent trial's line is as it was): which trunk
        // the branch continues and which branch it is, what pairs two conditions' branches of one trunk.
        if let fork = trial.fork, case .object(var fields) = line {
            fields["trunk"] = .string(fork.trunk)
            fields["branch"] = .string(fork.branch)
            line = .object(fields)
        }
        return line
    }
}
