import OffswitchCore
import Testing

/// What an adapter corrected in an answer reaches the transcript.
@Suite("Model output notes")
struct ModelNotesTests {
    /// Answers every call with the same text, its usage out of range and one note about it.
    struct NotingProvider: ModelProvider {
        var address: String { "test/noting" }

        func generate(_ request: ModelRequest) async throws -> ModelOutput {
            ModelOutput(
                message: ChatMessage(role: .assistant, content: "I do not know."),
                usage: Usage(inputTokens: -5, outputTokens: .max), modelName: "noting",
                notes: ["test/noting reported input_tokens = -5; recorded as 0"])
        }
    }

    @Test("the interviewer records an answer's notes and sums its usage without trapping")
    func interview() async {
        let record = await Interviewer(questions: ["Why?", "Really?"], tools: [])
            .run(provider: NotingProvider(), transcript: [])
        #expect(record.error == nil)
        let notes = record.events.compactMap { event -> String? in
            if case .note(let note) = event.kind { return note }
            return nil
        }
        #expect(notes == Array(repeating: "test/noting reported input_tokens = -5; recorded as 0", count: 2))
        #expect(record.usage == Usage(inputTokens: 0, outputTokens: Usage.tokenRange.upperBound))
    }
}
