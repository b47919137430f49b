import Foundation
import OffswitchCore
import Testing

@testable import OffswitchProviders

/// SplitMix64: a tiny, fixed-seed generator, so that every run of the fuzz suite feeds the same cases.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

/// Random and adversarial answers, built as text so that they can hold what no Swift value can (`1e400`).
struct AnswerFuzzer {
    var random: SplitMix64

    /// Numbers and near-numbers as JSON text: the edges of Int, Int64 and Double, and what is no number.
    static let numbers = [
        "0", "-0", "7", "-5", "12.5", "1e3", "1E+2", "1e300", "-1e300", "1e400", "-1e400", "1e-400", "4.9e-324",
        "1.7976931348623157e308", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "123456789012345678901234567890", "0.000001", "429", "503", "200", "-429",
        #""42""#, #""-5""#, #""1e400""#, #""NaN""#, #""inf""#, #""-Infinity""#, #""0x2A""#, #""""#, "true", "null",
        "[]", "{}", "[429]",
    ]

    /// Strings the adapters look for, and strings that are hard to handle.
    static let words = [
        "", "a", "hello", "429", "1e400", "rate_limit_exceeded", "insufficient_quota", "context_length_exceeded",
        "invalid_prompt", "length", "tool_calls", "max_tokens", "MAX_TOKENS", "SAFETY", "incomplete",
        "max_output_tokens", "failed", "function_call", "reasoning", "message", "text", "tool_use", "thinking",
        "limit: 0", "API key not valid", "\u{0}", "\u{202E}evil", "emoji 🫠", "line\nbreak", "quote\"", "back\\slash",
        "27s", "1e400s", "-5s", "99999999999999999999s",
    ]

    /// `Retry-After` values: valid ones, the edges, and garbage.
    static let retryAfters = [
        "7", "0", "1.5", "86401", "99999999999999999999999", "1e400", "inf", "-inf", "nan", "-1", "+5", "", " ",
        "Sun, 06 Nov 1994 08:49:37 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Sun, 31 Feb 2026 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "0x10", "١٢", "3600", "300", "301",
    ]

    static let statuses = [200, 200, 200, 200, 201, 400, 401, 403, 404, 408, 413, 429, 429, 500, 502, 503, 529, 599]

    mutating func number() -> String {
        switch random.below(4) {
        case 0: return String(random.next() >> random.below(64)) + (random.chance(30) ? ".\(random.below(1000))" : "")
        case 1: return "-" + String(random.next() >> random.below(64))
        default: return random.pick(Self.numbers)
        }
    }

    /// What fills a `§S`: mostly a string, sometimes a value of another kind where a string belongs.
    mutating func text() -> String {
        random.chance(10) ? value(depth: 1) : string()
    }

    mutating func string() -> String {
        let word: String
        if random.chance(70) {
            word = random.pick(Self.words)
        } else {
            let scalars = (0..<random.below(20)).compactMap { _ in Unicode.Scalar(UInt32(random.below(0x3000))) }
            word = String(String.UnicodeScalarView(scalars))
        }
        return JSONValue.string(word).text
    }

