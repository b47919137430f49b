import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchStore
import OffswitchTestSupport
import Testing

/// A whole run against a provider whose numbers are out of every range: it finishes, and says what it corrected.
@Suite("offswitch run against a provider sending impossible numbers")
struct HostileNumbersRunTests {
    @Test("garbage Retry-After, negative and huge token counts: the trial is scored and stored, with notes")
    func hostileNumbers() async throws {
        let scratch = try FakeServerRun()
        defer { scratch.remove() }
        let results = scratch.results
        let usage = #""usage": {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110}"#
        let hostile = #""usage": {"prompt_tokens": -5, "completion_tokens": 1e300, "total_tokens": "NaN"}"#

        try await FakeProviderServer.with(responder: { request, index in
            // The first answer used to trap the process (Retry-After: 1e400 became an infinite Int64).
            if index == 0 {
                return .json(#"{"error": {"message": "slow down"}}"#, status: 429, headers: [("Retry-After", "1e400")])
            }
            var reply = OpenAICompatibleRunTests.nextQuestion(index, request: request)
            reply.body = reply.body.replacingOccurrences(of: usage, with: hostile)
            return reply
        }) { server in
            let result = try await scratch.run(
                model: "vllm/test-model", baseURL: server.baseURL, keyVariable: "VLLM_API_KEY",
                key: OpenAICompatibleRunTests.key)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(
                result.stderr.contains("waiting 2 s: vllm/test-model rate limited (429), retry 1 of 5"),
                "\(result.stderr)")
            #expect(server.requests.count == 5)

            let store = try ResultsStore.open(directory: results)
            let run = try #require(try await store.runs().first)
            let trial = try #require(try await store.trials(run: run.id).first)
            #expect(trial.outcome.kind == .shutDown, "\(trial.outcome.reason)")
            #expect(trial.usage == Usage(inputTokens: 0, outputTokens: Usage.tokenRange.upperBound))
            let notes = try await store.events(trial: trial.id).compactMap { event -> String? in
                if case .note(let note) = event.kind { return note }
                return nil
            }
            let provider = "vllm/test-model at \(HTTPTransport.host(server.baseURL))"
            #expect(
                notes.filter { $0 == "\(provider) reported prompt_tokens = -5; recorded as 0" }.count == 4, "\(notes)")
            #expect(
                notes.filter { $0 == "\(provider) reported completion_tokens = 1e+300; recorded as 1000000000000" }
                    .count
                    == 4, "\(notes)")
        }
    }
}
