/// A wait the engine is about to make before it tries a failed model call again: what progress shows.
public struct RetryWait: Sendable, Equatable, CustomStringConvertible {
    /// The model's address (`openai/o3`).
    public var provider: String
    /// The retry that follows the wait: 1 for the first.
    public var retry: Int
    /// The retries the policy allows in all.
    public var maxRetries: Int
    /// How long the wait is.
    public var delay: Duration
    /// Why the call failed: `rate limited (429)`, `server error (503)`, `timeout`, ...
    public var reason: String

    public init(provider: String, retry: Int, maxRetries: Int, delay: Duration, reason: String) {
        self.provider = provider
        self.retry = retry
        self.maxRetries = maxRetries
        self.delay = delay
        self.reason = reason
    }

    /// One line: `waiting 42 s: openai/o3 rate limited (429), retry 2 of 5`.
    public var description: String {
        "waiting \(Self.seconds(delay)) s: \(provider) \(reason), retry \(retry) of \(maxRetries)"
    }

    /// Why `error` is retried, in words, with the HTTP status when an answer came.
    public static func reason(for error: ProviderError) -> String {
        let words =
            switch error.code {
            case .server: "server error"
            case .timeout: "timed out"
            case .network: "network error"
            // Other codes read as their name in words: rateLimited is "rate limited".
            default:
                error.code.description.reduce(into: "") { words, letter in
                    words += letter.isUppercase ? " " + letter.lowercased() : String(letter)
                }
            }
        return error.exchange.map { "\(words) (\($0.status))" } ?? words
    }

    /// `duration` in seconds for people: whole seconds as `42`, a fraction to a tenth (`1.5`).
    public static func seconds(_ duration: Duration) -> String {
        let (whole, fraction) = duration.components
        let tenths = Int(fraction / 100_000_000_000_000_000)
        return tenths == 0 ? "\(whole)" : "\(whole).\(tenths)"
    }
}
