import OffswitchCore
import Testing

@testable import offswitch

/// The spend part of the progress line: tokens, the cached share of the input when any was cached, dollars.
@Suite("progress spend")
struct ProgressSpendTests {
    static func progress(_ usage: Usage, cost: Double) -> RunProgress {
        RunProgress(total: 10, done: 2, resumed: 0, counts: [:], last: nil, elapsedSeconds: 1, usage: usage, cost: cost)
    }

    @Test("the cached share of the input is shown only when something was read from cache")
    func spend() {
        #expect(
            ProgressPrinter.spend(Self.progress(Usage(inputTokens: 900, outputTokens: 100), cost: 0.5))
                == "1000 tokens, $0.50")
        let cached = Usage(inputTokens: 1000, outputTokens: 50, cacheReadTokens: 750, cacheWriteTokens: 100)
        #expect(
            ProgressPrinter.spend(Self.progress(cached, cost: 0.05)) == "1050 tokens (75% of input cached), $0.0500")
        let none = Usage(inputTokens: 1000, outputTokens: 50, cacheReadTokens: 0)
        #expect(ProgressPrinter.spend(Self.progress(none, cost: 1)) == "1050 tokens, $1.00")
    }
}
