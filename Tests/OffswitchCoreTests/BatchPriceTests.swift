import OffswitchCore
import Testing

@Suite("batch prices and request digests")
struct BatchPriceTests {
    @Test("batch prices are half of every rate, for the providers with a batch API only")
    func batched() throws {
        let table = PriceTable.builtIn.batched([
            "anthropic/claude-opus-4-20250514", "xai/grok-4", "openai/o3-2025-04-16",
        ])
        #expect(
            table.price(for: "anthropic/claude-opus-4-20250514")
                == Price(input: 7.5, output: 37.5, cachedInput: 0.75, cacheWrite: 9.375))
        #expect(table.price(for: "openai/o3-2025-04-16") == Price(input: 1.00, output: 4.00, cachedInput: 0.25))
        #expect(table.price(for: "xai/grok-4") == PriceTable.builtIn.price(for: "xai/grok-4"))
        #expect(table.price(for: "openai/o3") == PriceTable.builtIn.price(for: "openai/o3"), "only the named models")
        #expect(PriceTable.hasBatchAPI("google/gemini-2.5-pro") && PriceTable.hasBatchAPI("openai-responses/o3"))
        #expect(!PriceTable.hasBatchAPI("reference/comply") && !PriceTable.hasBatchAPI("openrouter/x"))
    }

    @Test("the estimate's batch figures are half its synchronous ones; none without a batch API")
    func estimate() throws {
        let prices = PriceTable([
            "anthropic/m": Price(input: 10, output: 50, cachedInput: 1, cacheWrite: 12.5),
            "xai/m": Price(input: 1, output: 2),
        ])
        let claude = CostEstimate(model: "anthropic/m", condition: "A", trials: 100, profile: .standard, prices: prices)
        #expect(abs(try #require(claude.batch) - (try #require(claude.uncached)) / 2) < 1e-9)
        #expect(abs(try #require(claude.batchCached) - (try #require(claude.cached)) / 2) < 1e-9)
        let grok = CostEstimate(model: "xai/m", condition: "A", trials: 100, profile: .standard, prices: prices)
        #expect(grok.uncached != nil && grok.batch == nil && grok.batchCached == nil)
    }

    @Test("SHA-256 matches the FIPS 180-4 test vectors")
    func sha256() {
        #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("a request's digest does not depend on the order of its JSON keys")
    func digest() {
        let one = BatchGatherer.digest(of: Array(#"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#.utf8))
        let two = BatchGatherer.digest(of: Array(#"{"messages":[{"content":"hi","role":"user"}],"model":"m"}"#.utf8))
        let other = BatchGatherer.digest(of: Array(#"{"messages":[{"content":"ho","role":"user"}],"model":"m"}"#.utf8))
        #expect(one == two && one != other && one.count == 64)
        let id = BatchGatherer.customID(trial: "anthropic/m A #1", digest: one)
        #expect(id.count <= 64 && id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
    }
}
