import OffswitchProviders
import Synchronization

/// The simulated provider's prompt cache, billed like Anthropic's: a request that names its cache (its
/// `prompt_cache_key`) reads the longest run of leading messages it shares with that cache's last request, and
/// writes the rest; without a key nothing is cached. A prompt under 1,024 tokens is neither read nor written
/// (Anthropic's minimum for Opus and Sonnet). Tokens are counted as four bytes of the request's JSON each.
final class BenchCacheSimulator: Sendable {
    /// The shortest prompt cached: Anthropic's 1,024 for Opus and Sonnet, or 0 for what caching would save were
    /// every prompt long enough.
    let minimumTokens: Int
    private let caches = Mutex<[String: [JSONValue]]>([:])

    private let ids = Atomic<Int>(0)

    init(minimumTokens: Int = 1024) { self.minimumTokens = minimumTokens }

    /// A number no other call of this provider got.
    func nextID() -> Int { ids.add(1, ordering: .relaxed).newValue }

    /// Prompt tokens, and the cached and written parts (nil without a cache key).
    func usage(of request: JSONValue) -> (prompt: Int, cached: Int?, written: Int?) {
        // Compared as values: the same object may print its keys in another order.
        var segments = [request["tools"] ?? .null]
        if case .array(let messages)? = request["messages"] { segments += messages }
        let tokens = segments.map { $0.text.utf8.count / 4 }
        let prompt = tokens.reduce(0, +)
        guard let key = request["prompt_cache_key"]?.string else { return (prompt, nil, nil) }
        let previous = caches.withLock { caches in
            defer { caches[key] = segments }
            return caches[key] ?? []
        }
        let shared = zip(previous, segments).prefix { $0 == $1 }.count
        let prefix = tokens.prefix(shared).reduce(0, +)
        let cached = prefix >= minimumTokens ? prefix : 0
        let written = prompt >= minimumTokens ? prompt - cached : 0
        return (prompt, cached, written)
    }
}
