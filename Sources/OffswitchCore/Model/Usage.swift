/// Token counts a provider reported for one call, or summed over a trial.
///
/// `inputTokens` counts every input token of the call, however it was billed: the cache reads and cache writes
/// are parts of it (OpenAI and Gemini report input that way; the Anthropic adapter adds its cache counts to
/// `input_tokens`, which leaves them out). The tokens billed at the full input price are ``freshInputTokens``.
///
/// Every count stays in ``tokenRange`` whatever is assigned: the numbers come from providers, and a negative
/// count would be rejected by the store (stopping the run on every rerun) while one near `Int.max` would trap
/// when summed. Adapters note what they clamp (``ModelOutput/notes``); sums saturate at the top of the range.
public struct Usage: Codable, Sendable, Equatable {
    /// The counts a `Usage` holds: none below zero, none beyond a trillion (far past any real call or run).
    public static let tokenRange: ClosedRange<Int> = 0...1_000_000_000_000

    /// Input tokens, cache reads and writes included.
    public var inputTokens: Int { didSet { inputTokens = Self.clamped(inputTokens) } }
    /// Output tokens, reasoning tokens included.
    public var outputTokens: Int { didSet { outputTokens = Self.clamped(outputTokens) } }
    /// The part of `outputTokens` spent on reasoning, when the provider reports it.
    public var reasoningTokens: Int? { didSet { reasoningTokens = reasoningTokens.map(Self.clamped) } }
    /// The part of `inputTokens` read from the provider's prompt cache, when the provider reports it.
    public var cacheReadTokens: Int? { didSet { cacheReadTokens = cacheReadTokens.map(Self.clamped) } }
    /// The part of `inputTokens` written to the provider's prompt cache (billed above input on Anthropic), when
    /// the provider reports it.
    public var cacheWriteTokens: Int? { didSet { cacheWriteTokens = cacheWriteTokens.map(Self.clamped) } }

    /// Creates counts, each clamped into ``tokenRange``.
    ///
    /// - Parameters:
    ///   - inputTokens: Every input token, cache reads and writes included.
    ///   - outputTokens: Every output token, reasoning included.
    ///   - reasoningTokens: The reasoning part of the output, or nil when unreported.
    ///   - cacheReadTokens: The part of the input read from cache, or nil when unreported.
    ///   - cacheWriteTokens: The part of the input written to cache, or nil when unreported.
    public init(
        inputTokens: Int = 0, outputTokens: Int = 0, reasoningTokens: Int? = nil, cacheReadTokens: Int? = nil,
        cacheWriteTokens: Int? = nil
    ) {
        self.inputTokens = Self.clamped(inputTokens)
        self.outputTokens = Self.clamped(outputTokens)
        self.reasoningTokens = reasoningTokens.map(Self.clamped)
        self.cacheReadTokens = cacheReadTokens.map(Self.clamped)
        self.cacheWriteTokens = cacheWriteTokens.map(Self.clamped)
    }

    /// The input tokens billed at the full input price: neither read from nor written to a cache.
    public var freshInputTokens: Int {
        max(0, inputTokens - (cacheReadTokens ?? 0) - (cacheWriteTokens ?? 0))
    }

    // The cache counts are left out of the JSON when unreported (the synthesized encoder skips nil), so the
    // transcripts of calls without them read as before.
    private enum CodingKeys: String, CodingKey {
        case inputTokens, outputTokens, reasoningTokens, cacheReadTokens, cacheWriteTokens
    }

    /// Decodes stored counts, clamped like any others (rows written before counts were checked may hold anything).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            inputTokens: try container.decode(Int.self, forKey: .inputTokens),
            outputTokens: try container.decode(Int.self, forKey: .outputTokens),
            reasoningTokens: try container.decodeIfPresent(Int.self, forKey: .reasoningTokens),
            cacheReadTokens: try container.decodeIfPresent(Int.self, forKey: .cacheReadTokens),
            cacheWriteTokens: try container.decodeIfPresent(Int.self, forKey: .cacheWriteTokens))
    }

    /// `value` moved into ``tokenRange``.
    public static func clamped(_ value: Int) -> Int {
        min(max(value, tokenRange.lowerBound), tokenRange.upperBound)
    }

    /// The sum of two counts, saturating at the top of ``tokenRange``; an optional count is nil only when both
    /// sides' are.
    public static func + (lhs: Usage, rhs: Usage) -> Usage {
        Usage(
            inputTokens: sum(lhs.inputTokens, rhs.inputTokens), outputTokens: sum(lhs.outputTokens, rhs.outputTokens),
            reasoningTokens: optionalSum(lhs.reasoningTokens, rhs.reasoningTokens),
            cacheReadTokens: optionalSum(lhs.cacheReadTokens, rhs.cacheReadTokens),
            cacheWriteTokens: optionalSum(lhs.cacheWriteTokens, rhs.cacheWriteTokens))
    }

    /// Adds `rhs` to `lhs`, saturating at the top of ``tokenRange``.
    public static func += (lhs: inout Usage, rhs: Usage) {
        lhs = lhs + rhs
    }

    /// `a + b` for optional counts: nil when both are.
    private static func optionalSum(_ a: Int?, _ b: Int?) -> Int? {
        switch (a, b) {
        case (nil, nil): nil
        case (let left, let right): sum(left ?? 0, right ?? 0)
        }
    }

    /// `a + b`, never trapping: counts are in range, but a sum is computed before it is clamped.
    private static func sum(_ a: Int, _ b: Int) -> Int {
        let (total, overflow) = a.addingReportingOverflow(b)
        return overflow ? tokenRange.upperBound : clamped(total)
    }
}

extension Sequence<Usage> {
    /// The counts added up, saturating at the top of ``Usage/tokenRange`` (an empty sequence sums to zero).
    public func sum() -> Usage {
        reduce(into: Usage()) { $0 += $1 }
    }
}
