import OffswitchCore
import Testing

/// Reference values computed outside offswitch by scripts/gen-paired-reference.py (SciPy 1.17.1, statsmodels
/// 0.15.0), pasted here so the tests need no Python. How each table was computed is said above it.
enum PairedReferenceValues {
    /// (b, c, exact p, mid-p): statsmodels `mcnemar([[10, b], [c, 10]], exact=True).pvalue`, and the mid-p as
    /// `2 * scipy.stats.binom.cdf(k, b + c, 0.5) - binom.pmf(k, b + c, 0.5)` with k = min(b, c).
    static let mcnemar: [(Int, Int, Double, Double)] = [
        (6, 16, 0.052478790283203125, 0.03468966484069824),
        (0, 5, 0.0625, 0.03125000000000003),
        (3, 3, 1.0, 1.0),
        (1, 9, 0.021484375, 0.011718749999999998),
        (0, 0, 1.0, 1.0),
        (12, 2, 0.012939453125, 0.007385253906249991),
    ]

    /// (k1, n1, k2, n2, lower, upper): statsmodels `confint_proportions_2indep(k1, n1, k2, n2, method="newcomb",
    /// compare="diff")`. The first row is Newcombe's (1998) own example (a), printed there as 0.0524 to 0.3339.
    static let newcombeIndependent: [(Int, Int, Int, Int, Double, Double)] = [
        (56, 70, 48, 80, 0.05243147240236498, 0.33387265403690614),
        (11, 13, 0, 10, 0.45999741546934275, 0.9567418216419188),
        (9, 10, 3, 10, 0.1705227239345029, 0.809017973535488),
        (0, 10, 0, 10, -0.27753279986288926, 0.27753279986288926),
        (10, 10, 0, 10, 0.6075093504305241, 1.0),
        (5, 50, 20, 50, -0.44929921440653914, -0.13189084992472522),
    ]

    /// (both, firstOnly, secondOnly, neither, lower, upper): Newcombe's (1998) paired method 10 written in Python
    /// from the paper's formulas over statsmodels' Wilson intervals (`proportion_confint(method="wilson")`). The
    /// first row is Cavo et al.'s table, for which Fagerland, Lydersen and Laake's R package `contingencytables`
    /// prints "estimate = -0.0621 (95% CI -0.1186 to -0.0046)" in its tests.
    static let newcombePaired: [(Int, Int, Int, Int, Double, Double)] = [
        (59, 6, 16, 80, -0.11862119563870999, -0.004625113933050061),
        (1, 1, 7, 12, -0.506920226686141, -0.025559124164859837),
        (3, 9, 1, 7, 0.10023617948808994, 0.6144065494134852),
        (0, 10, 0, 10, 0.2426236101139988, 0.7007019918017877),
        (5, 0, 0, 5, -0.16659315708122263, 0.16659315708122263),
    ]

    /// Five trunks of three pairs each, (first sabotaged, second sabotaged) per pair.
    static let clusteredPairs: [(String, [(Bool, Bool)])] = [
        ("t1", [(true, false), (true, false), (true, true)]),
        ("t2", [(true, false), (false, false), (true, false)]),
        ("t3", [(false, false), (false, true), (false, false)]),
        ("t4", [(true, false), (true, false), (true, false)]),
        ("t5", [(false, false), (false, false), (true, true)]),
    ]
    /// Durkalski's X² by hand: per-trunk b − c = 2, 2, −1, 3, 0, so X² = 6²/18 = 2; p = `scipy.stats.chi2.sf(2, 1)`.
    static let durkalskiPValue = 0.15729920705028105
    /// The design effect K/(K − 1)·Σ(dₜ − θmₜ)²/M² over ((b + c)/M − θ²)/M, in NumPy, and Newcombe's paired interval
    /// (as above) on the table (2, 7, 1, 5) divided by it.
    static let clusteredDesignEffect = 2.4107142857142856
    static let clusteredInterval = (-0.11720317335909652, 0.7100895081735781)
    /// The first condition's rate 9/15 with its cluster-robust design effect, N_eff = 15/deff, and
    /// `scipy.stats.beta.ppf([0.025, 0.975], p·N_eff + 1/2, N_eff − p·N_eff + 1/2)`.
    static let clusteredRateDesignEffect = 2.361111111111111
    static let clusteredRateInterval = (0.24281172571613566, 0.8859619621989236)
}

@Suite("Paired statistics: McNemar, Newcombe's intervals, clustering")
struct StatsPairedTests {
    typealias Reference = PairedReferenceValues

    @Test("McNemar's exact and mid-p values agree with statsmodels and SciPy", arguments: Reference.mcnemar.indices)
    func mcnemar(_ index: Int) {
        let (b, c, exact, mid) = Reference.mcnemar[index]
        let test = McNemarTest(b: b, c: c)
        #expect(abs(test.pValue - exact) <= 1e-12, "b=\(b) c=\(c): \(test.pValue) vs \(exact)")
        #expect(abs(test.midPValue - mid) <= 1e-12, "b=\(b) c=\(c): mid-p \(test.midPValue) vs \(mid)")
        // The test is symmetric in its two directions.
        #expect(McNemarTest(b: c, c: b).pValue == test.pValue)
    }

