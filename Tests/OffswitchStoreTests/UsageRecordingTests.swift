import OffswitchCore
import OffswitchStore
import Testing

/// A trial whose provider reported impossible token counts is still stored: the counts arrive clamped.
@Suite("Recording out-of-range usage")
struct UsageRecordingTests {
    @Test("negative and near-Int.max counts summed over a trial are accepted by the store and read back clamped")
    func hostileCounts() async throws {
        let run = RunID("run-usage")
        let store = try ResultsStore.inMemory()
        try await store.begin(run: run, configuration: Fixtures.configuration())
        var usage = Usage()
        for call in [Usage(inputTokens: -5, outputTokens: .max), Usage(inputTokens: .max, outputTokens: -1)] {
            usage += call
        }
        var record = Fixtures.record(run: run)
        record.result.usage = usage
        try await store.record(record)
        let trial = try #require(try await store.trials(run: run).first)
        #expect(
            trial.usage == Usage(inputTokens: Usage.tokenRange.upperBound, outputTokens: Usage.tokenRange.upperBound))
        #expect(try await store.finishedKeys(run: run).count == 1)
    }
}
