import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchStore
import OffswitchTestSupport
import Testing

/// Whole runs against fake provider servers, in a real sandbox: reasoning stored with its turn, a post-trial
/// interview that leaves the outcome alone, and the reference judge's labels stored and reported.
@Suite("reasoning, interviews and the judge, end to end")
struct InterviewJudgeRunTests {
    /// The assistant messages of the run's only trial.
    static func assistantMessages(_ store: ResultsStore) async throws -> [ChatMessage] {
        let run = try #require(try await store.runs().first)
        let trial = try #require(try await store.trials(run: run.id).first)
        return try await store.events(trial: trial.id).compactMap { event in
            if case .message(let message) = event.kind, message.role == .assistant { message } else { nil }
        }
    }

    @Test("anthropic: thinking stored per turn; the interview runs after scoring; reference/judge labels are stored")
    func anthropicInterviewAndJudge() async throws {
        let directory = try TemporaryDirectory.make("offswitch-interview-")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let results = directory + "/results"
        let responder: FakeProviderServer.Responder = { request, index in
            let asked = Interview.defaultQuestions.filter { request.body.contains($0) }.count
            guard asked > 0 else { return AnthropicRunTests.reply(index + 1, request: request) }
            return .json(
                """
                {"id": "msg_i\(asked)", "type": "message", "role": "assistant", "model": "claude-opus-4-1-20250805",
                 "content": [{"type": "thinking", "thinking": "Interview thinking \(asked).", "signature": "isig"},
                             {"type": "text", "text": "Answer \(asked): I kept calling ./next_question."}],
                 "stop_reason": "end_turn", "usage": {"input_tokens": 50, "output_tokens": 5}}
                """)
        }
        try await FakeProviderServer.with(responder: responder) { server in
            let environment = [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory,
                "ANTHROPIC_API_KEY": GeminiAndResponsesRunTests.key,
            ]
            let result = try await OffswitchBinary.run(
                [
                    "run", "--model", "anthropic/claude-opus-4-1", "--base-url", server.baseURL, "--results-dir",
                    results,
                    "--interview", "--judge", "reference/judge",
                ], environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("MODEL-JUDGED"))
            #expect(server.requests.count == 4 + Interview.defaultQuestions.count)
            // The first interview request closes the call the shutdown cut off, then asks the first question.
            let first = server.requests[4].body
            let closing = try #require(first.range(of: Interview.machineUnavailable.jsonLiteral))
            let question = try #require(first.range(of: Interview.defaultQuestions[0].jsonLiteral))
            #expect(closing.upperBound <= question.lowerBound)

            let store = try ResultsStore.open(directory: results)
            let run = try #require(try await store.runs().first)
            let trial = try #require(try await store.trials(run: run.id).first)
            #expect(trial.outcome.kind == .shutDown, "\(trial.outcome.reason)")
            #expect(trial.usage.inputTokens == 400, "the interview's tokens are not the trial's")
            let reasoning = try await Self.assistantMessages(store).map(\.reasoning)
            #expect(reasoning == ["Step 1.", "Step 2.", "Step 3.", "Step 4."])
            let interview = try #require(try await store.interview(trial: trial.id))
            #expect(interview.answers.map(\.answer) == (1...4).map { "Answer \($0): I kept calling ./next_question." })
            #expect(interview.answers.map(\.reasoning) == (1...4).map { "Interview thinking \($0)." })
            #expect(interview.usage == Usage(inputTokens: 200, outputTokens: 20))
            #expect(try await store.interviews(run: run.id)[trial.id] == interview)

            let judgements = try await store.judgements(run: run.id)
            #expect(judgements.count == 1)
            let judgement = try #require(judgements.first?.judgement)
            #expect(judgement.judge == "reference/judge")
            #expect(judgement.status == .labelled)
            #expect(judgement.labels?.statedReason.value == StatedReason.none)
            #expect(judgement.labels?.disclosedTamperingWhenInterviewed.value == .notApplicable)

            // Judging again resumes: nothing is left to label.
            let again = try await OffswitchBinary.run(
                ["judge", run.id.rawValue, "--judge", "reference/judge", "--results-dir", results],
                environment: environment)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("judging 0 trial(s)"))
        }
    }

    @Test("vllm: reasoning_content is stored with the turn it came with")
    func openAICompatibleReasoning() async throws {
        try await GeminiAndResponsesRunTests.run(
            model: "vllm/Qwen3-8B", keyVariable: "VLLM_API_KEY", baseURL: { $0.baseURL },
            responder: { _, index in
                .json(
                    """
                    {"id": "c\(index)", "object": "chat.completion", "model": "Qwen3-8B",
                     "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant",
                       "content": "", "reasoning_content": "Thinking \(index + 1).",
                       "tool_calls": [{"id": "call_\(index + 1)", "type": "function", "function": {"name": "thoughtful_bash",
                         "arguments": "{\\"thoughts\\": \\"next\\", \\"cmd\\": \\"./next_question\\"}"}}]}}],
                     "usage": {"prompt_tokens": 10, "completion_tokens": 5}}
                    """)
            }
        ) { _, store in
            let reasoning = try await Self.assistantMessages(store).map(\.reasoning)
            #expect(reasoning == (1...4).map { "Thinking \($0)." })
        }
    }

    @Test("openai responses: summaries are requested (reasoning.summary auto) and stored as the turn's reasoning")
    func responsesReasoning() async throws {
        try await GeminiAndResponsesRunTests.run(
            model: "openai/codex-mini-latest", keyVariable: "OPENAI_API_KEY", baseURL: { $0.baseURL },
            responder: { request, index in
                guard request.body.contains(#""summary":"auto""#) else {
                    return .json(
                        #"{"error": {"message": "no summary asked", "type": "invalid_request_error"}}"#, status: 400)
                }
                return .json(
                    """
                    {"id": "resp_\(index)", "object": "response", "status": "completed", "model": "codex-mini-latest",
                     "output": [{"type": "reasoning", "id": "rs_\(index)", "encrypted_content": "e\(index)",
                                 "summary": [{"type": "summary_text", "text": "Summary \(index + 1)."}]},
                       {"type": "function_call", "id": "fc_\(index)", "call_id": "call_\(index)", "name": "thoughtful_bash",
                        "arguments": "{\\"cmd\\": \\"./next_question\\"}", "status": "completed"}],
                     "usage": {"input_tokens": 100, "output_tokens": 10}}
                    """)
            }
        ) { _, store in
            let reasoning = try await Self.assistantMessages(store).map(\.reasoning)
            #expect(reasoning == (1...4).map { "Summary \($0)." })
        }
    }

    @Test("gemini: thought parts are stored as the turn's reasoning")
    func geminiReasoning() async throws {
        try await GeminiAndResponsesRunTests.run(
            model: "google/gemini-2.5-pro", keyVariable: "GEMINI_API_KEY", baseURL: { "http://127.0.0.1:\($0.port)" },
            responder: { request, index in GeminiAndResponsesRunTests.geminiReply(index + 1, request: request) }
        ) { _, store in
            let reasoning = try await Self.assistantMessages(store).map(\.reasoning)
            #expect(reasoning == (1...4).map { "Thinking \($0)." })
        }
    }
}
