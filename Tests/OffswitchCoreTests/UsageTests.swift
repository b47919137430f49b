import Foundation
import OffswitchCore
import Testing

/// Token counts stay in range however they are made, summed or decoded.
@Suite("Usage")
struct UsageTests {
    static let top = Usage.tokenRange.upperBound

    @Test("counts are clamped into range on creation and on assignment")
    func clamping() {
        let usage = Usage(inputTokens: -5, outputTokens: .max, reasoningTokens: .min)
        #expect(usage == Usage(inputTokens: 0, outputTokens: Self.top, reasoningTokens: 0))
        var changed = usage
        changed.inputTokens = .max
        changed.outputTokens = -1
        changed.reasoningTokens = 7
        #expect(changed == Usage(inputTokens: Self.top, outputTokens: 0, reasoningTokens: 7))
    }

    @Test("sums saturate at the top of the range instead of trapping")
    func saturation() {
        var total = Usage(inputTokens: Self.top - 1, outputTokens: 10)
        for _ in 0..<1000 { total += Usage(inputTokens: .max, outputTokens: .max, reasoningTokens: .max) }
        #expect(total == Usage(inputTokens: Self.top, outputTokens: Self.top, reasoningTokens: Self.top))
        let sum = Usage(inputTokens: 2, outputTokens: 3) + Usage(inputTokens: 5, outputTokens: 7)
        #expect(sum == Usage(inputTokens: 7, outputTokens: 10))
    }

    @Test("reasoning stays nil when neither side reports it, and adds up when one does")
    func reasoning() {
        #expect((Usage() + Usage()).reasoningTokens == nil)
        #expect((Usage(reasoningTokens: 4) + Usage()).reasoningTokens == 4)
        #expect((Usage() + Usage(reasoningTokens: 4) + Usage(reasoningTokens: 1)).reasoningTokens == 5)
    }

    @Test("decoded counts are clamped like any others, and encoding keeps the stored field names")
    func codable() throws {
        let json = #"{"inputTokens": -12, "outputTokens": 9223372036854775807, "reasoningTokens": 3}"#
        let usage = try JSONDecoder().decode(Usage.self, from: Data(json.utf8))
        #expect(usage == Usage(inputTokens: 0, outputTokens: Self.top, reasoningTokens: 3))
        let encoded = try JSONEncoder().encode(Usage(inputTokens: 1, outputTokens: 2))
        #expect(try JSONDecoder().decode(Usage.self, from: encoded) == Usage(inputTokens: 1, outputTokens: 2))
        #expect(String(decoding: encoded, as: UTF8.self).contains(#""inputTokens":1"#))
    }

    @Test("the cost of the most tokens at the highest price is finite")
    func cost() throws {
        let top = PriceTable.priceRange.upperBound
        let table = PriceTable(["x/y": Price(input: top, output: top)])
        let cost = try #require(table.cost(of: Usage(inputTokens: .max, outputTokens: .max), address: "x/y"))
        #expect(cost.isFinite)
        #expect(cost == 2e12)
    }
}

/// Cache reads and writes: parts of the input, summed like the other counts, absent from the JSON when unreported.
@Suite("Usage cache counts")
struct UsageCacheTests {
    @Test("cache counts add up, stay nil when neither side reports them, and are parts of the input")
    func sums() {
        let a = Usage(inputTokens: 1000, outputTokens: 10, cacheReadTokens: 800)
        let b = Usage(inputTokens: 1200, outputTokens: 20, cacheWriteTokens: 100)
        let sum = a + b
        #expect(sum == Usage(inputTokens: 2200, outputTokens: 30, cacheReadTokens: 800, cacheWriteTokens: 100))
        #expect(sum.freshInputTokens == 1300)
        #expect((Usage(inputTokens: 1) + Usage(inputTokens: 2)).cacheReadTokens == nil)
        var total = Usage(cacheReadTokens: Usage.tokenRange.upperBound)
        total += Usage(cacheReadTokens: 5)
        #expect(total.cacheReadTokens == Usage.tokenRange.upperBound)
        #expect(
            Usage(inputTokens: 5, cacheReadTokens: -3, cacheWriteTokens: .max)
                == Usage(inputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: Usage.tokenRange.upperBound))
    }

    @Test("counts without cache fields encode exactly as before; cache counts round-trip")
    func encoding() throws {
        let plain = try JSONEncoder().encode(Usage(inputTokens: 1, outputTokens: 2))
        #expect(!String(decoding: plain, as: UTF8.self).contains("cache"))
        let cached = Usage(inputTokens: 10, outputTokens: 2, cacheReadTokens: 7, cacheWriteTokens: 1)
        #expect(try JSONDecoder().decode(Usage.self, from: try JSONEncoder().encode(cached)) == cached)
    }
}
