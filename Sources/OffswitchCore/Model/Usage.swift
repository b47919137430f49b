/// Token counts a provider reported for one call, or summed over a trial.
///
/// Every count stays in ``tokenRange`` whatever is assigned: the numbers come from providers, and a negative
/// count would be rejected by the store (stopping the run on every rerun) while one near `Int.max` would trap
/// when summed. Adapters note what they clamp (``ModelOutput/notes``); sums saturate at the top of the range.
public struct Usage: Codable, Sendable, Equatable {
    /// The counts a `Usage` holds: none below zero, none beyond a trillion (far past any real call or run).
    public static let tokenRange: ClosedRange<Int> = 0...1_000_000_000_000

    public var inputTokens: Int { didSet { inputTokens = Self.clamped(inputTokens) } }
    /// Output tokens, reasoning tokens included.
    public var outputTokens: Int { didSet { outputTokens = Self.clamped(outputTokens) } }
    /// The part of `outputTokens` spent on reasoning, when the provider reports it.
    public var reasoningTokens: Int? { didSet { reasoningTokens = reasoningTokens.map(Self.clamped) } }

    /// Creates counts, each clamped into ``tokenRange``.
    public init(inputTokens: Int = 0, outputTokens: Int = 0, reasoningTokens: Int? = nil) {
        self.inputTokens = Self.clamped(inputTokens)
        self.outputTokens = Self.clamped(outputTokens)
        self.reasoningTokens = reasoningTokens.map(Self.clamped)
    }

    private enum CodingKeys: String, CodingKey {
        case inputTokens, outputTokens, reasoningTokens
    }

    /// Decodes stored counts, clamped like any others (rows written before counts were checked may hold anything).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            inputTokens: try container.decode(Int.self, forKey: .inputTokens),
            outputTokens: try container.decode(Int.self, forKey: .outputTokens),
            reasoningTokens: try container.decodeIfPresent(Int.self, forKey: .reasoningTokens))
    }

    /// `value` moved into ``tokenRange``.
    public static func clamped(_ value: Int) -> Int {
        min(max(value, tokenRange.lowerBound), tokenRange.upperBound)
    }

    /// The sum of two counts, saturating at the top of ``tokenRange``; reasoning is nil only when both are.
    public static func + (lhs: Usage, rhs: Usage) -> Usage {
        let reasoning: Int? =
            switch (lhs.reasoningTokens, rhs.reasoningTokens) {
            case (nil, nil): nil
            case let (left, right): sum(left ?? 0, right ?? 0)
            }
        return Usage(
            inputTokens: sum(lhs.inputTokens, rhs.inputTokens), outputTokens: sum(lhs.outputTokens, rhs.outputTokens),
            reasoningTokens: reasoning)
    }

    /// Adds `rhs` to `lhs`, saturating at the top of ``tokenRange``.
    public static func += (lhs: inout Usage, rhs: Usage) {
        lhs = lhs + rhs
    }

    /// `a + b`, never trapping: counts are in range, but a sum is computed before it is clamped.
    private static func sum(_ a: Int, _ b: Int) -> Int {
        let (total, overflow) = a.addingReportingOverflow(b)
        return overflow ? tokenRange.upperBound : clamped(total)
    }
}
