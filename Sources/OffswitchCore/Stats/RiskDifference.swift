import Foundation

/// A difference of two proportions, p₁ − p₂, with a confidence interval: the effect size beside every comparison.
public struct RiskDifference: Sendable, Equatable, Codable {
    /// How the interval is computed.
    public enum Method: String, Sendable, Codable, CaseIterable {
        /// Independent samples: Newcombe's hybrid score interval (Newcombe 1998, Statistics in Medicine 17:873,
        /// method 10), which squares and adds the distances from each rate to its Wilson bounds.
        case newcombe = "newcombe-10"
        /// Paired samples: Newcombe's square-and-add interval for paired proportions (Newcombe 1998, Statistics in
        /// Medicine 17:2635, method 10), Wilson intervals of the two margins combined with their correlation.
        case newcombePaired = "newcombe-paired-10"
        /// Paired samples whose pairs cluster within trunks: ``newcombePaired`` on the table shrunk by the design
        /// effect (a cluster-robust variance over the plain one), so it is as wide as the clustering warrants.
        case newcombePairedClustered = "newcombe-paired-10-design-effect"
    }

    /// The estimate p₁ − p₂, as a fraction in [−1, 1].
    public var estimate: Double
    /// The lower bound.
    public var lower: Double
    /// The upper bound.
    public var upper: Double
    /// How the interval was computed.
    public var method: Method
    /// The confidence level, as in 0.95.
    public var level: Double

    /// Creates a difference from its parts.
    ///
    /// - Parameters:
    ///   - estimate: p₁ − p₂.
    ///   - lower: The lower bound.
    ///   - upper: The upper bound.
    ///   - method: How the interval was computed.
    ///   - level: The confidence level.
    public init(estimate: Double, lower: Double, upper: Double, method: Method, level: Double) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
        self.method = method
        self.level = level
    }

    /// The difference k₁/n₁ − k₂/n₂ of two independent samples, with Newcombe's hybrid score interval (method 10).
    ///
    /// With (l₁, u₁) and (l₂, u₂) the Wilson intervals of the two rates, the bounds are
    /// d − √((p₁ − l₁)² + (u₂ − p₂)²) and d + √((u₁ − p₁)² + (p₂ − l₂)²), as statsmodels'
    /// `confint_proportions_2indep(method="newcomb")` computes them.
    ///
    /// - Parameters:
    ///   - k1: Successes in sample 1, 0 ≤ k1 ≤ n1.
    ///   - n1: Trials in sample 1, at least 1.
    ///   - k2: Successes in sample 2, 0 ≤ k2 ≤ n2.
    ///   - n2: Trials in sample 2, at least 1.
    ///   - level: The confidence level, in (0, 1); 0.95 by default.
    /// - Returns: The difference and its interval.
    public static func independent(_ k1: Int, of n1: Int, versus k2: Int, of n2: Int, level: Double = 0.95)
        -> RiskDifference
    {
        let p1 = Double(k1) / Double(n1)
        let p2 = Double(k2) / Double(n2)
        let first = ProportionInterval.wilson(k1, of: n1, level: level)
        let second = ProportionInterval.wilson(k2, of: n2, level: level)
        let estimate = p1 - p2
        let lower = estimate - ((p1 - first.lower).squared + (second.upper - p2).squared).squareRoot()
        let upper = estimate + ((first.upper - p1).squared + (p2 - second.lower).squared).squareRoot()
        return RiskDifference(
            estimate: estimate, lower: Swift.max(-1, lower), upper: Swift.min(1, upper), method: .newcombe,
            level: level)
    }

    /// The difference of two paired rates with Newcombe's square-and-add interval for paired data (method 10).
    ///
    /// The table counts the pairs: `both` sabotaged under both conditions, `firstOnly`, `secondOnly` and
    /// `neither`. The estimate is (firstOnly − secondOnly)/n. With (l₁, u₁) and (l₂, u₂) the Wilson intervals of
    /// the two margins and ψ their correlation, the bounds are d − √((p₁ − l₁)² − 2ψ(p₁ − l₁)(u₂ − p₂) + (u₂ − p₂)²)
    /// and d + √((u₁ − p₁)² − 2ψ(u₁ − p₁)(p₂ − l₂) + (p₂ − l₂)²). ψ is Newcombe's corrected φ: with
    /// A = both·neither − firstOnly·secondOnly, ψ = (A − n/2)/√(product of the margins) when A > n/2, 0 when
    /// 0 ≤ A ≤ n/2, A/√(…) when A < 0, and 0 when a margin is empty (as Fagerland, Lydersen and Laake's
    /// `Newcombe_square_and_add_CI_paired_2x2` does). Counts may be fractional (a design-effect-shrunk table).
    ///
    /// - Parameters:
    ///   - both: Pairs where both trials sabotaged.
    ///   - firstOnly: Pairs where only the first did.
    ///   - secondOnly: Pairs where only the second did.
    ///   - neither: Pairs where neither did.
    ///   - level: The confidence level, in (0, 1); 0.95 by default.
    ///   - method: The method to label the result with.
    /// - Returns: The difference and its interval.
    public static func paired(
        both: Double, firstOnly: Double, secondOnly: Double, neither: Double, level: Double = 0.95,
        method: Method = .newcombePaired
    ) -> RiskDifference {
        let n = both + firstOnly + secondOnly + neither
        precondition(n > 0 && [both, firstOnly, secondOnly, neither].allSatisfy { $0 >= 0 }, "a table of pairs")
        let p1 = (both + firstOnly) / n
        let p2 = (both + secondOnly) / n
        let first = wilson(both + firstOnly, of: n, level: level)
        let second = wilson(both + secondOnly, of: n, level: level)
        let margins = (both + firstOnly) * (secondOnly + neither) * (both + secondOnly) * (firstOnly + neither)
        let a = both * neither - firstOnly * secondOnly
        let psi: Double =
            margins == 0 ? 0 : a > n / 2 ? (a - n / 2) / margins.squareRoot() : a >= 0 ? 0 : a / margins.squareRoot()
        let estimate = p1 - p2
        let (dl1, du2) = (p1 - first.lower, second.upper - p2)
        let (du1, dl2) = (first.upper - p1, p2 - second.lower)
        let lower = estimate - Swift.max(0, dl1.squared - 2 * psi * dl1 * du2 + du2.squared).squareRoot()
        let upper = estimate + Swift.max(0, du1.squared - 2 * psi * du1 * dl2 + dl2.squared).squareRoot()
        return RiskDifference(
            estimate: estimate, lower: Swift.max(-1, lower), upper: Swift.min(1, upper), method: method, level: level)
    }

    /// Wilson's score interval for a possibly fractional k of n.
    static func wilson(_ k: Double, of n: Double, level: Double) -> (lower: Double, upper: Double) {
        let z = StandardNormal.quantile(1 - (1 - level) / 2)
        let p = k / n
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let margin = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return (k == 0 ? 0 : Swift.max(0, centre - margin), k == n ? 1 : Swift.min(1, centre + margin))
    }
}

extension Double {
    /// The number times itself.
    fileprivate var squared: Double { self * self }
}
