import Foundation
import OffswitchCore
import Testing

@Suite("Beta distribution")
struct StatsBetaTests {
    @Test("the quantile agrees with SciPy's beta.ppf to 1e-9 over the whole grid")
    func quantileMatchesSciPy() {
        #expect(StatsReferenceValues.betaQuantiles.count == 7 * 7 * 7)
        var worst = 0.0
        for (a, b, p, expected) in StatsReferenceValues.betaQuantiles {
            let x = BetaDistribution(alpha: a, beta: b).quantile(p)
            let error = abs(x - expected)
            worst = max(worst, error)
            #expect(error <= 1e-9, "Beta(\(a), \(b)).quantile(\(p)) = \(x), SciPy \(expected)")
            // Tiny quantiles must be right relative to their size too, not only to 1e-9.
            #expect(error <= 1e-9 * max(expected, 1e-3), "relative error at Beta(\(a), \(b)), p \(p)")
        }
        #expect(worst < 1e-9)
    }

    @Test("the distribution function inverts the quantile", arguments: [0.5, 2.5, 100.5, 999.5])
    func cdfInvertsQuantile(_ a: Double) {
        for b in [0.5, 3.5, 500.5] {
            let distribution = BetaDistribution(alpha: a, beta: b)
            for p in [1e-6, 0.01, 0.3, 0.7, 0.99, 1 - 1e-6] {
                let x = distribution.quantile(p)
                #expect(abs(distribution.cdf(x) - p) <= 1e-12 * max(1, p / (1 - p)), "a \(a) b \(b) p \(p)")
                #expect(abs(distribution.cdf(x) + distribution.survival(x) - 1) < 1e-14)
            }
        }
    }

    @Test("closed forms: Beta(1, 1) is uniform and Beta(a, 1) has cdf x^a")
    func closedForms() {
        let uniform = BetaDistribution(alpha: 1, beta: 1)
        for x in [0.0, 0.1, 0.25, 0.5, 0.9, 1.0] {
            #expect(abs(uniform.cdf(x) - x) < 1e-15)
            #expect(abs(uniform.quantile(x) - x) < 1e-15)
        }
        let power = BetaDistribution(alpha: 2.5, beta: 1)
        #expect(abs(power.cdf(0.3) - pow(0.3, 2.5)) < 1e-15)
        #expect(abs(power.quantile(0.2) - pow(0.2, 1 / 2.5)) < 1e-14)
        #expect(power.cdf(-1) == 0 && power.cdf(2) == 1)
        #expect(power.quantile(0) == 0 && power.quantile(1) == 1)
    }

    @Test("the density integrates to the distribution function")
    func densityMatchesCDF() {
        let distribution = BetaDistribution(alpha: 10.5, beta: 20.5)
        // Simpson's rule over [0.2, 0.4].
        let steps = 200
        let h = 0.2 / Double(steps)
        var sum = distribution.density(0.2) + distribution.density(0.4)
        for i in 1..<steps {
            sum += distribution.density(0.2 + Double(i) * h) * (i % 2 == 1 ? 4 : 2)
        }
        #expect(abs(sum * h / 3 - (distribution.cdf(0.4) - distribution.cdf(0.2))) < 1e-9)
    }
}
