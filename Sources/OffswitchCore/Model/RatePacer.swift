/// Paces the calls to one provider account from the rate-limit headers of its answers, so that calls slow down
/// before the provider answers 429 rather than after.
///
/// Each answer's headers (``RateLimitStatus``) say how many requests and tokens are left and when the window is
/// whole again. The pacer counts the calls it lets through against that, with the tokens of an average call, and
/// holds further calls until the window resets once either would run out; at the reset the account's whole limit
/// is available again. An account whose answers carry no headers is never held.
public actor RatePacer {
    private let elapsed: @Sendable () -> Duration
    private let sleep: @Sendable (Duration) async throws -> Void

    private var requestLimit: Int?
    private var requestsLeft: Int?
    private var requestsResetAt: Duration?
    private var tokenLimit: Int?
    private var tokensLeft: Double?
    private var tokensResetAt: Duration?
    /// The tokens of an average call (a moving mean of what answers reported).
    private var tokensPerCall: Double = 0
    private var observedCalls = 0
    /// How long calls have been held in all, for the bench and progress.
    public private(set) var heldTime: Duration = .zero

    /// A pacer on `clock` (a test's manual clock, or the continuous clock).
    public init<C: Clock>(clock: C) where C.Duration == Duration {
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
        sleep = { try await clock.sleep(for: $0) }
    }

    /// A pacer on the continuous clock.
    public init() { self.init(clock: ContinuousClock()) }

    /// Returns once a call may be sent, counting it against what is left.
    /// - Throws: `CancellationError` when cancelled while held.
    public func admit() async throws {
        while true {
            try Task.checkCancellation()
            let now = elapsed()
            if let at = requestsResetAt, now >= at {
                requestsLeft = requestLimit
                requestsResetAt = nil
            }
            if let at = tokensResetAt, now >= at {
                tokensLeft = tokenLimit.map(Double.init)
                tokensResetAt = nil
            }
            var wait: Duration?
            // Out with no reset known (the window ran out after its reset): a second's window, as providers count.
            if let left = requestsLeft, left <= 0 {
                let at = requestsResetAt ?? now + .seconds(1)
                requestsResetAt = at
                wait = at - now
            }
            if let left = tokensLeft, left < max(1, tokensPerCall) {
                let at = tokensResetAt ?? now + .seconds(1)
                tokensResetAt = at
                wait = max(wait ?? .zero, at - now)
            }
            guard let wait else {
                if let left = requestsLeft { requestsLeft = left - 1 }
                if let left = tokensLeft { tokensLeft = left - tokensPerCall }
                return
            }
            // A reset with no time given (or one already past) still waits a little, never spins.
            let hold = max(wait, .milliseconds(5))
            heldTime += hold
            try await sleep(hold)
        }
    }

    /// Holds every call until `retryAfter` (1 s when the provider gave none) after a 429.
    public func throttled(for retryAfter: Duration?) {
        let wait = min(max(retryAfter ?? .seconds(1), .zero), RateLimitStatus.resetRange.upperBound)
        let at = elapsed() + wait
        requestsLeft = 0
        requestsResetAt = max(requestsResetAt ?? at, at)
    }

    /// Takes in what an answer's headers said and the tokens the call used.
    ///
    /// The smaller of what is counted and what is reported wins (answers arrive out of order, and one sent
    /// earlier may report more left than there is); the later reset wins.
    public func observe(_ status: RateLimitStatus?, tokens: Int) {
        observedCalls += 1
        tokensPerCall += (Double(max(0, tokens)) - tokensPerCall) / Double(min(observedCalls, 50))
        guard let status, !status.isEmpty else { return }
        let now = elapsed()
        if let limit = status.requestLimit { requestLimit = limit }
        if let remaining = status.remainingRequests {
            requestsLeft = min(requestsLeft ?? remaining, remaining)
            let reset = now + (status.requestsReset ?? .seconds(1))
            requestsResetAt = max(requestsResetAt ?? reset, reset)
        }
        if let limit = status.tokenLimit { tokenLimit = limit }
        if let remaining = status.remainingTokens {
            tokensLeft = min(tokensLeft ?? Double(remaining), Double(remaining))
            let reset = now + (status.tokensReset ?? .seconds(1))
            tokensResetAt = max(tokensResetAt ?? reset, reset)
        }
    }
}
