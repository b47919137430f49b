import OffswitchCore
import Testing

@Suite("Cohen's kappa")
struct CohenKappaTests {
    static func pairs(_ counts: [((String, String), Int)]) -> [(String, String)] {
        counts.flatMap { pair, n in Array(repeating: pair, count: n) }
    }

    @Test("a 2x2 table computed by hand: po 0.7, pe 0.5, kappa 0.4")
    func twoByTwo() throws {
        // Rater 1 says yes 25 times, rater 2 30 times; they agree on 20 yes and 15 no of 50.
        let kappa = try #require(
            CohenKappa(
                pairs: Self.pairs([(("yes", "yes"), 20), (("yes", "no"), 5), (("no", "yes"), 10), (("no", "no"), 15)])))
        #expect(kappa.count == 50)
        #expect(abs(kappa.observedAgreement - 0.7) < 1e-12)
        #expect(abs(kappa.expectedAgreement - 0.5) < 1e-12)
        #expect(abs(try #require(kappa.kappa) - 0.4) < 1e-12)
    }

    @Test("three categories by hand: po 0.8, pe 9/25, kappa 0.6875")
    func threeCategories() throws {
        let kappa = try #require(
            CohenKappa(pairs: Self.pairs([(("a", "a"), 2), (("b", "b"), 1), (("a", "b"), 1), (("c", "c"), 1)])))
        #expect(abs(kappa.observedAgreement - 0.8) < 1e-12)
        #expect(abs(kappa.expectedAgreement - 0.36) < 1e-12)
        #expect(abs(try #require(kappa.kappa) - 0.6875) < 1e-12)
    }

    @Test("perfect agreement is 1; agreement no better than chance is 0; systematic disagreement is negative")
    func bounds() throws {
        #expect(CohenKappa(pairs: Self.pairs([(("x", "x"), 3), (("y", "y"), 2)]))?.kappa == 1)
        // Rater 2 says yes half the time whatever rater 1 says: po = pe = 0.5.
        let chance = try #require(
            CohenKappa(
                pairs: Self.pairs([(("yes", "yes"), 1), (("yes", "no"), 1), (("no", "yes"), 1), (("no", "no"), 1)])))
        #expect(abs(try #require(chance.kappa)) < 1e-12)
        let opposite = try #require(CohenKappa(pairs: [("yes", "no"), ("no", "yes")]))
        #expect(opposite.kappa == -1)
    }

    @Test("one label throughout leaves kappa undefined; no pairs give no statistic")
    func degenerate() throws {
        let same = try #require(CohenKappa(pairs: [("none", "none"), ("none", "none")]))
        #expect(same.observedAgreement == 1)
        #expect(same.kappa == nil)
        #expect(CohenKappa(pairs: []) == nil)
    }
}
