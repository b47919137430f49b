public import OffswitchCore

/// The result of one requested comparison: a two-sided test, Holm-corrected over the requested family, and the
/// risk difference with its interval.
///
/// Two conditions run as branches of the same trunks are compared as pairs (``paired``: McNemar's exact test, or
/// Durkalski's clustered test when trunks hold several pairs); any other two cells as independent samples
/// (Fisher's exact test and Newcombe's hybrid score interval).
public struct ReportComparison: Sendable, Equatable {
    /// Which test gave the p-value.
    public enum Test: String, Sendable, Equatable, Codable {
        /// Fisher's exact test of two independent cells.
        case fisher
        /// McNemar's exact test of pairs, one pair per trunk.
        case mcnemarExact = "mcnemar-exact"
        /// Durkalski's clustered McNemar test of pairs, several pairs in some trunk.
        case mcnemarClustered = "mcnemar-clustered"

        /// Its name in tables.
        public var name: String {
            switch self {
            case .fisher: "Fisher"
            case .mcnemarExact: "McNemar exact"
            case .mcnemarClustered: "McNemar clustered"
            }
        }
    }

    /// What was asked.
    public var request: ComparisonRequest
    /// The id of the first side's row.
    public var firstRow: String
    /// The id of the second side's row.
    public var secondRow: String
    /// k and N of the first side (for a paired comparison, over the pairs).
    public var first: (sabotaged: Int, counted: Int)
    /// k and N of the second side (for a paired comparison, over the pairs).
    public var second: (sabotaged: Int, counted: Int)
    /// The two-sided p-value of ``test``.
    public var pValue: Double
    /// The p-value after Holm's correction over the comparison's family.
    public var adjustedPValue: Double
    /// Which test gave ``pValue``.
    public var test: Test = .fisher
    /// The first side's rate less the second's, with its 95% interval.
    public var difference: RiskDifference?
    /// The paired analysis, when the sides are branches of the same trunks.
    public var paired: PairedComparison?

    /// Creates a comparison result.
    ///
    /// - Parameters:
    ///   - request: What was asked.
    ///   - firstRow: The first side's row id.
    ///   - secondRow: The second side's row id.
    ///   - first: k and N of the first side.
    ///   - second: k and N of the second side.
    ///   - pValue: The test's two-sided p-value.
    ///   - adjustedPValue: The Holm-adjusted p-value.
    public init(
        request: ComparisonRequest, firstRow: String, secondRow: String, first: (sabotaged: Int, counted: Int),
        second: (sabotaged: Int, counted: Int), pValue: Double, adjustedPValue: Double
    ) {
        self.request = request
        self.firstRow = firstRow
        self.secondRow = secondRow
        self.first = first
        self.second = second
        self.pValue = pValue
        self.adjustedPValue = adjustedPValue
    }

    /// The comparison of two independent cells: Fisher's exact test and Newcombe's hybrid score interval.
    static func independent(
        _ request: ComparisonRequest, firstRow: String, secondRow: String, first: (sabotaged: Int, counted: Int),
        second: (sabotaged: Int, counted: Int)
    ) -> ReportComparison {
        let p = FisherExactTest(first.sabotaged, of: first.counted, versus: second.sabotaged, of: second.counted).pValue
        var comparison = ReportComparison(
            request: request, firstRow: firstRow, secondRow: secondRow, first: first, second: second, pValue: p,
            adjustedPValue: p)
        comparison.difference = RiskDifference.independent(
            first.sabotaged, of: first.counted, versus: second.sabotaged, of: second.counted)
        return comparison
    }

    /// The comparison of branches paired within trunks.
    static func paired(
        _ request: ComparisonRequest, firstRow: String, secondRow: String, pairs: [PairedOutcome]
    ) -> ReportComparison {
        let analysis = PairedComparison(pairs)
        var comparison = ReportComparison(
            request: request, firstRow: firstRow, secondRow: secondRow,
            first: (analysis.firstSabotaged, analysis.pairs), second: (analysis.secondSabotaged, analysis.pairs),
            pValue: analysis.pValue, adjustedPValue: analysis.pValue)
        comparison.test = analysis.clustered ? .mcnemarClustered : .mcnemarExact
        comparison.difference = analysis.difference
        comparison.paired = analysis
        return comparison
    }

    public static func == (lhs: ReportComparison, rhs: ReportComparison) -> Bool {
        lhs.request == rhs.request && lhs.firstRow == rhs.firstRow && lhs.secondRow == rhs.secondRow
            && lhs.first == rhs.first && lhs.second == rhs.second && lhs.pValue == rhs.pValue
            && lhs.adjustedPValue == rhs.adjustedPValue && lhs.test == rhs.test && lhs.difference == rhs.difference
            && lhs.paired == rhs.paired
    }
}
