import Foundation
import OffswitchCore

/// Reads the rate-limit headers of an answer: OpenAI's (and xAI's, OpenRouter's) `x-ratelimit-*`, with resets as
/// Go durations (`1s`, `6m0s`, `20ms`), and Anthropic's `anthropic-ratelimit-*`, with resets as RFC 3339 times.
/// A value that does not parse or is out of range is left out.
enum RateLimitHeaders {
    /// The status the headers of `response` give, nil when they give none.
    static func status(of response: HTTPTransport.Response, now: Date = Date()) -> RateLimitStatus? {
        func header(_ name: String) -> String? { response.header(name) }
        var status = RateLimitStatus(
            requestLimit: count(header("x-ratelimit-limit-requests")),
            remainingRequests: count(header("x-ratelimit-remaining-requests")),
            requestsReset: goDuration(header("x-ratelimit-reset-requests")),
            tokenLimit: count(header("x-ratelimit-limit-tokens")),
            remainingTokens: count(header("x-ratelimit-remaining-tokens")),
            tokensReset: goDuration(header("x-ratelimit-reset-tokens")))
        if status.isEmpty {
            status = RateLimitStatus(
                requestLimit: count(header("anthropic-ratelimit-requests-limit")),
                remainingRequests: count(header("anthropic-ratelimit-requests-remaining")),
                requestsReset: until(header("anthropic-ratelimit-requests-reset"), now: now),
                tokenLimit: count(header("anthropic-ratelimit-tokens-limit")),
                remainingTokens: count(header("anthropic-ratelimit-tokens-remaining")),
                tokensReset: until(header("anthropic-ratelimit-tokens-reset"), now: now))
        }
        return status.isEmpty ? nil : status
    }

    /// A whole count in ``RateLimitStatus/countRange``.
    static func count(_ text: String?) -> Int? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty, text.count <= 13,
            text.allSatisfy(\.isASCII), let value = Int(text), RateLimitStatus.countRange.contains(value)
        else { return nil }
        return value
    }

    /// A Go duration (`1h2m3.5s`, `20ms`, `0s`) within ``RateLimitStatus/resetRange``.
    static func goDuration(_ text: String?) -> Duration? {
        guard var rest = text?.trimmingCharacters(in: .whitespaces)[...], !rest.isEmpty, rest.count <= 40 else {
            return nil
        }
        var seconds = 0.0
        // Two-letter units first: `ms` is not minutes.
        let units: [(String, Double)] = [
            ("ms", 0.001), ("us", 0.000_001), ("µs", 0.000_001), ("ns", 1e-9), ("h", 3600), ("m", 60), ("s", 1),
        ]
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number), value.isFinite else { return nil }
            rest = rest.dropFirst(number.count)
            guard let (unit, scale) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.count)
            seconds += value * scale
        }
        guard seconds.isFinite, seconds <= 86_400 else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    /// The wait until an RFC 3339 time (`2026-12-07T01:23:45Z`), 0 for one past, nil beyond a day.
    static func until(_ text: String?, now: Date) -> Duration? {
        guard let text, text.count <= 40 else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        guard let date = formatter.date(from: text) ?? plain.date(from: text) else { return nil }
        let seconds = max(0, date.timeIntervalSince(now))
        guard seconds <= 86_400 else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }
}
