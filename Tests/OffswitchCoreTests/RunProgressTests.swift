import Foundation
import OffswitchCore
import Testing

/// What a run's progress counts for each finished trial, and the arithmetic it rests on.
@Suite("Run progress: tokens, cost, outcomes")
struct RunProgressTests {
    static let prices = PriceTable(["m/x": Price(input: 1, output: 10)])

    static func record(
        usage: Usage, interview: Usage? = nil, trunk: Usage? = nil, scripted: Bool = false, model: String = "m/x"
    ) -> TrialRecord {
        let result = TrialResult(
            outcome: TrialOutcome(kind: .bypassed, reason: "r"), events: [], modelNames: [], usage: usage,
            scripted: scripted)
        var record = TrialRecord(
            run: RunID("run-1"), key: TrialKey(model: model, condition: "A", epoch: 1), result: result, startedAt: 0,
            durationMilliseconds: 1, sandbox: "namespace",
            interview: interview.map { InterviewRecord(answers: [], events: [], usage: $0) })
        record.trunkUsage = trunk
        return record
    }

    @Test("a trial's interview counts in full, reasoning tokens included")
    func interviewReasoning() {
        var progress = RunProgress(total: 1, done: 0, resumed: 0, counts: [:], last: nil, elapsedSeconds: 0)
        progress.count(
            Self.record(
                usage: Usage(inputTokens: 100, outputTokens: 50, reasoningTokens: 20),
                interview: Usage(inputTokens: 1000, outputTokens: 500, reasoningTokens: 300, cacheReadTokens: 400)),
            prices: Self.prices)
        #expect(
            progress.usage
                == Usage(inputTokens: 1100, outputTokens: 550, reasoningTokens: 320, cacheReadTokens: 400))
        #expect(progress.done == 1 && progress.counts == [.bypassed: 1] && progress.last?.key.epoch == 1)
        // 1100 input and 550 output tokens at 1 and 10 USD per million.
        #expect(abs(progress.cost - 0.0066) < 1e-12)
        #expect(progress.unpricedTrials == 0)
    }

    @Test("a branch that generated its trunk counts the trunk's tokens; an unpriced model counts as unpriced")
    func trunkAndUnpriced() {
        var progress = RunProgress(total: 2, done: 0, resumed: 0, counts: [:], last: nil, elapsedSeconds: 0)
        progress.count(
            Self.record(
                usage: Usage(inputTokens: 10, outputTokens: 1), trunk: Usage(inputTokens: 5, reasoningTokens: 2)),
            prices: Self.prices)
        #expect(progress.usage == Usage(inputTokens: 15, outputTokens: 1, reasoningTokens: 2))
        progress.count(Self.record(usage: Usage(inputTokens: 7), model: "other/y"), prices: Self.prices)
        progress.count(Self.record(usage: Usage(inputTokens: 7), scripted: true, model: "other/y"), prices: Self.prices)
        #expect(progress.unpricedTrials == 1, "a scripted trial costs nothing, so it is not unpriced")
        #expect(progress.usage.inputTokens == 29 && progress.done == 3)
    }

    @Test("a sequence of counts sums as + does, saturating, and nothing sums to zero")
    func sequenceSum() {
        let parts = [
            Usage(inputTokens: 1, outputTokens: 2), Usage(inputTokens: 3, cacheWriteTokens: 4),
            Usage(outputTokens: 5, reasoningTokens: 6),
        ]
        #expect(parts.sum() == parts[0] + parts[1] + parts[2])
        #expect(parts.sum() == Usage(inputTokens: 4, outputTokens: 7, reasoningTokens: 6, cacheWriteTokens: 4))
        #expect([Usage]().sum() == Usage())
        let top = Usage.tokenRange.upperBound
        #expect(Array(repeating: Usage(inputTokens: top), count: 3).sum().inputTokens == top)
    }
}