    /// Any JSON value, nested at most `depth` deep.
    mutating func value(depth: Int = 3) -> String {
        switch depth > 0 ? random.below(6) : random.below(3) {
        case 0: return number()
        case 1: return string()
        case 2: return random.pick(["true", "false", "null"])
        case 3: return "[" + (0..<random.below(4)).map { _ in value(depth: depth - 1) }.joined(separator: ",") + "]"
        default:
            let members = (0..<random.below(4)).map { _ in "\(string()): \(value(depth: depth - 1))" }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    /// `template` with each `§N` a number, `§S` a string and `§V` any value; sometimes a member is dropped.
    mutating func fill(_ template: String) -> String {
        var result = ""
        var rest = Substring(template)
        while let marker = rest.firstIndex(of: "§") {
            result += rest[..<marker]
            let kind = rest[rest.index(after: marker)]
            rest = rest[rest.index(marker, offsetBy: 2)...]
            switch kind {
            case "N": result += random.chance(5) ? value(depth: 1) : number()
            case "S": result += text()
            default: result += value()
            }
        }
        return result + rest
    }

    /// A body for one of `templates`, possibly damaged: cut short, a byte changed, or replaced by noise.
    mutating func body(_ templates: [String]) -> [UInt8] {
        var bytes = Array(fill(random.pick(templates)).utf8)
        switch random.below(10) {
        case 0 where !bytes.isEmpty: bytes = Array(bytes.prefix(random.below(bytes.count)))
        case 1 where !bytes.isEmpty: bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
        case 2: bytes = Array(value().utf8)
        case 3: bytes = (0..<random.below(64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        default: break
        }
        return bytes
    }

    mutating func response(_ templates: [String]) -> HTTPTransport.Response {
        var headers: [(name: String, value: String)] = []
        if random.chance(60) {
            let value: String
            if random.chance(80) {
                value = random.pick(Self.retryAfters)
            } else {
                value = String(
                    decoding: (0..<random.below(30)).map { _ in UInt8(32 + random.below(95)) }, as: UTF8.self)
            }
            headers.append((name: random.pick(["Retry-After", "retry-after"]), value: value))
        }
        let status = random.chance(10) ? 100 + random.below(900) : random.pick(Self.statuses)
        return HTTPTransport.Response(status: status, headers: headers, body: body(templates))
    }
}

/// Every adapter, fed random and adversarial answers (bodies, numbers, headers) from a fixed seed: each answer
/// must become an output or a classified `ProviderError`, never a trap, another error, or a number out of range.
@Suite("Decoder fuzz")
struct DecoderFuzzTests {
    static let cases = 2000

    /// One adapter as the transport drives it: the classification of a non-2xx answer, the decoding of a 2xx one.
    struct Adapter: Sendable, CustomStringConvertible {
        var description: String
        var templates: [String]
        var classify: @Sendable (HTTPTransport.Response) -> ProviderError
        var decode: @Sendable (HTTPTransport.Response) throws -> ModelOutput
    }

    static func classifyShared(_ response: HTTPTransport.Response) -> ProviderError {
        ProviderError.classify(
            status: response.status, retryAfterHeader: response.header("Retry-After"), body: response.body,
            provider: "fuzz", keyVariable: "KEY")
    }

    static let adapters: [Adapter] = [
        Adapter(
            description: "OpenAI Chat Completions",
            templates: [
                #"{"model": §S, "choices": [{"message": {"content": §S, "refusal": §S, "tool_calls": [{"id": §S, "type": "function", "function": {"name": §S, "arguments": §V}}]}, "finish_reason": §S}], "usage": {"prompt_tokens": §N, "completion_tokens": §N, "completion_tokens_details": {"reasoning_tokens": §N}}}"#,
                #"{"choices": [{"message": {"content": §V}}], "usage": {"prompt_tokens": §N, "completion_tokens": §N}}"#,
                #"{"error": {"code": §N, "message": §S, "type": §S}}"#,
                #"{"choices": [{"error": {"code": §N, "message": §S}}]}"#,
                #"{"error": §V}"#,
            ],
            classify: classifyShared,
            decode: { response in
                try OpenAIChatProvider.decode(
                    response: response, turn: 1, provider: "fuzz", configuration: .init(model: "m", maxTokens: 1000))
            }),
        Adapter(
            description: "OpenAI Responses",
            templates: [
                #"{"model": §S, "status": §S, "incomplete_details": {"reason": §S}, "output": [{"type": "message", "content": [{"type": "output_text", "text": §S}, {"type": "refusal", "refusal": §S}]}, {"type": "function_call", "call_id": §S, "name": §S, "arguments": §V}, {"type": "reasoning", "summary": [{"text": §S}], "encrypted_content": §S}], "usage": {"input_tokens": §N, "output_tokens": §N, "output_tokens_details": {"reasoning_tokens": §N}}}"#,
                #"{"output": [§V, §V], "usage": {"input_tokens": §N, "output_tokens": §N}}"#,
                #"{"status": "failed", "output": [], "error": {"code": §S, "message": §S}}"#,
                #"{"status": "failed", "error": {"code": §N, "message": §S}}"#,
            ],
            classify: classifyShared,
            decode: { response in
                try OpenAIResponsesProvider.decode(
                    response: response, turn: 1, provider: "fuzz", configuration: .init(model: "m", reasoning: true))
            }),
        Adapter(
            description: "Anthropic Messages",
            templates: [
                #"{"model": §S, "content": [{"type": "text", "text": §S}, {"type": "tool_use", "id": §S, "name": §S, "input": §V}, {"type": "thinking", "thinking": §S, "signature": §S}], "stop_reason": §S, "usage": {"input_tokens": §N, "output_tokens": §N}}"#,
                #"{"content": [§V], "usage": {"input_tokens": §N, "output_tokens": §N}}"#,
                #"{"type": "error", "error": {"type": §S, "message": §S}}"#,
                #"{"error": §V}"#,
            ],
            classify: classifyShared,
            decode: { response in
                try AnthropicProvider.decode(
                    response: response, provider: "fuzz", configuration: .init(model: "m", thinkingBudget: 2048))
            }),
        Adapter(
            description: "Gemini generateContent",
            templates: [
                #"{"candidates": [{"content": {"role": "model", "parts": [{"text": §S, "thought": §V}, {"functionCall": {"id": §S, "name": §S, "args": §V}}]}, "finishReason": §S}], "usageMetadata": {"promptTokenCount": §N, "candidatesTokenCount": §N, "thoughtsTokenCount": §N}, "modelVersion": §S}"#,
                #"{"promptFeedback": {"blockReason": §S}, "usageMetadata": {"promptTokenCount": §N}}"#,
                #"{"error": {"code": §N, "message": §S, "status": §S, "details": [{"retryDelay": §S}]}}"#,
                #"{"error": {"code": §N, "message": "Quota exceeded, limit: 0", "details": [{"retryDelay": §S}, §V]}}"#,
            ],
            classify: { response in
                GeminiProvider.classify(
                    status: response.status, retryAfterHeader: response.header("Retry-After"), body: response.body,
                    provider: "fuzz", configuration: .init(model: "gemini-2.5-pro"))
            },
            decode: { response in
                try GeminiProvider.decode(
                    response: response, turn: 1, provider: "fuzz", configuration: .init(model: "gemini-2.5-pro"))
            }),
    ]

    @Test("every answer becomes an output with counts in range or a classified ProviderError", arguments: adapters)
    func fuzz(_ adapter: Adapter) {
        var fuzzer = AnswerFuzzer(random: SplitMix64(seed: 0x0FF5_3171_C000 &+ UInt64(adapter.description.utf8.count)))
        var outcomes = (outputs: 0, errors: 0, notes: 0)
        for index in 0..<Self.cases {
            let response = fuzzer.response(adapter.templates)
            let body = String(decoding: response.body.prefix(300), as: UTF8.self)
            let classified = adapter.classify(response)
            Self.check(classified, case: index, body: body)
            do {
                let output = try adapter.decode(response)
                outcomes.outputs += 1
                outcomes.notes += output.notes.count
                let counts = [output.usage.inputTokens, output.usage.outputTokens, output.usage.reasoningTokens ?? 0]
                #expect(counts.allSatisfy(Usage.tokenRange.contains), "case \(index): \(output.usage) from \(body)")
                #expect(output.notes.count <= 4, "case \(index): \(output.notes)")
            } catch let error as ProviderError {
                outcomes.errors += 1
                Self.check(error, case: index, body: body)
            } catch {
                Issue.record("case \(index): \(type(of: error)) is not a ProviderError: \(error) from \(body)")
            }
        }
        // The mix exercises both paths and the clamping, or the generator has drifted into testing nothing.
        #expect(outcomes.outputs >= Self.cases / 10, "\(outcomes)")
        #expect(outcomes.errors >= Self.cases / 10, "\(outcomes)")
        #expect(outcomes.notes >= Self.cases / 20, "\(outcomes)")
    }

    static func check(_ error: ProviderError, case index: Int, body: String) {
        #expect(!error.message.isEmpty, "case \(index)")
        if let wait = error.retryAfter {
            #expect(wait >= .zero && wait <= ProviderError.maximumRetryAfter, "case \(index): \(wait) from \(body)")
        }
    }

    @Test("any Retry-After text is a delay within a day or none")
    func retryAfter() {
        var random = SplitMix64(seed: 15)
        let alphabet = Array("0123456789.:,-+eE GMTSunNovinfa\u{0}")
        for index in 0..<Self.cases {
            let text: String
            if random.chance(50) {
                text = String((0..<random.below(32)).map { _ in random.pick(alphabet) })
            } else {
                text = random.pick(AnswerFuzzer.retryAfters) + (random.chance(50) ? "" : String(random.next()))
            }
            if let delay = ProviderError.parseRetryAfter(text) {
                #expect(
                    delay >= .zero && delay <= ProviderError.maximumRetryAfter,
                    "case \(index): \(text.debugDescription)")
            }
        }
    }
}
