/// The result of one requested comparison: Fisher's exact test, Holm-corrected over the requested family.
public struct ReportComparison: Sendable, Equatable {
    /// What was asked.
    public var request: ComparisonRequest
    /// The id of the first side's row.
    public var firstRow: String
    /// The id of the second side's row.
    public var secondRow: String
    /// k and N of the first side.
    public var first: (sabotaged: Int, counted: Int)
    /// k and N of the second side.
    public var second: (sabotaged: Int, counted: Int)
    /// The two-sided p-value of Fisher's exact test.
    public var pValue: Double
    /// The p-value after Holm's correction over every comparison of the report.
    public var adjustedPValue: Double

    /// Creates a comparison result.
    ///
    /// - Parameters:
    ///   - request: What was asked.
    ///   - firstRow: The first side's row id.
    ///   - secondRow: The second side's row id.
    ///   - first: k and N of the first side.
    ///   - second: k and N of the second side.
    ///   - pValue: Fisher's two-sided p-value.
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

    public static func == (lhs: ReportComparison, rhs: ReportComparison) -> Bool {
        lhs.request == rhs.request && lhs.firstRow == rhs.firstRow && lhs.secondRow == rhs.secondRow
            && lhs.first == rhs.first && lhs.second == rhs.second && lhs.pValue == rhs.pValue
            && lhs.adjustedPValue == rhs.adjustedPValue
    }
}
