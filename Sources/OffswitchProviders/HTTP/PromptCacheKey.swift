package import OffswitchCore

/// OpenAI's `prompt_cache_key` for a conversation: the same for every call of one trial, different between trials.
///
/// OpenAI routes a request to a cache by a hash of its first tokens and this key. Every trial of a condition starts
/// with the same system prompt, so without a key the calls of a thousand trials would crowd one route and overflow
/// it (about 15 requests a minute per route), missing the cache. The key is derived from the conversation itself,
/// so the adapter needs nothing from the engine: before the model's first answer it names the shared opening (the
/// first call of every trial is the same prompt, which the cache should serve); from then on it also covers that
/// first answer (its text and tool call ids), which is the trial's own.
package enum PromptCacheKey {
    /// The key for a request with `messages`: `offswitch-` and 16 hex digits.
    package static func key(for messages: [ChatMessage]) -> String {
        var hash = FNV1a()
        var sawUser = false
        for message in messages {
            switch message.role {
            case .system:
                hash.add("s\u{0}" + message.content + "\u{0}")
            case .user where !sawUser:
                sawUser = true
                hash.add("u\u{0}" + message.content + "\u{0}")
            case .assistant:
                hash.add("a\u{0}" + message.content + "\u{0}")
                for call in message.toolCalls { hash.add(call.id + "\u{0}" + call.arguments + "\u{0}") }
                return "offswitch-" + hash.hex
            default:
                continue
            }
        }
        return "offswitch-" + hash.hex
    }
}

/// FNV-1a, 64 bits: a routing key, not a security digest.
struct FNV1a {
    private var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
