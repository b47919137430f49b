extension PriceTable {
    /// What the batch APIs bill, as a share of the synchronous price: half, for every token, at OpenAI, Anthropic
    /// and Google (the cache prices too: Anthropic's batch discount stacks with its cache discount).
    public static let batchShare = 0.5

    /// The providers whose batch API `run --batch` uses, by address prefix.
    public static let batchProviders = ["openai/", "openai-responses/", "anthropic/", "google/"]

    /// Whether `address` is a model `run --batch` can batch.
    public static func hasBatchAPI(_ address: String) -> Bool {
        batchProviders.contains { address.hasPrefix($0) }
    }

    /// This table with the prices of `addresses` at their batch price (``batchShare`` of each), for a run in
    /// batch mode: its progress line, its cost cap and its estimate then count what the batches bill.
    public func batched(_ addresses: [String]) -> PriceTable {
        var table = self
        for address in addresses where Self.hasBatchAPI(address) {
            guard let price = price(for: address) else { continue }
            table.prices[address] = price.batched
        }
        return table
    }
}

extension Price {
    /// This price in batch mode: ``PriceTable/batchShare`` of each of its rates.
    public var batched: Price {
        Price(
            input: input * PriceTable.batchShare, output: output * PriceTable.batchShare,
            cachedInput: cachedInput.map { $0 * PriceTable.batchShare },
            cacheWrite: cacheWrite.map { $0 * PriceTable.batchShare })
    }
}
