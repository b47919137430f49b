/// Which Jeffreys convention reproduces a published interval (docs/intervals.md).
extension PublishedResult {
    /// The two Jeffreys conventions a published interval is checked against: the one-sided-at-the-ends one
    /// (offswitch's default, SPEC.md §5) and statsmodels' equal-tailed one (what Palisade's code calls).
    public static let jeffreysConventions: [ProportionInterval.Method] = [.jeffreys, .jeffreysEqualTailed]

    /// The N the cell may have had: 961 to 1000 for the paper, which says "each experimental condition tested
    /// had 961 ≤ N ≤ 1000" after discarding trials that hit a limit; exactly ``trials`` for other sources.
    public var trialRange: ClosedRange<Int> {
        switch source {
        case .paperTable, .authorsDataSheet: 961...1000
        case .may2025Thread, .may2025NewsReport, .robotPaper2026, .robotPaperPhysical, .robotMultilingualInspect,
            .robotMultilingualContainer:
            trials...trials
        }
    }

    /// Whether k/N, under `method`, prints as this result: the percent and both bounds rounded to one decimal.
    ///
    /// - Parameters:
    ///   - method: The interval convention.
    ///   - k: Successes, 0 ≤ k ≤ n.
    ///   - n: Trials, at least 1.
    /// - Returns: False when no interval was published.
    public func reproduces(under method: ProportionInterval.Method, k: Int, of n: Int) -> Bool {
        guard let lowerPercent, let upperPercent, n >= 1, k >= 0, k <= n else { return false }
        guard Self.printed(Double(k) / Double(n)) == percent else { return false }
        let interval = ProportionInterval.interval(k, of: n, method: method)
        return Self.printed(interval.lower) == lowerPercent && Self.printed(interval.upper) == upperPercent
    }

    /// The Jeffreys conventions under which some k/N with N in ``trialRange`` prints as this result, in the order
    /// of ``jeffreysConventions``; empty when neither does or no interval was published.
    public var reproducingConventions: [ProportionInterval.Method] {
        Self.jeffreysConventions.filter { method in
            trialRange.contains { n in
                // Only the k whose rate prints as the published percent can match: at most a few per N.
                let centre = Int((percent * Double(n) / 100).rounded())
                return (max(0, centre - 2)...min(n, centre + 2)).contains { reproduces(under: method, k: $0, of: n) }
            }
        }
    }

    /// A fraction as the paper printed it: a percentage with one decimal.
    static func printed(_ fraction: Double) -> Double { (fraction * 1000).rounded() / 10 }
}
