/// Holm's step-down correction of a family of p-values for multiple comparisons.
public enum HolmBonferroni {
    /// The Holm-adjusted p-values, in the order given.
    ///
    /// With the m p-values sorted ascending, the i-th (from 0) is multiplied by m − i; each adjusted value is
    /// the running maximum of those products, capped at 1. A hypothesis is rejected at level α when its
    /// adjusted p-value is at most α, which controls the family-wise error rate at α.
    ///
    /// - Parameter pValues: The family's raw p-values, each in [0, 1].
    /// - Returns: The adjusted p-values, one for each input, in the same order.
    public static func adjust(_ pValues: [Double]) -> [Double] {
        precondition(pValues.allSatisfy { $0 >= 0 && $0 <= 1 }, "p-values are probabilities")
        let m = pValues.count
        let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = Swift.max(running, Swift.min(1, Double(m - rank) * pValues[index]))
            adjusted[index] = running
        }
        return adjusted
    }
}
