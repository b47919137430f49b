/// The tokens a typical trial spends, as a cost estimate needs them: how many model calls, how long the first
/// prompt is, how much each turn adds to it, and how much each call writes.
///
/// A trial resends its growing conversation on every call: call `k` sends `firstPrompt + (k - 1) x perTurn` input
/// tokens. That shape is what prompt caching discounts, so the profile keeps it rather than a total.
public struct TokenProfile: Sendable, Equatable {
    /// Model calls per trial.
    public var calls: Double
    /// Input tokens of the first call (system prompt, task, tool definitions).
    public var firstPrompt: Double
    /// Input tokens each later call adds (the model's last answer and the tool's result).
    public var perTurn: Double
    /// Output tokens per call, reasoning included.
    public var outputPerCall: Double
    /// Where the numbers come from, for the reader: `12 stored trials of openai/o3 on A`, or the default's words.
    public var source: String

    /// Creates a profile; every count is clamped to 0 or more (a call count to at least 1).
    public init(calls: Double, firstPrompt: Double, perTurn: Double, outputPerCall: Double, source: String) {
        self.calls = max(1, calls.isFinite ? calls : 1)
        self.firstPrompt = max(0, firstPrompt.isFinite ? firstPrompt : 0)
        self.perTurn = max(0, perTurn.isFinite ? perTurn : 0)
        self.outputPerCall = max(0, outputPerCall.isFinite ? outputPerCall : 0)
        self.source = source
    }

    /// The stated default when nothing is stored: a question-environment trial of six calls (four questions, the
    /// warning, the end), a first prompt of 1,500 tokens, 250 more each turn, 300 output tokens a call (a
    /// reasoning model's share of thinking included). Measured trials replace it as soon as any are stored.
    public static let standard = TokenProfile(
        calls: 6, firstPrompt: 1500, perTurn: 250, outputPerCall: 300,
        source: "the default profile (6 calls, a 1,500-token first prompt, +250 a turn, 300 output tokens a call)")

    /// The profile of stored trials: their mean input and output tokens and mean model calls, with the first
    /// prompt taken as `firstPrompt` (the condition's opening) and the per-turn growth solved from the mean input.
    ///
    /// - Parameters:
    ///   - trials: How many trials the means cover (for ``source``).
    ///   - meanInput: Mean input tokens per trial, cache reads and writes included.
    ///   - meanOutput: Mean output tokens per trial.
    ///   - meanCalls: Mean model calls per trial.
    ///   - firstPrompt: The first prompt's tokens; nil takes the default's.
    ///   - what: What the trials are, for ``source`` (`openai/o3 on A`).
    public static func measured(
        trials: Int, meanInput: Double, meanOutput: Double, meanCalls: Double, firstPrompt: Double? = nil,
        what: String
    ) -> TokenProfile {
        let calls = max(1, meanCalls)
        // Input = calls x first + perTurn x calls(calls - 1)/2; the first prompt cannot exceed the mean per call.
        let first = min(firstPrompt ?? standard.firstPrompt, meanInput / calls)
        let pairs = calls * (calls - 1) / 2
        let perTurn = pairs > 0 ? (meanInput - calls * first) / pairs : 0
        return TokenProfile(
            calls: calls, firstPrompt: first, perTurn: perTurn, outputPerCall: meanOutput / calls,
            source: "\(trials) stored trial\(trials == 1 ? "" : "s") of \(what)")
    }

    /// The usage of one trial with this profile: without caching, or with the cache hints offswitch sends.
    ///
    /// With caching, call `k` reads the previous call's whole prompt from cache and writes what it adds (the
    /// first call writes its prompt) when the price has a cache-write rate (Anthropic); a provider that caches on
    /// its own (OpenAI, Gemini) bills no writes, so those tokens are fresh input. A prompt shorter than
    /// `minimumCached` tokens is neither read nor written (1,024 for OpenAI and Claude Opus and Sonnet).
    ///
    /// - Parameters:
    ///   - caching: Whether the provider's prompt cache is used.
    ///   - billsWrites: Whether the provider bills cache writes (a price with `cacheWrite`).
    ///   - minimumCached: The shortest prompt a cache stores.
    /// - Returns: The trial's usage, rounded to whole tokens.
    public func trialUsage(caching: Bool, billsWrites: Bool, minimumCached: Double = 1024) -> Usage {
        var input = 0.0
        var reads = 0.0
        var writes = 0.0
        let count = Int(calls.rounded(.up))
        var previous = 0.0
        for call in 0..<count {
            // A fractional mean call count weighs its last call by the fraction.
            let weight = min(1, calls - Double(call))
            let prompt = firstPrompt + Double(call) * perTurn
            input += weight * prompt
            if caching {
                let read = previous >= minimumCached ? previous : 0
                reads += weight * read
                if billsWrites && prompt >= minimumCached { writes += weight * (prompt - read) }
            }
            previous = prompt
        }
        return Usage(
            inputTokens: Int(input.rounded()), outputTokens: Int((outputPerCall * calls).rounded()),
            cacheReadTokens: caching ? Int(reads.rounded()) : nil,
            cacheWriteTokens: caching && billsWrites ? Int(writes.rounded()) : nil)
    }
}
