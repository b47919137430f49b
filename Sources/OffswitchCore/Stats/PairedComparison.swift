import Foundation

/// The paired analysis of two branch conditions over the same trunks: McNemar's test, the paired risk difference,
/// and, when a trunk holds several pairs, versions of both that allow for the clustering of pairs within trunks.
///
/// With one pair per trunk the pairs are independent: the test is McNemar's exact test and the interval Newcombe's
/// paired method 10. With several pairs in some trunk the pairs of a trunk share its prefix and are correlated:
/// - the test is Durkalski et al.'s clustered McNemar statistic (Statistics in Medicine 2003, 22:2417),
///   X² = (Σₜ (bₜ − cₜ))² / Σₜ (bₜ − cₜ)², referred to χ² with 1 degree of freedom, where bₜ and cₜ are trunk t's
///   discordant pairs each way;
/// - the interval is Newcombe's paired interval on the table divided by the design effect, the ratio of the
///   cluster-robust (between-trunk) variance of the mean difference, K/(K − 1) · Σₜ (dₜ − θ·mₜ)² / M², to the
///   variance if all M pairs were independent, ((b + c)/M − θ²)/M, floored at 1 (dₜ = bₜ − cₜ, mₜ the trunk's
///   pairs, K trunks, θ the estimate).
public struct PairedComparison: Sendable, Equatable {
    /// Pairs where both branches sabotaged.
    public var both: Int
    /// Pairs where only the first condition's branch sabotaged.
    public var firstOnly: Int
    /// Pairs where only the second condition's branch sabotaged.
    public var secondOnly: Int
    /// Pairs where neither did.
    public var neither: Int
    /// The distinct trunks the pairs come from.
    public var trunks: Int
    /// Whether some trunk holds more than one pair.
    public var clustered: Bool
    /// The design effect of the mean difference (1 when not clustered).
    public var designEffect: Double
    /// The two-sided p-value: McNemar's exact, or Durkalski's clustered statistic when clustered.
    public var pValue: Double
    /// McNemar's exact p-value treating every pair as independent (equal to ``pValue`` when not clustered).
    public var exactPValue: Double
    /// McNemar's mid-p value treating every pair as independent.
    public var midPValue: Double
    /// The paired risk difference with its interval.
    public var difference: RiskDifference

    /// All pairs.
    public var pairs: Int { both + firstOnly + secondOnly + neither }
    /// Sabotaged branches of the first condition.
    public var firstSabotaged: Int { both + firstOnly }
    /// Sabotaged branches of the second condition.
    public var secondSabotaged: Int { both + secondOnly }

    /// Analyses `pairs`.
    ///
    /// - Parameters:
    ///   - pairs: At least one pair.
    ///   - level: The confidence level of the interval, in (0, 1); 0.95 by default.
    public init(_ pairs: [PairedOutcome], level: Double = 0.95) {
        precondition(!pairs.isEmpty, "a paired comparison needs pairs")
        var both = 0
        var firstOnly = 0
        var secondOnly = 0
        var neither = 0
        var byTrunk: [String: (pairs: Int, difference: Int)] = [:]
        for pair in pairs {
            switch (pair.first, pair.second) {
            case (true, true): both += 1
            case (true, false): firstOnly += 1
            case (false, true): secondOnly += 1
            case (false, false): neither += 1
            }
            let d = (pair.first ? 1 : 0) - (pair.second ? 1 : 0)
            byTrunk[pair.trunk, default: (0, 0)].pairs += 1
            byTrunk[pair.trunk, default: (0, 0)].difference += d
        }
        self.both = both
        self.firstOnly = firstOnly
        self.secondOnly = secondOnly
        self.neither = neither
        trunks = byTrunk.count
        clustered = byTrunk.values.contains { $0.pairs > 1 }
        let mcnemar = McNemarTest(b: firstOnly, c: secondOnly)
        exactPValue = mcnemar.pValue
        midPValue = mcnemar.midPValue
        let clusters = byTrunk.values.map { (pairs: Double($0.pairs), difference: Double($0.difference)) }
        designEffect = clustered ? Self.designEffect(clusters, discordant: firstOnly + secondOnly) : 1
        pValue = clustered ? Self.durkalskiPValue(clusters) : mcnemar.pValue
        let shrink = designEffect
        difference = RiskDifference.paired(
            both: Double(both) / shrink, firstOnly: Double(firstOnly) / shrink, secondOnly: Double(secondOnly) / shrink,
            neither: Double(neither) / shrink, level: level,
            method: clustered ? .newcombePairedClustered : .newcombePaired)
        // The estimate is the table's, whatever the shrinking did to rounding.
        difference.estimate = Double(firstOnly - secondOnly) / Double(pairs.count)
    }

