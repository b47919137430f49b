import OffswitchCore
import Testing

@Suite("Fisher's exact test and Holm's correction")
struct StatsHypothesisTests {
    @Test("the lady tasting tea: [[3, 1], [1, 3]] gives p = 0.4857")
    func ladyTastingTea() {
        let test = FisherExactTest(a: 3, b: 1, c: 1, d: 3)
        #expect(abs(test.pValue - 17.0 / 35.0) < 1e-14)
        #expect(test.oddsRatio == 9)
    }

    @Test("p-values agree with SciPy's fisher_exact", arguments: StatsReferenceValues.fisherPValues.indices)
    func matchesSciPy(_ index: Int) {
        let (a, b, c, d, expected) = StatsReferenceValues.fisherPValues[index]
        let p = FisherExactTest(a: a, b: b, c: c, d: d).pValue
        #expect(abs(p - expected) <= 1e-9 * max(expected, 1e-6), "[[\(a), \(b)], [\(c), \(d)]]: \(p) vs \(expected)")
    }

    @Test("k of n against k of n is the same table")
    func rates() {
        #expect(FisherExactTest(79, of: 100, versus: 7, of: 100) == FisherExactTest(a: 79, b: 21, c: 7, d: 93))
        #expect(FisherExactTest(5, of: 10, versus: 5, of: 10).pValue == 1)
    }

    @Test("Holm on a hand-worked family")
    func holm() {
        // Sorted: 0.01 × 4 = 0.04; 0.02 × 3 = 0.06; 0.03 × 2 = 0.06; 0.04 × 1 → max(0.06, 0.04) = 0.06.
        let adjusted = HolmBonferroni.adjust([0.04, 0.01, 0.03, 0.02])
        let expected = [0.06, 0.04, 0.06, 0.06]
        for (value, want) in zip(adjusted, expected) { #expect(abs(value - want) < 1e-15) }
        // Capped at 1, monotone, and the identity for a family of one.
        #expect(HolmBonferroni.adjust([0.5, 0.6]) == [1, 1])
        #expect(HolmBonferroni.adjust([0.2]) == [0.2])
        #expect(HolmBonferroni.adjust([]) == [])
    }
}