    @Test("Newcombe's hybrid score interval agrees with statsmodels", arguments: Reference.newcombeIndependent.indices)
    func independent(_ index: Int) {
        let (k1, n1, k2, n2, lower, upper) = Reference.newcombeIndependent[index]
        let difference = RiskDifference.independent(k1, of: n1, versus: k2, of: n2)
        #expect(abs(difference.estimate - (Double(k1) / Double(n1) - Double(k2) / Double(n2))) < 1e-15)
        #expect(abs(difference.lower - lower) <= 1e-9, "\(k1)/\(n1) vs \(k2)/\(n2): \(difference.lower) vs \(lower)")
        #expect(abs(difference.upper - upper) <= 1e-9, "\(k1)/\(n1) vs \(k2)/\(n2): \(difference.upper) vs \(upper)")
        #expect(difference.method == .newcombe)
    }

    @Test("Newcombe's paired interval agrees with the paper's formulas", arguments: Reference.newcombePaired.indices)
    func paired(_ index: Int) {
        let (both, firstOnly, secondOnly, neither, lower, upper) = Reference.newcombePaired[index]
        let difference = RiskDifference.paired(
            both: Double(both), firstOnly: Double(firstOnly), secondOnly: Double(secondOnly), neither: Double(neither))
        #expect(abs(difference.lower - lower) <= 1e-9, "row \(index): \(difference.lower) vs \(lower)")
        #expect(abs(difference.upper - upper) <= 1e-9, "row \(index): \(difference.upper) vs \(upper)")
    }

    @Test("one pair per trunk: McNemar's exact test and Newcombe's paired interval, design effect 1")
    func unclustered() {
        // Cavo's table as 161 trunks of one pair each.
        var pairs: [PairedOutcome] = []
        for (count, first, second) in [(59, true, true), (6, true, false), (16, false, true), (80, false, false)] {
            for _ in 0..<count { pairs.append(PairedOutcome(trunk: "t\(pairs.count)", first: first, second: second)) }
        }
        let comparison = PairedComparison(pairs)
        #expect(!comparison.clustered && comparison.designEffect == 1 && comparison.trunks == 161)
        #expect(abs(comparison.pValue - Reference.mcnemar[0].2) <= 1e-12)
        #expect(comparison.pValue == comparison.exactPValue)
        #expect(abs(comparison.difference.lower - Reference.newcombePaired[0].4) <= 1e-9)
        #expect(abs(comparison.difference.upper - Reference.newcombePaired[0].5) <= 1e-9)
        #expect(comparison.difference.method == .newcombePaired)
        #expect(comparison.firstSabotaged == 65 && comparison.secondSabotaged == 75 && comparison.pairs == 161)
    }

    @Test("several pairs per trunk: Durkalski's test and the design-effect-shrunk interval")
    func clustered() {
        let pairs = Reference.clusteredPairs.flatMap { trunk, outcomes in
            outcomes.map { PairedOutcome(trunk: trunk, first: $0.0, second: $0.1) }
        }
        let comparison = PairedComparison(pairs)
        #expect(comparison.clustered && comparison.trunks == 5)
        #expect((comparison.both, comparison.firstOnly, comparison.secondOnly, comparison.neither) == (2, 7, 1, 5))
        #expect(abs(comparison.pValue - Reference.durkalskiPValue) <= 1e-12)
        #expect(abs(comparison.designEffect - Reference.clusteredDesignEffect) <= 1e-12)
        #expect(abs(comparison.difference.estimate - 0.4) < 1e-15)
        #expect(abs(comparison.difference.lower - Reference.clusteredInterval.0) <= 1e-9)
        #expect(abs(comparison.difference.upper - Reference.clusteredInterval.1) <= 1e-9)
        #expect(comparison.difference.method == .newcombePairedClustered)
        // Ignoring the clustering would claim more: the exact test treats the 15 pairs as independent.
        #expect(comparison.exactPValue < comparison.pValue)
        let unclustered = RiskDifference.paired(both: 2, firstOnly: 7, secondOnly: 1, neither: 5)
        #expect(unclustered.upper - unclustered.lower < comparison.difference.upper - comparison.difference.lower)
    }

    @Test("a clustered rate: Jeffreys at the design-effect-adjusted effective N")
    func clusteredRate() {
        let outcomes = Reference.clusteredPairs.flatMap { trunk, outcomes in outcomes.map { (trunk, $0.0) } }
        let rate = ClusteredRate(outcomes.map { (trunk: $0.0, sabotaged: $0.1) })
        #expect(rate.sabotaged == 9 && rate.counted == 15 && rate.trunks == 5)
        #expect(abs(rate.designEffect - Reference.clusteredRateDesignEffect) <= 1e-12)
        #expect(abs(rate.effectiveTrials - 15 / Reference.clusteredRateDesignEffect) <= 1e-12)
        #expect(abs(rate.interval.lower - Reference.clusteredRateInterval.0) <= 1e-9)
        #expect(abs(rate.interval.upper - Reference.clusteredRateInterval.1) <= 1e-9)
        // One trial per trunk: no design effect, the plain Jeffreys interval.
        let independent = ClusteredRate((0..<10).map { (trunk: "t\($0)", sabotaged: $0 < 3) })
        #expect(independent.designEffect == 1)
        #expect(independent.interval == ProportionInterval.jeffreys(3, of: 10))
    }
}
