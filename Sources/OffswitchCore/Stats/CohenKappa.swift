/// Cohen's kappa: agreement between two raters on categorical labels, corrected for chance.
///
/// κ = (pₒ − pₑ) / (1 − pₑ), where pₒ is the share of items both raters labelled alike and pₑ the agreement
/// expected by chance from each rater's own label frequencies (Cohen, 1960). Used to report how far a model
/// judge agrees with a hand-labelled sample.
public struct CohenKappa: Sendable, Equatable {
    /// Items both raters labelled.
    public var count: Int
    /// pₒ: the share of items with the same label from both raters.
    public var observedAgreement: Double
    /// pₑ: the agreement expected by chance, Σ over labels of the product of the raters' shares.
    public var expectedAgreement: Double
    /// κ, or nil when pₑ is 1 (both raters gave every item one and the same label): κ is undefined then.
    public var kappa: Double?

    /// Computes κ over pairs of labels, one pair per item: (first rater's label, second rater's label).
    /// - Parameter pairs: The labels; any strings, compared exactly.
    /// - Returns: The statistic, or nil when there are no pairs.
    public init?(pairs: [(String, String)]) {
        guard !pairs.isEmpty else { return nil }
        let n = Double(pairs.count)
        var first: [String: Int] = [:]
        var second: [String: Int] = [:]
        var agreed = 0
        for (a, b) in pairs {
            first[a, default: 0] += 1
            second[b, default: 0] += 1
            if a == b { agreed += 1 }
        }
        let observed = Double(agreed) / n
        let expected = first.reduce(0.0) { sum, entry in
            sum + Double(entry.value) / n * Double(second[entry.key, default: 0]) / n
        }
        count = pairs.count
        observedAgreement = observed
        expectedAgreement = expected
        kappa = expected >= 1 ? nil : (observed - expected) / (1 - expected)
    }
}
