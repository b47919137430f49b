import Foundation

/// What a model's tokens cost, in USD per million.
public struct Price: Codable, Sendable, Equatable {
    public var input: Double
    /// Per million output tokens, reasoning tokens included (they are billed as output).
    public var output: Double

    public init(input: Double, output: Double) {
        self.input = input
        self.output = output
    }
}

/// Prices by model address (`provider/model`), used to turn a trial's usage into dollars.
public struct PriceTable: Sendable, Equatable {
    public var prices: [String: Price]

    public init(_ prices: [String: Price] = [:]) {
        self.prices = prices
    }

    /// List prices as of mid-2026 (research/providers.md section 11; cache discounts ignored, Gemini's
    /// prompt tier up to 200k tokens). Extend or override them with `merging(_:)`.
    public static let builtIn = PriceTable([
        "openai/o3": Price(input: 2.00, output: 8.00),
        "openai/o4-mini": Price(input: 1.10, output: 4.40),
        "openai/codex-mini-latest": Price(input: 1.50, output: 6.00),
        "openai/gpt-5": Price(input: 1.25, output: 10.00),
        "anthropic/claude-3-7-sonnet-20250219": Price(input: 3.00, output: 15.00),
        "anthropic/claude-3-7-sonnet-latest": Price(input: 3.00, output: 15.00),
        "anthropic/claude-opus-4-20250514": Price(input: 15.00, output: 75.00),
        "anthropic/claude-opus-4": Price(input: 15.00, output: 75.00),
        "google/gemini-2.5-pro": Price(input: 1.25, output: 10.00),
        "xai/grok-4": Price(input: 3.00, output: 15.00),
        "xai/grok-4-0709": Price(input: 3.00, output: 15.00),
        "xai/grok-3-mini": Price(input: 0.30, output: 0.50),
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
    public func cost(of usage: Usage, address: String) -> Double? {
        guard let price = price(for: address) else { return nil }
        return (Double(usage.inputTokens) * price.input + Double(usage.outputTokens) * price.output) / 1_000_000
    }

    /// The prices a table accepts, USD per million tokens: far above any model's, and small enough that the
    /// cost of `Usage.tokenRange` tokens stays a finite, printable number.
    public static let priceRange: ClosedRange<Double> = 0...1_000_000

    /// A price in a price file outside ``priceRange``.
    public struct InvalidPrice: Error, Sendable, Equatable, CustomStringConvertible {
        /// The model it prices.
        public var address: String
        /// `input` or `output`.
        public var field: String
        public var value: Double

        public var description: String {
            let top = Int(PriceTable.priceRange.upperBound)
            return "\(address): \(field) price \(value) is outside 0 to \(top) USD per 1M tokens"
        }
    }

    /// Reads a price file: `{"provider/model": {"input": 2.0, "output": 8.0}, ...}`, USD per million tokens.
    /// - Throws: `InvalidPrice` for a price outside ``priceRange`` (the first, by address); `DecodingError` when
    ///   the JSON has another shape. The caller words either for the user.
    public static func decode(_ json: [UInt8]) throws -> PriceTable {
        let prices = try JSONDecoder().decode([String: Price].self, from: Data(json))
        for (address, price) in prices.sorted(by: { $0.key < $1.key }) {
            for (field, value) in [("input", price.input), ("output", price.output)] where !priceRange.contains(value) {
                throw InvalidPrice(address: address, field: field, value: value)
            }
        }
        return PriceTable(prices)
    }
}
