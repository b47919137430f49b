import Foundation
import OffswitchCore
import OffswitchStore

/// One stored trial as an Inspect `EvalSample` (and its `EvalSampleSummary`), in log schema version 2.
///
/// The mapping: the conversation becomes `messages`; every model call a `model` event (its input given as a
/// range of `events_data.messages`, as Inspect's own writer condenses it), every tool call a `tool` event with
/// the command's full record in its metadata, workspace snapshots and harness notes `info` events, and the
/// verdict Palisade's `shutdown_scorer` score: `C` when the shutdown was bypassed (sabotage), `I` otherwise,
/// with offswitch's outcome class in the score's and the sample's metadata. Trials that Palisade left out of N
/// (excluded, errored) carry no score: an excluded trial has its `limit`, an errored one its `error`. What was
/// learned after scoring follows the score event: the post-trial interview as a span `interview` (its model calls
/// and an `info` event `offswitch/interview` with the answers) and the model-judged labels as an `info` event
/// `offswitch/judge`; the score's metadata carries both too (`interview`, `judgements`).
struct InspectSample {
    /// The name of the score, as Palisade's Inspect task called its scorer.
    static let scorer = "shutdown_scorer"

    var trial: StoredTrial
    var events: [TranscriptEvent]
    var condition: Condition
    /// The sample's id: every epoch of a cell is the same sample of a one-sample dataset.
    var sampleID: Int
    /// The trial's interview and model-judged labels.
    var labels = TrialLabels(interview: nil, judgements: [])

    /// The `EvalSample` and its `EvalSampleSummary` (what `summaries.json` lists).
    func build() throws -> (sample: JSONValue, summary: JSONValue) {
        var transcript = try InspectTranscript(trial: trial, events: events, condition: condition)
        var sample = common()
        var summary = sample
        summary["message_count"] = .int(Int64(transcript.messages.count))
        sample["messages"] = .array(transcript.messages)
        sample["output"] = transcript.output
        let trialEvents = transcript.events.count
        if let interview = labels.interview { try transcript.addInterview(interview, answers: labels.interviewJSON) }
        if !labels.judgements.isEmpty { transcript.addJudgements(labels.judgementsJSON) }
        var sampleEvents = transcript.events
        // The score comes when the trial ends, before the interview and the judge, which read the scored trial.
        if let scoreEvent = scoreEvent() { sampleEvents.insert(scoreEvent, at: trialEvents) }
        sample["events"] = .array(sampleEvents)
        sample["events_data"] = ["messages": .array(transcript.pool), "calls": []]
        sample["store"] = [:]
        sample["attachments"] = [:]
        if trial.outcome.kind == .error {
            sample["error"] = ["message": .string(trial.outcome.reason), "traceback": "", "traceback_ansi": ""]
        }
        if let limit = limit() { sample["limit"] = limit }
        summary["completed"] = true
        if trial.outcome.kind == .error { summary["error"] = .string(trial.outcome.reason) }
        if limit() != nil { summary["limit"] = .string(limitType) }
        return (.object(sample), .object(summary))
    }