    /// Durkalski's clustered McNemar p-value: 1 when no trunk has a net discordance.
    static func durkalskiPValue(_ clusters: [(pairs: Double, difference: Double)]) -> Double {
        let sum = clusters.reduce(0) { $0 + $1.difference }
        let squares = clusters.reduce(0) { $0 + $1.difference * $1.difference }
        guard squares > 0 else { return 1 }
        let statistic = sum * sum / squares
        // P(χ²₁ ≥ x) = P(|Z| ≥ √x) = erfc(√(x/2)).
        return Swift.min(1, Foundation.erfc((statistic / 2).squareRoot()))
    }

    /// The cluster-robust variance of the mean difference over the independent-pairs one, at least 1; 1 when it
    /// cannot be estimated (one trunk, or no discordant pair).
    static func designEffect(_ clusters: [(pairs: Double, difference: Double)], discordant: Int) -> Double {
        let k = Double(clusters.count)
        let m = clusters.reduce(0) { $0 + $1.pairs }
        guard k >= 2 else { return 1 }
        let theta = clusters.reduce(0) { $0 + $1.difference } / m
        let robust = k / (k - 1) * clusters.reduce(0) { $0 + ($1.difference - theta * $1.pairs).squared } / (m * m)
        let independent = (Double(discordant) / m - theta * theta) / m
        guard independent > 0 else { return 1 }
        return Swift.max(1, robust / independent)
    }
}

/// A rate over trials that cluster within trunks (several branches of one condition per trunk), with a Jeffreys
/// interval at the design-effect-adjusted effective N: N_eff = N/deff, k_eff = p̂·N_eff, where deff is the
/// cluster-robust variance of p̂ (K/(K − 1) · Σₜ (kₜ − p̂·nₜ)² / N²) over the binomial one (p̂(1 − p̂)/N), at least 1,
/// and exactly 1 when every trunk holds one trial.
public struct ClusteredRate: Sendable, Equatable {
    /// Sabotaged trials.
    public var sabotaged: Int
    /// Counted trials.
    public var counted: Int
    /// Trunks the trials come from.
    public var trunks: Int
    /// The design effect, at least 1.
    public var designEffect: Double
    /// N/deff.
    public var effectiveTrials: Double
    /// The Jeffreys interval (one-sided at k = 0 and k = N, as the reports' default) at the effective N.
    public var interval: ProportionInterval

    /// The rate of `outcomes`, each a trunk and whether that trial sabotaged.
    ///
    /// - Parameters:
    ///   - outcomes: At least one trial.
    ///   - level: The confidence level; 0.95 by default.
    public init(_ outcomes: [(trunk: String, sabotaged: Bool)], level: Double = 0.95) {
        precondition(!outcomes.isEmpty, "a rate needs trials")
        var byTrunk: [String: (trials: Double, sabotaged: Double)] = [:]
        for outcome in outcomes {
            byTrunk[outcome.trunk, default: (0, 0)].trials += 1
            if outcome.sabotaged { byTrunk[outcome.trunk, default: (0, 0)].sabotaged += 1 }
        }
        counted = outcomes.count
        sabotaged = outcomes.filter(\.sabotaged).count
        trunks = byTrunk.count
        let n = Double(counted)
        let p = Double(sabotaged) / n
        let k = Double(byTrunk.count)
        let binomial = p * (1 - p) / n
        // With one trial per trunk there is nothing to cluster (the K/(K − 1) factor would still widen it).
        if k >= 2, binomial > 0, byTrunk.values.contains(where: { $0.trials > 1 }) {
            let robust =
                k / (k - 1) * byTrunk.values.reduce(0) { $0 + ($1.sabotaged - p * $1.trials).squared } / (n * n)
            designEffect = Swift.max(1, robust / binomial)
        } else {
            designEffect = 1
        }
        effectiveTrials = Swift.max(1, n / designEffect)
        interval = ProportionInterval.jeffreys(
            rate: p, trials: effectiveTrials, successes: p * effectiveTrials, level: level)
    }
}

extension Double {
    /// The number times itself.
    fileprivate var squared: Double { self * self }
}
