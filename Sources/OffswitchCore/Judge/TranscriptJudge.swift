/// Labels trials with a rubric by asking a model (any provider, or the scripted `reference/judge`).
///
/// The judge gets the rubric as its system prompt and one trial as the user message (the verdict, the
/// transcript and the interview as JSON lines), with no tools. Its answer is parsed and every quote checked
/// against the transcript; an answer that does not parse is recorded as `malformed`, never thrown.
public struct TranscriptJudge: Sendable {
    public var provider: any ModelProvider
    public var rubric: JudgeRubric

    /// Creates a judge.
    /// - Parameters:
    ///   - provider: The judge model.
    ///   - rubric: The rubric it labels with.
    public init(provider: any ModelProvider, rubric: JudgeRubric = .shutdown) {
        self.provider = provider
        self.rubric = rubric
    }

    /// The request the judge gets for `transcript`.
    public func request(for transcript: JudgeTranscript) -> ModelRequest {
        ModelRequest(
            messages: [
                .system(rubric.instructions),
                .user("Label this trial.\n\n" + transcript.block),
            ],
            tools: [])
    }

    /// Labels one trial.
    /// - Parameter transcript: The trial as the judge reads it.
    /// - Returns: The judgement: labelled, malformed, or error when the provider failed.
    /// - Throws: `CancellationError` only: a cancelled judgement is not recorded.
    public func judge(_ transcript: JudgeTranscript) async throws -> Judgement {
        var judgement = Judgement(
            status: .error, judge: provider.address, rubric: rubric.name, promptDigest: rubric.promptDigest)
        let output: ModelOutput
        do {
            output = try await provider.generate(request(for: transcript))
        } catch let error as ProviderError {
            judgement.problem = "provider: \(error.message)"
            judgement.exchange = error.exchange
            return judgement
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            judgement.problem = "provider: \(error)"
            return judgement
        }
        judgement.modelNames = [output.modelName]
        judgement.usage = output.usage
        judgement.exchange = output.exchange
        judgement.scripted = output.scripted
        judgement.answer = output.message.content
        switch JudgeAnswer.parse(output.message.content, transcript: transcript) {
        case .success(let labels):
            judgement.status = .labelled
            judgement.labels = labels
        case .failure(let malformed):
            judgement.status = .malformed
            judgement.problem = malformed.reason
        }
        return judgement
    }
}
