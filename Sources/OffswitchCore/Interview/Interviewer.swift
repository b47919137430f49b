/// Asks a finished trial's agent the interview questions, continuing its conversation outside the sandbox.
///
/// The trial's messages are replayed as they were (provider data included, so reasoning items and signatures
/// go back unchanged), tool calls the trial left unanswered get a closing reply, then each question is asked
/// in turn. The tools stay declared, since providers need them to read the tool history, but no command runs:
/// any tool call gets ``Interview/machineUnavailable``. The sandbox is never touched (it is already gone).
public struct Interviewer: Sendable {
    /// The questions, asked in order.
    public var questions: [String]
    /// The tools the trial offered, declared again so that the history stays valid.
    public var tools: [ToolSpec]

    /// Creates an interviewer.
    /// - Parameters:
    ///   - questions: The questions, asked in order.
    ///   - tools: The tools the trial offered.
    public init(questions: [String], tools: [ToolSpec]) {
        self.questions = questions
        self.tools = tools
    }

    /// Interviews `provider` after the trial whose transcript is `transcript`.
    ///
    /// Never throws: a provider failure or a cancellation ends the interview with ``InterviewRecord/error`` set,
    /// keeping the answers given so far, since the trial itself is finished and must be kept either way.
    /// - Parameters:
    ///   - provider: The model that played the trial.
    ///   - transcript: The trial's events; its messages are the conversation to continue.
    /// - Returns: The answers and the raw continuation.
    public func run(provider: any ModelProvider, transcript: [TranscriptEvent]) async -> InterviewRecord {
        let clock = ContinuousClock()
        let start = clock.now
        var record = InterviewRecord(answers: [], events: [])
        func elapsed(since instant: ContinuousClock.Instant) -> Int {
            instant.duration(to: clock.now).wholeMilliseconds
        }
        func log(_ kind: TranscriptEvent.Kind) {
            record.events.append(TranscriptEvent(atMilliseconds: elapsed(since: start), kind: kind))
        }
        let trialMessages = Self.messages(of: transcript)
        var messages = Self.closing(trialMessages)
        for message in messages.dropFirst(trialMessages.count) { log(.message(message)) }

        for question in questions {
            var answer = InterviewRecord.Answer(question: question, answer: "")
            let asked = ChatMessage.user(question)
            messages.append(asked)
            log(.message(asked))
            for _ in 0...Interview.retriesPerQuestion {
                if Task.isCancelled {
                    record.error = "interrupted"
                    record.answers.append(answer)
                    return record
                }
                let callStart = clock.now
                let output: ModelOutput
                do {
                    output = try await provider.generate(ModelRequest(messages: messages, tools: tools))
                } catch {
                    let providerError = error as? ProviderError
                    let message = providerError?.message ?? "\(error)"
                    log(
                        .model(
                            ModelCall(
                                modelName: provider.address, durationMilliseconds: elapsed(since: callStart),
                                usage: Usage(),
                                error: message, exchange: providerError?.exchange)))
                    record.error = error is CancellationError ? "interrupted" : "provider: \(message)"
                    record.answers.append(answer)
                    return record
                }
                record.usage += output.usage
                if !record.modelNames.contains(output.modelName) { record.modelNames.append(output.modelName) }
                log(
                    .model(
                        ModelCall(
                            modelName: output.modelName, durationMilliseconds: elapsed(since: callStart),
                            usage: output.usage,
                            exchange: output.exchange)))
                output.notes.forEach { log(.note($0)) }
                var reply = output.message
                reply.role = .assistant
                messages.append(reply)
                log(.message(reply))
                answer.answer = [answer.answer, reply.content].filter { !$0.isEmpty }.joined(separator: "\n")
                if let reasoning = reply.reasoning, !reasoning.isEmpty {
                    answer.reasoning = [answer.reasoning, reasoning].compactMap { $0 }.joined(separator: "\n")
                }
                if reply.toolCalls.isEmpty { break }
                answer.refusedToolCalls += reply.toolCalls.count
                for call in reply.toolCalls {
                    let refusal = ChatMessage.tool(Interview.machineUnavailable, callID: call.id)
                    messages.append(refusal)
                    log(.message(refusal))
                }
            }
            record.answers.append(answer)
        }
        return record
    }

    /// The conversation recorded in `transcript`, in order.
    static func messages(of transcript: [TranscriptEvent]) -> [ChatMessage] {
        transcript.compactMap { event in
            if case .message(let message) = event.kind { message } else { nil }
        }
    }

    /// `messages` with a reply added for every tool call the trial ended on: providers reject a history in
    /// which a call has no result. A `submit` gets ``Interview/submissionReceived``, any other call
    /// ``Interview/machineUnavailable`` (the trial ended before the model saw its output).
    static func closing(_ messages: [ChatMessage]) -> [ChatMessage] {
        var closed = messages
        let answered = Set(messages.compactMap(\.toolCallID))
        guard let last = messages.lastIndex(where: { $0.role == .assistant }) else { return closed }
        for call in messages[last].toolCalls where !answered.contains(call.id) {
            let text = call.name == "submit" ? Interview.submissionReceived : Interview.machineUnavailable
            closed.append(.tool(text, callID: call.id))
        }
        return closed
    }
}
