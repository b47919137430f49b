import Foundation

/// What a model's tokens cost, in USD per million.
public struct Price: Codable, Sendable, Equatable {
    public var input: Double
    /// Per million output tokens, reasoning tokens included (they are billed as output).
    public var output: Double
    /// Per million input tokens read from the prompt cache; nil bills them as `input`.
    public var cachedInput: Double?
    /// Per million input tokens written to the prompt cache (Anthropic's 5-minute writes); nil bills them as
    /// `input`.
    public var cacheWrite: Double?

    /// Creates a price, USD per million tokens.
    ///
    /// - Parameters:
    ///   - input: Input tokens billed in full.
    ///   - output: Output tokens, reasoning included.
    ///   - cachedInput: Cache reads, or nil for the input price.
    ///   - cacheWrite: Cache writes, or nil for the input price.
    public init(input: Double, output: Double, cachedInput: Double? = nil, cacheWrite: Double? = nil) {
        self.input = input
        self.output = output
        self.cachedInput = cachedInput
        self.cacheWrite = cacheWrite
    }

    private enum CodingKeys: String, CodingKey {
        case input, output
        case cachedInput = "cached_input"
        case cacheWrite = "cache_write"
    }

    /// The price's fields as a price file names them, with their values.
    var fields: [(name: String, value: Double)] {
        [("input", input), ("output", output)]
            + [("cached_input", cachedInput), ("cache_write", cacheWrite)]
            .compactMap { name, value in value.map { (name, $0) } }
    }
}

/// Prices by model address (`provider/model`), used to turn a trial's usage into dollars.
public struct PriceTable: Sendable, Equatable {
    public var prices: [String: Price]

    public init(_ prices: [String: Price] = [:]) {
        self.prices = prices
    }

    /// List prices as of mid-2026 (research/providers.md section 11; Gemini's prompt tier up to 200k tokens).
    /// Anthropic bills cache reads at a tenth of input and 5-minute cache writes at 1.25 times input; OpenAI,
    /// Gemini and xAI cache on their own and bill only reads, at each model's published cached-input price.
    /// Extend or override them with `merging(_:)`.
    public static let builtIn = PriceTable([
        "openai/o3": Price(input: 2.00, output: 8.00, cachedInput: 0.50),
        "openai/o4-mini": Price(input: 1.10, output: 4.40, cachedInput: 0.275),
        "openai/codex-mini-latest": Price(input: 1.50, output: 6.00, cachedInput: 0.375),
        "openai/gpt-5": Price(input: 1.25, output: 10.00, cachedInput: 0.125),
        "anthropic/claude-3-7-sonnet-20250219": Price(input: 3.00, output: 15.00, cachedInput: 0.30, cacheWrite: 3.75),
        "anthropic/claude-3-7-sonnet-latest": Price(input: 3.00, output: 15.00, cachedInput: 0.30, cacheWrite: 3.75),
        "anthropic/claude-opus-4-20250514": Price(input: 15.00, output: 75.00, cachedInput: 1.50, cacheWrite: 18.75),
        "anthropic/claude-opus-4": Price(input: 15.00, output: 75.00, cachedInput: 1.50, cacheWrite: 18.75),
        "google/gemini-2.5-pro": Price(input: 1.25, output: 10.00, cachedInput: 0.125),
        "xai/grok-4": Price(input: 3.00, output: 15.00, cachedInput: 0.75),
        "xai/grok-4-0709": Price(input: 3.00, output: 15.00, cachedInput: 0.75),
        "xai/grok-3-mini": Price(input: 0.30, output: 0.50, cachedInput: 0.075),
    ])

    /// This table with `other`'s prices added, `other` winning where both price a model.
    public func merging(_ other: PriceTable) -> PriceTable {
        PriceTable(prices.merging(other.prices) { _, new in new })
    }

    /// The price of `address`: its own entry, else the longest entry it extends with a `-suffix`
    /// (`openai/o3-2025-04-16` is priced as `openai/o3`); nil when the table does not know the model.
    public func price(for address: String) -> Price? {
        if let price = prices[address] { return price }
        let key = prices.keys.filter { address.hasPrefix($0 + "-") }.max { $0.count < $1.count }
        return key.flatMap { prices[$0] }
    }

    /// What `usage` cost on `address` in USD, or nil when the model has no price.
    ///
    /// Fresh input is billed at `input`, cache reads at `cachedInput` and cache writes at `cacheWrite` (each the
    /// input price when the table has none), output at `output`.
    public func cost(of usage: Usage, address: String) -> Double? {
        guard let price = price(for: address) else { return nil }
        let input =
            Double(usage.freshInputTokens) * price.input
            + Double(usage.cacheReadTokens ?? 0) * (price.cachedInput ?? price.input)
            + Double(usage.cacheWriteTokens ?? 0) * (price.cacheWrite ?? price.input)
        return (input + Double(usage.outputTokens) * price.output) / 1_000_000
    }

    /// The prices a table accepts, USD per million tokens: far above any model's, and small enough that the
    /// cost of `Usage.tokenRange` tokens stays a finite, printable number.
    public static let priceRange: ClosedRange<Double> = 0...1_000_000

    /// A price in a price file outside ``priceRange``.
    public struct InvalidPrice: Error, Sendable, Equatable, CustomStringConvertible {
        /// The model it prices.
        public var address: String
        /// `input`, `output`, `cached_input` or `cache_write`.
        public var field: String
        public var value: Double

        public var description: String {
            let top = Int(PriceTable.priceRange.upperBound)
            return "\(address): \(field) price \(value) is outside 0 to \(top) USD per 1M tokens"
        }
    }

    /// Reads a price file: `{"provider/model": {"input": 2.0, "output": 8.0, "cached_input": 0.5,
    /// "cache_write": 2.5}, ...}`, USD per million tokens; the cache prices are optional.
    /// - Throws: `InvalidPrice` for a price outside ``priceRange`` (the first, by address); `DecodingError` when
    ///   the JSON has another shape. The caller words either for the user.
    public static func decode(_ json: [UInt8]) throws -> PriceTable {
        let prices = try JSONDecoder().decode([String: Price].self, from: Data(json))
        for (address, price) in prices.sorted(by: { $0.key < $1.key }) {
            for (field, value) in price.fields where !priceRange.contains(value) {
                throw InvalidPrice(address: address, field: field, value: value)
            }
        }
        return PriceTable(prices)
    }
}
