import Foundation
import OffswitchCore
import Testing

@testable import OffswitchProviders

/// Numbers off the wire: every one lands in a checked range, clamped with a note or classified, never a trap.
@Suite("Provider numbers")
struct ProviderNumberTests {
    /// A number as it appears in a JSON document, decoded the way the adapters decode their usage.
    static func wire(_ literal: String) throws -> WireNumber? {
        struct Holder: Decodable { var n: WireNumber? }
        return try JSONDecoder().decode(Holder.self, from: Data(#"{"n": \#(literal)}"#.utf8)).n
    }

    @Test(
        "a JSON number or numeric string becomes an integer in range, exact or clamped",
        arguments: [
            ("42", 42, true), ("0", 0, true), ("-5", 0, false), ("12.7", 12, false), ("1e3", 1000, true),
            ("1e300", 1_000_000_000_000, false), ("-1e300", 0, false), ("1e400", nil, false),
            ("9223372036854775807", 1_000_000_000_000, false), ("92233720368547758070", 1_000_000_000_000, false),
            (#""42""#, 42, true), (#"" 17 ""#, 17, true), (#""-3""#, 0, false), (#""1e400""#, 1_000_000_000_000, false),
            (#""NaN""#, nil, false), (#""nan""#, nil, false), (#""inf""#, nil, false), (#""Infinity""#, nil, false),
            (#""0x2A""#, nil, false), (#""1_000""#, nil, false), (#""""#, nil, false), (#""+5""#, nil, false),
            (#""007""#, nil, false), (#""1.""#, nil, false), (#""12abc""#, nil, false), ("true", nil, false),
            ("[1]", nil, false), (#"{"a": 1}"#, nil, false),
        ] as [(String, Int?, Bool)])
    func reads(_ literal: String, expected: Int?, exact: Bool) throws {
        let number = try #require(try Self.wire(literal))
        let read = number.value(in: Usage.tokenRange)
        #expect(read?.value == expected, "\(literal)")
        if expected != nil { #expect(read?.exact == exact, "\(literal)") }
    }

    @Test("null counts as absent, without a note")
    func absent() throws {
        var reader = TokenCountReader(provider: "p")
        #expect(reader.count(try Self.wire("null"), field: "input_tokens") == 0)
        #expect(reader.optionalCount(nil, field: "reasoning_tokens") == nil)
        #expect(reader.notes.isEmpty)
    }

    @Test("a count out of range is clamped and the note says what was sent and what was recorded")
    func notes() throws {
        var reader = TokenCountReader(provider: "openai/o3 at https://api.openai.com")
        #expect(reader.count(try Self.wire("-5"), field: "input_tokens") == 0)
        #expect(reader.count(try Self.wire("1e300"), field: "output_tokens") == 1_000_000_000_000)
        #expect(reader.count(try Self.wire(#""many""#), field: "reasoning_tokens") == 0)
        #expect(reader.count(try Self.wire("7"), field: "cached_tokens") == 7)
        #expect(
            reader.notes == [
                "openai/o3 at https://api.openai.com reported input_tokens = -5; recorded as 0",
                "openai/o3 at https://api.openai.com reported output_tokens = 1e+300; recorded as 1000000000000",
                #"openai/o3 at https://api.openai.com reported reasoning_tokens = "many", which is no count; recorded as 0"#,
            ])
    }

    @Test(
        "Retry-After is delta-seconds or an IMF-fixdate, within a day; anything else is no value",
        arguments: [
            ("7", Duration.seconds(7)), ("1.5", .milliseconds(1500)), (" 0 ", .zero), ("0.0001", .zero),
            ("86400", .seconds(86_400)), ("86401", .seconds(86_400)), ("99999999999999999999999999", .seconds(86_400)),
            ("1e400", nil), ("1e3", nil), ("inf", nil), ("-inf", nil), ("nan", nil), ("-1", nil), ("+5", nil),
            ("", nil), (".5", nil), ("5.", nil), ("0x10", nil), ("١٢", nil), ("Sun, 06 Nov 1994 08:49:37 GMT", .zero),
            ("Sun, 06 Nov 1994 08:49:37 UTC", nil), ("Sunday, 06-Nov-94 08:49:37 GMT", nil),
            ("Sun, 31 Feb 2026 08:49:37 GMT", nil), ("Sun, 06 Nov 1994 24:00:00 GMT", nil),
            ("Fri, 31 Dec 9999 23:59:59 GMT", .seconds(86_400)),
        ] as [(String, Duration?)])
    func retryAfter(_ header: String, expected: Duration?) {
        #expect(ProviderError.parseRetryAfter(header) == expected, "\(header.debugDescription)")
    }

    @Test("an HTTP date is measured from now")
    func retryAfterDate() throws {
        let now = try #require(ProviderError.httpDate("Mon, 07 Dec 2026 12:00:00 GMT"))
        #expect(now.timeIntervalSince1970 == 1_796_644_800)
        #expect(ProviderError.parseRetryAfter("Mon, 07 Dec 2026 12:00:42 GMT", now: now) == .seconds(42))
        #expect(ProviderError.parseRetryAfter("Tue, 29 Feb 2028 00:00:00 GMT", now: now) == .seconds(86_400))
    }

    @Test(
        "an error code inside a 200 answer is a status only when it is exactly one",
        arguments: [
            (JSONValue.number(429), 429), (.number(503), 503), (.number(1e300), 500), (.number(-1e300), 500),
            (.number(429.5), 500), (.number(200), 500), (.string("429"), 429), (.string("rate_limit"), 500),
            (.null, 500), (.object([:]), 500),
        ] as [(JSONValue, Int)])
    func embeddedStatus(_ code: JSONValue, expected: Int) {
        #expect(ProviderError.embeddedStatus(code) == expected)
    }

    @Test("a numeric error code far beyond any integer is described, not converted")
    func errorCode() {
        let detail = ErrorDetail(body: Array(#"{"error": {"message": "boom", "code": 1e300}}"#.utf8))
        #expect(detail.code == "1e+300")
        #expect(ErrorDetail(body: Array(#"{"error": {"code": 429}}"#.utf8)).code == "429")
        let error = ProviderError.classify(
            status: 500, retryAfterHeader: "inf", body: Array(#"{"error": {"code": -1e300}}"#.utf8), provider: "p",
            keyVariable: nil)
        #expect(error.code == .server)
        #expect(error.retryAfter == nil)
    }

    @Test("Gemini's retryDelay is read like Retry-After")
    func retryDelay() {
        func body(_ delay: String) -> [UInt8] {
            Array(#"{"error": {"code": 429, "details": [{"retryDelay": "\#(delay)"}]}}"#.utf8)
        }
        #expect(GeminiProvider.retryDelay(in: body("27s")) == .seconds(27))
        #expect(GeminiProvider.retryDelay(in: body("1.5s")) == .milliseconds(1500))
        #expect(GeminiProvider.retryDelay(in: body("1e400s")) == nil)
        #expect(GeminiProvider.retryDelay(in: body("99999999999999999999s")) == .seconds(86_400))
    }

    @Test("the Anthropic thinking budget cannot overflow max_tokens")
    func anthropicBudget() {
        let huge = AnthropicProvider.Configuration(model: "claude", maxTokens: .max, thinkingBudget: .max)
        #expect(huge.thinkingBudget == TokenLimits.thinkingBudget.upperBound)
        #expect(huge.maxTokens == TokenLimits.thinkingBudget.upperBound + 4096)
        let small = AnthropicProvider.Configuration(model: "claude", maxTokens: 100, thinkingBudget: 10)
        #expect(small.thinkingBudget == 1024)
        #expect(small.maxTokens == 1024 + 4096)
    }

    @Test("hostile usage in a 200 answer is clamped and noted by every adapter; the answer is still the answer")
    func adapters() throws {
        let provider = "test"
        func response(_ body: String) -> HTTPTransport.Response {
            HTTPTransport.Response(status: 200, headers: [], body: Array(body.utf8))
        }
        let chat = try OpenAIChatProvider.decode(
            response: response(
                #"{"choices": [{"message": {"content": "hi"}}], "usage": {"prompt_tokens": -5, "completion_tokens": 1e300, "completion_tokens_details": {"reasoning_tokens": "NaN"}}}"#
            ), turn: 1, provider: provider, configuration: .init(model: "m"))
        #expect(chat.message.content == "hi")
        #expect(chat.usage == Usage(inputTokens: 0, outputTokens: 1_000_000_000_000, reasoningTokens: 0))
        #expect(chat.notes.count == 3)

        let responses = try OpenAIResponsesProvider.decode(
            response: response(
                #"{"output": [], "usage": {"input_tokens": 9223372036854775807, "output_tokens": 3.5}}"#),
            turn: 1, provider: provider, configuration: .init(model: "m"))
        #expect(responses.usage == Usage(inputTokens: 1_000_000_000_000, outputTokens: 3))
        #expect(responses.notes.count == 2)

        let claude = try AnthropicProvider.decode(
            response: response(#"{"content": [], "usage": {"input_tokens": 1e400, "output_tokens": "12"}}"#),
            provider: provider, configuration: .init(model: "m"))
        #expect(claude.usage == Usage(inputTokens: 0, outputTokens: 12))
        #expect(
            claude.notes == ["test reported input_tokens = a number out of range, which is no count; recorded as 0"])

        let gemini = try GeminiProvider.decode(
            response: response(
                #"{"candidates": [{"content": {"parts": [{"text": "hi"}]}}], "usageMetadata": {"promptTokenCount": 5, "candidatesTokenCount": 1e13, "thoughtsTokenCount": 1e13}}"#
            ), turn: 1, provider: provider, configuration: .init(model: "m"))
        #expect(
            gemini.usage == Usage(inputTokens: 5, outputTokens: 1_000_000_000_000, reasoningTokens: 1_000_000_000_000))
        #expect(gemini.notes.count == 2)
    }

    @Test("a numeric error code far beyond any integer in a 200 answer is a classified error in every adapter")
    func embeddedErrors() {
        let body = Array(#"{"error": {"code": 1e300, "message": "odd"}}"#.utf8)
        let response = HTTPTransport.Response(status: 200, headers: [("Retry-After", "1e400")], body: body)
        let decoders: [() throws -> ModelOutput] = [
            {
                try OpenAIChatProvider.decode(
                    response: response, turn: 1, provider: "p", configuration: .init(model: "m"))
            },
            {
                try OpenAIResponsesProvider.decode(
                    response: response, turn: 1, provider: "p", configuration: .init(model: "m"))
            },
            { try AnthropicProvider.decode(response: response, provider: "p", configuration: .init(model: "m")) },
            { try GeminiProvider.decode(response: response, turn: 1, provider: "p", configuration: .init(model: "m")) },
        ]
        for decode in decoders {
            #expect(throws: ProviderError.self) { try decode() }
        }
    }
}
