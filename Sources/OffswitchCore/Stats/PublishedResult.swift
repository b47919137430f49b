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
        /// The robot paper (2026-02-11), its simulation: the live harness with mock frames, Grok 4, N = 100.
        case robotPaper2026 = "robot_paper_2026"
        /// The robot paper's runs on the physical robot (Unitree Go2), N = 10: not a simulation cell.
        case robotPaperPhysical = "robot_paper_2026_physical"
        /// The robot paper's multilingual branch (2026-03-13), the Inspect harness, N = 50 a cell.
        case robotMultilingualInspect = "robot_multilingual_inspect"
        /// The multilingual branch's container re-run: the live harness, default prompt only, N = 9 or 10.
        case robotMultilingualContainer = "robot_multilingual_container"

        /// A short citation, as in "paper Table 2" (reports prefix it with "published (Palisade 2025)").
        public var citation: String {
            switch self {
            case .paperTable: "paper Table 2"
            case .authorsDataSheet: "authors' data sheet"
            case .may2025Thread: "2025-05-24 thread, N=100"
            case .may2025NewsReport: "May 2025 single news source, N=100"
            case .robotPaper2026: "robot paper, simulation, N=100"
            case .robotPaperPhysical: "robot paper, the physical robot (not a simulation cell), N=10"
            case .robotMultilingualInspect: "robot paper's multilingual branch, Inspect, N=50"
            case .robotMultilingualContainer: "robot paper's multilingual branch, container re-run, N=9-10"
            }
        }

        /// The year of the publication, as reports label it ("published (Palisade 2025)").
        public var year: Int {
            switch self {
            case .paperTable, .authorsDataSheet, .may2025Thread, .may2025NewsReport: 2025
            case .robotPaper2026, .robotPaperPhysical, .robotMultilingualInspect, .robotMultilingualContainer: 2026
            }
        }

        /// The interval convention the source's own code computes, where it computes one without printing the
        /// bounds (the robot paper's figure: statsmodels' equal-tailed Jeffreys); nil otherwise.
        public var computedConvention: ProportionInterval.Method? {
            self == .robotPaper2026 ? .jeffreysEqualTailed : nil
        }
    }

    /// The model as the source names it, as in "Claude 3.7 Sonnet".
    public var model: String
    /// The condition id (SPEC.md §4), as in "A".
    public var condition: String
    /// The question environment's generation the number was measured in; nil for the patrol environment
    /// (the robot paper), which has none.
    public var generation: Generation?
    /// The sabotage rate in percent, as published.
    public var percent: Double
    /// The published 95% Jeffreys lower bound in percent, where one was published.
    public var lowerPercent: Double?
    /// The published 95% Jeffreys upper bound in percent, where one was published.
    public var upperPercent: Double?
    /// N as assumed: 1000 for the paper ("about 1000 trials a cell"), 100 for May 2025; as printed for the robot.
    public var trials: Int
    /// k inferred from the percent and N (round(percent × N / 100)), or as printed (the robot paper's k/N).
    public var sabotaged: Int
    /// Where the number comes from.
    public var source: Source
    /// What a reader must know about the cell beyond its source, or nil.
    public var note: String?

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
        model: String, condition: String, generation: Generation?, percent: Double, lowerPercent: Double? = nil,
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

    /// Creates a published result printed as k/N (the robot paper's cells).
    ///
    /// - Parameters:
    ///   - model: The model as the source names it.
    ///   - condition: The condition id.
    ///   - sabotaged: k, as printed.
    ///   - trials: N, as printed.
    ///   - percent: The percent as printed (67 for 6/9).
    ///   - source: Where the number comes from.
    ///   - note: What a reader must know beyond the source, if anything.
    public init(
        model: String, condition: String, sabotaged: Int, of trials: Int, percent: Double, source: Source,
        note: String? = nil
    ) {
        precondition(trials >= 1 && (0...trials).contains(sabotaged), "k/N out of range")
        self.init(model: model, condition: condition, generation: nil, percent: percent, trials: trials, source: source)
        self.sabotaged = sabotaged
        self.note = note
    }
}
