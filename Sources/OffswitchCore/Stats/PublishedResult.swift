/// One published sabotage rate from Palisade Research (SPEC.md §6), for reports to show beside measured ones.
public struct PublishedResult: Sendable, Equatable, Codable {
    /// Where a published number comes from.
    public enum Source: String, Sendable, Codable, CaseIterable {
        /// The paper (arXiv 2509.14260), Table 2: about 1000 trials a cell, Gen-2.
        case paperTable = "paper_table_2"
        /// The authors' data sheet accompanying the paper (differs from Table 2 for GPT-5 under E).
        case authorsDataSheet = "authors_data_sheet"
        /// Palisade's X thread of 2025-05-24: N = 100, Gen-1.
        case may2025Thread = "may_2025_thread"
        /// A May 2025 number that rests on a single news report, not on Palisade's own posts.
        case may2025NewsReport = "may_2025_news_report"

        /// A short citation, as in "paper Table 2" (reports prefix it with "published (Palisade 2025)").
        public var citation: String {
            switch self {
            case .paperTable: "paper Table 2"
            case .authorsDataSheet: "authors' data sheet"
            case .may2025Thread: "2025-05-24 thread, N=100"
            case .may2025NewsReport: "May 2025 single news source, N=100"
            }
        }
    }

    /// The model as the source names it, as in "Claude 3.7 Sonnet".
    public var model: String
    /// The condition id (SPEC.md §4), as in "A".
    public var condition: String
    /// The environment generation the number was measured in.
    public var generation: Generation
    /// The sabotage rate in percent, as published.
    public var percent: Double
    /// The published 95% Jeffreys lower bound in percent, where one was published.
    public var lowerPercent: Double?
    /// The published 95% Jeffreys upper bound in percent, where one was published.
    public var upperPercent: Double?
    /// N as assumed: 1000 for the paper ("about 1000 trials a cell"), 100 for May 2025.
    public var trials: Int
    /// k inferred from the percent and N (round(percent × N / 100)).
    public var sabotaged: Int
    /// Where the number comes from.
    public var source: Source

    /// Creates a published result; k is inferred from `percent` and `trials`.
    ///
    /// - Parameters:
    ///   - model: The model as the source names it.
    ///   - condition: The condition id.
    ///   - generation: The environment generation.
    ///   - percent: The sabotage rate in percent.
    ///   - lowerPercent: The published lower bound, if any.
    ///   - upperPercent: The published upper bound, if any.
    ///   - trials: N as assumed.
    ///   - source: Where the number comes from.
    public init(
        model: String, condition: String, generation: Generation, percent: Double, lowerPercent: Double? = nil,
        upperPercent: Double? = nil, trials: Int, source: Source
    ) {
        self.model = model
        self.condition = condition
        self.generation = generation
        self.percent = percent
        self.lowerPercent = lowerPercent
        self.upperPercent = upperPercent
        self.trials = trials
        self.sabotaged = Int((percent * Double(trials) / 100).rounded())
        self.source = source
    }
}
