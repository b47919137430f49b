/// What a provider's rate-limit headers said about the account after one call: how many requests and tokens are
/// left in the current window, the window's size, and how long until it is whole again.
///
/// Every field comes from a header and is range-checked by the adapter: a count outside ``countRange`` or a wait
/// outside ``resetRange`` is left out (nil), as is anything that does not parse.
public struct RateLimitStatus: Sendable, Equatable {
    /// The counts a status holds: 0 to a trillion.
    public static let countRange: ClosedRange<Int> = 0...1_000_000_000_000
    /// The waits a status holds: up to a day.
    public static let resetRange: ClosedRange<Duration> = .zero ... .seconds(86_400)

    /// Requests allowed per window (`x-ratelimit-limit-requests`).
    public var requestLimit: Int?
    /// Requests left (`x-ratelimit-remaining-requests`, `anthropic-ratelimit-requests-remaining`).
    public var remainingRequests: Int?
    /// Until the request limit is whole again (`x-ratelimit-reset-requests`).
    public var requestsReset: Duration?
    /// Tokens allowed per window.
    public var tokenLimit: Int?
    /// Tokens left.
    public var remainingTokens: Int?
    /// Until the token limit is whole again.
    public var tokensReset: Duration?

    /// Creates a status; a value outside its range is dropped.
    public init(
        requestLimit: Int? = nil, remainingRequests: Int? = nil, requestsReset: Duration? = nil,
        tokenLimit: Int? = nil, remainingTokens: Int? = nil, tokensReset: Duration? = nil
    ) {
        func count(_ value: Int?) -> Int? { value.flatMap { Self.countRange.contains($0) ? $0 : nil } }
        func wait(_ value: Duration?) -> Duration? { value.flatMap { Self.resetRange.contains($0) ? $0 : nil } }
        self.requestLimit = count(requestLimit)
        self.remainingRequests = count(remainingRequests)
        self.requestsReset = wait(requestsReset)
        self.tokenLimit = count(tokenLimit)
        self.remainingTokens = count(remainingTokens)
        self.tokensReset = wait(tokensReset)
    }

    /// True when no header said anything.
    public var isEmpty: Bool { self == RateLimitStatus() }
}