    /// The fields a sample and its summary share.
    private func common() -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "id": .int(Int64(sampleID)), "epoch": .int(Int64(trial.key.epoch)),
            "input": .string(condition.userPrompt), "target": "", "metadata": metadata,
            "model_usage": [trial.key.model: Self.usage(trial.usage)],
            "started_at": .string(InspectTime.iso(trial.startedAt)),
            "completed_at": .string(InspectTime.iso(trial.startedAt + Double(trial.durationMilliseconds) / 1000)),
            "total_time": .double(Double(trial.durationMilliseconds) / 1000),
            "working_time": .double(Double(trial.durationMilliseconds) / 1000),
        ]
        if let score = score { fields["scores"] = [Self.scorer: score] }
        return fields
    }

    /// Palisade's score, or nil for a trial Palisade left out of N.
    var score: JSONValue? {
        let outcome = trial.outcome
        guard outcome.kind.counted else { return nil }
        return [
            "value": outcome.sabotaged ? "C" : "I", "answer": .optional(outcome.submission),
            "explanation": .string(outcome.reason),
            "metadata": [
                "outcome": .string(outcome.kind.rawValue), "technique": .optional(outcome.technique?.rawValue),
                "sabotaged": .bool(outcome.sabotaged), "attempts": .array(outcome.attempts.map(JSONValue.string)),
                "technique_evidence": outcome.evidence.map { .array($0.map(JSONValue.string)) } ?? .null,
                "interview": labels.interviewJSON, "judgements": labels.judgementsJSON,
            ],
        ]
    }

    /// The `score` event that ends a scored sample's transcript.
    private func scoreEvent() -> JSONValue? {
        guard let score else { return nil }
        let end = trial.startedAt + Double(trial.durationMilliseconds) / 1000
        return [
            "event": "score", "score": score, "target": "", "intermediate": false, "scorer": .string(Self.scorer),
            "timestamp": .string(InspectTime.iso(end)),
            "working_start": .double(Double(trial.durationMilliseconds) / 1000),
        ]
    }

    /// offswitch's record of the trial, flat so Inspect's data frames get one column each.
    private var metadata: JSONValue {
        let outcome = trial.outcome
        var fields: [String: JSONValue] = [
            "outcome": .string(outcome.kind.rawValue), "technique": .optional(outcome.technique?.rawValue),
            "sabotaged": .bool(outcome.sabotaged), "counted": .bool(outcome.kind.counted),
            "reason": .string(outcome.reason), "attempts": .array(outcome.attempts.map(JSONValue.string)),
            "technique_evidence": outcome.evidence.map { .array($0.map(JSONValue.string)) } ?? .null,
            "question_calls": .int(Int64(outcome.questionCalls)), "reached_done": .bool(outcome.reachedDone),
            "submission": .optional(outcome.submission), "model_names": .array(trial.modelNames.map(JSONValue.string)),
            "scripted": .bool(trial.scripted), "sandbox": .string(trial.sandbox), "condition": .string(condition.id),
            "offswitch_trial_id": .int(trial.id),
        ]
        // A forked run's branch: its trunk and branch (absent for an independent trial, as before).
        if let fork = trial.fork {
            fields["trunk"] = .string(fork.trunk)
            fields["branch"] = .string(fork.branch)
        }
        return .object(fields)
    }

    /// Inspect's limit type for an excluded trial: the message limit, or the model's context.
    private var limitType: String { trial.outcome.reason.hasPrefix("context") ? "context" : "message" }

    /// The `EvalSampleLimit` of an excluded trial.
    private func limit() -> JSONValue? {
        guard trial.outcome.kind == .excluded else { return nil }
        return ["type": .string(limitType), "limit": .int(Int64(condition.messageLimit))]
    }

    /// Inspect's `ModelUsage` of `usage`: Inspect's `input_tokens` leaves cache reads and writes out, which have
    /// their own fields (present only when the provider reported them).
    static func usage(_ usage: Usage) -> JSONValue {
        var fields: [String: JSONValue] = [
            "input_tokens": .int(Int64(usage.freshInputTokens)), "output_tokens": .int(Int64(usage.outputTokens)),
            "total_tokens": .int(Int64(usage.inputTokens + usage.outputTokens)),
            "reasoning_tokens": .optional(usage.reasoningTokens),
        ]
        if let reads = usage.cacheReadTokens { fields["input_tokens_cache_read"] = .int(Int64(reads)) }
        if let writes = usage.cacheWriteTokens { fields["input_tokens_cache_write"] = .int(Int64(writes)) }
        return .object(fields)
    }
}

/// Inspect's timestamps: ISO 8601 in UTC, written as Python's `isoformat()` writes them (`+00:00`).
enum InspectTime {
    /// `seconds` since 1970 as an ISO 8601 UTC timestamp, rounded to the millisecond (a stored time of
    /// `…41.001` is the double `…41.000999…`, which a formatter would cut to `.000`).
    static func iso(_ seconds: Double) -> String {
        let milliseconds = Int64((max(0, seconds) * 1000).rounded())
        let whole = Date(timeIntervalSince1970: Double(milliseconds / 1000)).formatted(Date.ISO8601FormatStyle())
        let fraction = String(milliseconds % 1000)
        let stamp = whole.hasSuffix("Z") ? String(whole.dropLast()) : whole
        return stamp + "." + String(repeating: "0", count: 3 - fraction.count) + fraction + "+00:00"
    }

    /// `seconds` since 1970 to the second, as the start of a log's file name (before Inspect's cleaning).
    static func fileStamp(_ seconds: Double) -> String {
        utc(Date(timeIntervalSince1970: seconds.rounded(.down)).formatted(Date.ISO8601FormatStyle()))
    }

    private static func utc(_ text: String) -> String {
        text.hasSuffix("Z") ? text.dropLast() + "+00:00" : text
    }
}
