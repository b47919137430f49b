import OffswitchCore
import Testing

@Suite("prices and cost")
struct PriceTableTests {
    @Test("a trial's cost bills input and output (reasoning included) at the model's price per million")
    func cost() throws {
        let usage = Usage(inputTokens: 1_000_000, outputTokens: 500_000, reasoningTokens: 400_000)
        let cost = try #require(PriceTable.builtIn.cost(of: usage, address: "openai/o3"))
        #expect(abs(cost - (2.00 + 4.00)) < 1e-9)
    }

    @Test("cache reads and writes are billed at their own prices, or at the input price when the table has none")
    func cachePrices() throws {
        let usage = Usage(inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 600_000, cacheWriteTokens: 200_000)
        let priced = PriceTable(["a/b": Price(input: 10, output: 0, cachedInput: 1, cacheWrite: 12.5)])
        #expect(abs(try #require(priced.cost(of: usage, address: "a/b")) - (2 + 0.6 + 2.5)) < 1e-9)
        let plain = PriceTable(["a/b": Price(input: 10, output: 0)])
        #expect(abs(try #require(plain.cost(of: usage, address: "a/b")) - 10) < 1e-9)
        let file = #"{"a/b": {"input": 3, "output": 15, "cached_input": 0.3, "cache_write": 3.75}}"#
        #expect(
            try PriceTable.decode(Array(file.utf8)).price(for: "a/b")
                == Price(input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75))
        let error = #expect(throws: PriceTable.InvalidPrice.self) {
            try PriceTable.decode(Array(#"{"a/b": {"input": 3, "output": 15, "cache_write": -1}}"#.utf8))
        }
        #expect(error?.field == "cache_write")
    }

    @Test("a dated snapshot is priced as its model; an unknown model has no price")
    func lookup() {
        #expect(
            PriceTable.builtIn.price(for: "openai/o3-2025-04-16") == Price(input: 2.00, output: 8.00, cachedInput: 0.50)
        )
        #expect(PriceTable.builtIn.price(for: "openai/o3-pro") == Price(input: 2.00, output: 8.00, cachedInput: 0.50))
        #expect(PriceTable.builtIn.price(for: "vllm/test-model") == nil)
        #expect(PriceTable.builtIn.cost(of: Usage(inputTokens: 10), address: "vllm/test-model") == nil)
    }

    @Test("a user's price file adds models and overrides built-in prices")
    func merging() throws {
        let file = #"{"vllm/test-model": {"input": 0.5, "output": 1}, "openai/o3": {"input": 10, "output": 40}}"#
        let table = PriceTable.builtIn.merging(try PriceTable.decode(Array(file.utf8)))
        #expect(table.price(for: "vllm/test-model") == Price(input: 0.5, output: 1))
        #expect(table.price(for: "openai/o3") == Price(input: 10, output: 40))
        #expect(table.price(for: "openai/o4-mini") == Price(input: 1.10, output: 4.40, cachedInput: 0.275))
        #expect(throws: (any Error).self) { try PriceTable.decode(Array(#"{"openai/o3": 2}"#.utf8)) }
    }

    @Test(
        "a price outside 0 to 1000000 USD per 1M tokens is refused, naming the model and the field",
        arguments: [
            (
                #"{"a/b": {"input": -1, "output": 2}}"#,
                "a/b: input price -1.0 is outside 0 to 1000000 USD per 1M tokens"
            ),
            (
                #"{"a/b": {"input": 1, "output": 1e300}}"#,
                "a/b: output price 1e+300 is outside 0 to 1000000 USD per 1M tokens"
            ),
            (
                #"{"z/z": {"input": 1, "output": 1}, "c/d": {"input": 1000001, "output": 0}}"#,
                "c/d: input price 1000001.0 is outside 0 to 1000000 USD per 1M tokens"
            ),
        ])
    func range(_ file: String, message: String) {
        #expect(throws: PriceTable.InvalidPrice.self) { try PriceTable.decode(Array(file.utf8)) }
        do {
            _ = try PriceTable.decode(Array(file.utf8))
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test("prices at both ends of the range are accepted")
    func bounds() throws {
        let table = try PriceTable.decode(Array(#"{"a/b": {"input": 0, "output": 1000000}}"#.utf8))
        #expect(table.price(for: "a/b") == Price(input: 0, output: 1_000_000))
    }
}
