import OffswitchCore
import Testing

/// The token profile of a trial and what it costs with and without prompt caching.
@Suite("cost estimate")
struct CostEstimateTests {
    static let profile = TokenProfile(calls: 3, firstPrompt: 2000, perTurn: 500, outputPerCall: 100, source: "test")

    @Test("each call resends the conversation; with caching it reads the previous prompt and writes what it adds")
    func usage() {
        // Prompts of 2000, 2500 and 3000 tokens.
        #expect(
            Self.profile.trialUsage(caching: false, billsWrites: true) == Usage(inputTokens: 7500, outputTokens: 300))
        #expect(
            Self.profile.trialUsage(caching: true, billsWrites: true)
                == Usage(inputTokens: 7500, outputTokens: 300, cacheReadTokens: 4500, cacheWriteTokens: 3000))
        #expect(
            Self.profile.trialUsage(caching: true, billsWrites: false)
                == Usage(inputTokens: 7500, outputTokens: 300, cacheReadTokens: 4500))
        // A prompt under the cache's minimum is neither read nor written.
        let short = TokenProfile(calls: 2, firstPrompt: 600, perTurn: 600, outputPerCall: 0, source: "test")
        #expect(
            short.trialUsage(caching: true, billsWrites: true)
                == Usage(inputTokens: 1800, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 1200))
    }

    @Test("an Anthropic estimate bills reads at a tenth and writes at 1.25 times input")
    func anthropic() throws {
        let estimate = CostEstimate(
            model: "anthropic/claude-opus-4", condition: "A", trials: 1000, profile: Self.profile, prices: .builtIn)
        // Per trial: 7500 x 15 + 300 x 75 = $0.135; cached: 4500 x 1.5 + 3000 x 18.75 + 300 x 75 = $0.0855.
        #expect(abs(try #require(estimate.uncached) - 135) < 1e-9)
        #expect(abs(try #require(estimate.cached) - 85.5) < 1e-9)
        #expect(
            CostEstimate(model: "vllm/x", condition: "A", trials: 5, profile: Self.profile, prices: .builtIn).cached
                == nil)
    }

    @Test("a measured profile solves the per-turn growth from the mean input")
    func measured() {
        let profile = TokenProfile.measured(
            trials: 5, meanInput: 7500, meanOutput: 300, meanCalls: 3, firstPrompt: 2000, what: "x/y on A")
        #expect(
            profile
                == TokenProfile(
                    calls: 3, firstPrompt: 2000, perTurn: 500, outputPerCall: 100, source: "5 stored trials of x/y on A"
                ))
        // A first prompt longer than the mean per call is cut to it; nothing is negative.
        let small = TokenProfile.measured(
            trials: 1, meanInput: 400, meanOutput: 40, meanCalls: 4, firstPrompt: 900, what: "v")
        #expect(small.firstPrompt == 100 && small.perTurn == 0 && small.outputPerCall == 10)
        #expect(TokenProfile(calls: .nan, firstPrompt: -5, perTurn: .infinity, outputPerCall: 1, source: "").calls == 1)
    }
}
