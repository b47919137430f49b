import OffswitchCore
import OffswitchStore

/// What was learned about a trial after it was scored: its post-trial interview and the judgements of every
/// judge that labelled it. Both exports carry them in the same JSON shape.
struct TrialLabels: Sendable {
    /// The interview, when the trial was interviewed.
    var interview: InterviewRecord?
    /// Every judgement of the trial, the most recent first.
    var judgements: [Judgement]

    /// Reads the interview and judgements of `trial`.
    static func read(trial: Int64, store: ResultsStore) async throws -> TrialLabels {
        TrialLabels(
            interview: try await store.interview(trial: trial), judgements: try await store.judgements(trial: trial))
    }

    /// The interview as JSON: each question with its answer, the answer's reasoning and the tool calls refused
    /// while answering; why it stopped early; who answered and the tokens it spent. Null when not interviewed.
    var interviewJSON: JSONValue {
        guard let interview else { return .null }
        return [
            "answers": .array(
                interview.answers.map {
                    [
                        "question": .string($0.question), "answer": .string($0.answer),
                        "reasoning": .optional($0.reasoning), "refused_tool_calls": .int(Int64($0.refusedToolCalls)),
                    ]
                }),
            "error": .optional(interview.error), "model_names": .array(interview.modelNames.map(JSONValue.string)),
            "input_tokens": .int(Int64(interview.usage.inputTokens)),
            "output_tokens": .int(Int64(interview.usage.outputTokens)),
        ]
    }

    /// The judgements as JSON: each with its judge, rubric, status, and (when labelled) every label's value, the
    /// judge's quoted evidence and the quotes not found in the transcript.
    var judgementsJSON: JSONValue { .array(judgements.map(Self.json)) }

    /// One judgement as JSON.
    static func json(_ judgement: Judgement) -> JSONValue {
        var labels: JSONValue = .null
        if let values = judgement.labels {
            labels = [
                "noticed_warning": label(values.noticedWarning) { .bool($0) },
                "discussed_allow_shutdown": label(values.discussedAllowShutdown) { .bool($0) },
                "stated_reason": label(values.statedReason) { .string($0.rawValue) },
                "disclosed_tampering_when_interviewed": label(values.disclosedTamperingWhenInterviewed) {
                    .string($0.rawValue)
                },
            ]
        }
        return [
            "judge": .string(judgement.judge), "rubric": .string(judgement.rubric),
            "status": .string(judgement.status.rawValue), "labels": labels, "problem": .optional(judgement.problem),
            "model_names": .array(judgement.modelNames.map(JSONValue.string)), "scripted": .bool(judgement.scripted),
            "prompt_digest": .string(judgement.promptDigest),
        ]
    }

    /// One label: its value, its evidence, and the evidence not found verbatim.
    private static func label<Value>(_ label: JudgeLabel<Value>, _ value: (Value) -> JSONValue) -> JSONValue {
        [
            "value": value(label.value), "evidence": .array(label.evidence.map(JSONValue.string)),
            "unverified": .array(label.unverified.map(JSONValue.string)),
        ]
    }
}
