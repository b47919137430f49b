import Foundation
import OffswitchCore
import Synchronization

/// The simulated provider's account limits: requests and tokens per second, each a bucket that refills
/// continuously and holds `burst` seconds' worth (full at the start), as providers describe their limits.
///
/// A call that finds either bucket short is answered 429 with `Retry-After`; every answer carries OpenAI-style
/// `x-ratelimit-*` headers (limit, remaining, time until the bucket is full), which is what offswitch paces by.
final class BenchRateLimiter: Sendable {
    let requestsPerSecond: Double
    let tokensPerSecond: Double
    let burst: Double

    private struct State {
        var requests: Double
        var tokens: Double
        var at: ContinuousClock.Instant
        var admitted = 0
        var admittedTokens = 0
        var refused = 0
    }

    private let state: Mutex<State>

    init(requestsPerMinute: Double, tokensPerMinute: Double, burstSeconds: Double) {
        requestsPerSecond = requestsPerMinute / 60
        tokensPerSecond = tokensPerMinute / 60
        burst = burstSeconds
        state = Mutex(
            State(
                requests: requestsPerMinute / 60 * burstSeconds, tokens: tokensPerMinute / 60 * burstSeconds, at: .now))
    }

    var requestCapacity: Double { requestsPerSecond * burst }
    var tokenCapacity: Double { tokensPerSecond * burst }

    /// Counts a call of `tokens` tokens: nil when admitted, else the seconds until it would be.
    func take(tokens: Int) -> (refusedFor: Double?, headers: [(String, String)]) {
        state.withLock { state in
            let now = ContinuousClock.now
            let seconds = Self.seconds(state.at.duration(to: now))
            state.at = now
            state.requests = min(requestCapacity, state.requests + seconds * requestsPerSecond)
            state.tokens = min(tokenCapacity, state.tokens + seconds * tokensPerSecond)
            var refused: Double?
            if state.requests < 1 || state.tokens < Double(tokens) {
                refused = max(
                    (1 - state.requests) / requestsPerSecond, (Double(tokens) - state.tokens) / tokensPerSecond, 0.001)
                state.refused += 1
            } else {
                state.requests -= 1
                state.tokens -= Double(tokens)
                state.admitted += 1
                state.admittedTokens += tokens
            }
            let requestsFull = (requestCapacity - state.requests) / requestsPerSecond
            let tokensFull = (tokenCapacity - state.tokens) / tokensPerSecond
            let headers = [
                ("x-ratelimit-limit-requests", String(Int(requestCapacity))),
                ("x-ratelimit-remaining-requests", String(Int(state.requests.rounded(.down)))),
                ("x-ratelimit-reset-requests", "\(Int((requestsFull * 1000).rounded(.up)))ms"),
                ("x-ratelimit-limit-tokens", String(Int(tokenCapacity))),
                ("x-ratelimit-remaining-tokens", String(Int(state.tokens.rounded(.down)))),
                ("x-ratelimit-reset-tokens", "\(Int((tokensFull * 1000).rounded(.up)))ms"),
            ]
            return (refused, headers)
        }
    }

    /// Calls admitted, their tokens, and calls refused with 429.
    var counts: (admitted: Int, tokens: Int, refused: Int) {
        state.withLock { ($0.admitted, $0.admittedTokens, $0.refused) }
    }

    /// The least time any client could take for what was admitted: each bucket's total beyond its first fill, at
    /// its rate; the binding one decides.
    var boundSeconds: Double {
        let (admitted, tokens, _) = counts
        return max(
            (Double(admitted) - requestCapacity) / requestsPerSecond,
            (Double(tokens) - tokenCapacity) / tokensPerSecond, 0)
    }

    static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }
}
