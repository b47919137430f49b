/// A confidence interval for a binomial proportion k/N, as fractions in [0, 1].
public struct ProportionInterval: Sendable, Equatable, Codable {
    /// How an interval is computed.
    public enum Method: String, Sendable, Codable, CaseIterable {
        /// Jeffreys: quantiles of Beta(k + 1/2, N − k + 1/2), one-sided at k = 0 and k = N (SPEC.md §5).
        case jeffreys
        /// Jeffreys as statsmodels computes it (`proportion_confint(method="jeffreys")`, what Palisade's code
        /// calls): the α/2 and 1 − α/2 quantiles of Beta(k + 1/2, N − k + 1/2) at every k, 0 and N included.
        case jeffreysEqualTailed = "jeffreys-equal-tailed"
        /// Wilson's score interval.
        case wilson
    }

    /// The lower bound.
    public var lower: Double
    /// The upper bound.
    public var upper: Double
    /// How it was computed.
    public var method: Method
    /// The confidence level, as in 0.95.
    public var level: Double

    /// Creates an interval from its bounds.
    ///
    /// - Parameters:
    ///   - lower: The lower bound.
    ///   - upper: The upper bound.
    ///   - method: How it was computed.
    ///   - level: The confidence level.
    public init(lower: Double, upper: Double, method: Method, level: Double) {
        self.lower = lower
        self.upper = upper
        self.method = method
        self.level = level
    }

    /// The interval for `k` successes in `n` trials by `method`.
    ///
    /// - Parameters:
    ///   - k: Successes, 0 ≤ k ≤ n.
    ///   - n: Trials, at least 1.
    ///   - method: Jeffreys (one-sided at the ends or equal-tailed) or Wilson.
    ///   - level: The confidence level, in (0, 1); 0.95 by default.
    /// - Returns: The interval.
    public static func interval(_ k: Int, of n: Int, method: Method, level: Double = 0.95) -> ProportionInterval {
        switch method {
        case .jeffreys: jeffreys(k, of: n, level: level)
        case .jeffreysEqualTailed: jeffreysEqualTailed(k, of: n, level: level)
        case .wilson: wilson(k, of: n, level: level)
        }
    }

    /// The Jeffreys interval as Palisade published it (SPEC.md §5).
    ///
    /// The equal-tailed α/2 and 1 − α/2 quantiles of Beta(k + 1/2, N − k + 1/2); at k = 0 the lower bound is
    /// 0 and the upper one is the one-sided 1 − α quantile, and at k = N the upper bound is 1 and the lower
    /// one the α quantile. That is what reproduces the paper's 0/1000 → 0.0–0.2 % and 1000/1000 → 99.8–100 %.
    ///
    /// - Parameters:
    ///   - k: Successes, 0 ≤ k ≤ n.
    ///   - n: Trials, at least 1.
    ///   - level: The confidence level, in (0, 1).
    /// - Returns: The interval.
    public static func jeffreys(_ k: Int, of n: Int, level: Double = 0.95) -> ProportionInterval {
        jeffreys(rate: Double(k) / Double(n), trials: Double(n), successes: Double(k), level: level)
    }

    /// The Jeffreys interval for a possibly fractional number of successes: what the sample-size search uses.
    static func jeffreys(rate: Double, trials n: Double, successes k: Double, level: Double) -> ProportionInterval {
        precondition(n >= 1 && k >= 0 && k <= n, "an interval needs 0 <= k <= N and N >= 1")
        precondition(level > 0 && level < 1, "the confidence level must be in (0, 1)")
        let alpha = 1 - level
        let distribution = BetaDistribution(alpha: k + 0.5, beta: n - k + 0.5)
        let lower = k == 0 ? 0 : distribution.quantile(k == n ? alpha : alpha / 2)
        let upper = k == n ? 1 : distribution.quantile(k == 0 ? 1 - alpha : 1 - alpha / 2)
        return ProportionInterval(lower: lower, upper: upper, method: .jeffreys, level: level)
    }

    /// The equal-tailed Jeffreys interval, as statsmodels' `proportion_confint(k, n, method="jeffreys")`.
    ///
    /// The α/2 and 1 − α/2 quantiles of Beta(k + 1/2, N − k + 1/2), with no special case at k = 0 or k = N:
    /// 0/1000 gives 0.0001 %–0.25 % (printed 0.0–0.3), where ``jeffreys(_:of:level:)`` gives 0–0.19 %.
    ///
    /// - Parameters:
    ///   - k: Successes, 0 ≤ k ≤ n.
    ///   - n: Trials, at least 1.
    ///   - level: The confidence level, in (0, 1).
    /// - Returns: The interval.
    public static func jeffreysEqualTailed(_ k: Int, of n: Int, level: Double = 0.95) -> ProportionInterval {
        precondition(n >= 1 && k >= 0 && k <= n, "an interval needs 0 <= k <= N and N >= 1")
        precondition(level > 0 && level < 1, "the confidence level must be in (0, 1)")
        let alpha = 1 - level
        let distribution = BetaDistribution(alpha: Double(k) + 0.5, beta: Double(n - k) + 0.5)
        return ProportionInterval(
            lower: distribution.quantile(alpha / 2), upper: distribution.quantile(1 - alpha / 2),
            method: .jeffreysEqualTailed, level: level)
    }

    /// Wilson's score interval.
    ///
    /// - Parameters:
    ///   - k: Successes, 0 ≤ k ≤ n.
    ///   - n: Trials, at least 1.
    ///   - level: The confidence level, in (0, 1).
    /// - Returns: The interval, within [0, 1].
    public static func wilson(_ k: Int, of n: Int, level: Double = 0.95) -> ProportionInterval {
        precondition(n >= 1 && k >= 0 && k <= n, "an interval needs 0 <= k <= N and N >= 1")
        precondition(level > 0 && level < 1, "the confidence level must be in (0, 1)")
        let z = StandardNormal.quantile(1 - (1 - level) / 2)
        let nn = Double(n)
        let p = Double(k) / nn
        let z2 = z * z
        let centre = (p + z2 / (2 * nn)) / (1 + z2 / nn)
        let margin = z / (1 + z2 / nn) * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot()
        // At k = 0 and k = N the bounds are exactly 0 and 1; rounding would leave a speck.
        let lower = k == 0 ? 0 : Swift.max(0, centre - margin)
        let upper = k == n ? 1 : Swift.min(1, centre + margin)
        return ProportionInterval(lower: lower, upper: upper, method: .wilson, level: level)
    }

    /// Half the interval's width.
    public var halfWidth: Double { (upper - lower) / 2 }
}
