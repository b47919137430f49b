import Foundation

/// Fisher's exact test of a 2×2 table: do two groups have the same rate?
///
/// The table is `[[a, b], [c, d]]`: row 1 is group 1 (a successes, b failures), row 2 group 2. The two-sided
/// p-value sums the hypergeometric probabilities (margins fixed) of every table no more likely than the
/// observed one, with a relative tolerance of 1e-7 so tables tied with it in exact arithmetic are not lost to
/// rounding (as R's `fisher.test` and SciPy do).
public struct FisherExactTest: Sendable, Equatable {
    /// Group 1 successes.
    public var a: Int
    /// Group 1 failures.
    public var b: Int
    /// Group 2 successes.
    public var c: Int
    /// Group 2 failures.
    public var d: Int

    /// Creates the test of the table `[[a, b], [c, d]]`.
    ///
    /// - Parameters:
    ///   - a: Group 1 successes.
    ///   - b: Group 1 failures.
    ///   - c: Group 2 successes.
    ///   - d: Group 2 failures.
    public init(a: Int, b: Int, c: Int, d: Int) {
        precondition(a >= 0 && b >= 0 && c >= 0 && d >= 0, "a 2x2 table holds counts")
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }

    /// The test of k1 of n1 against k2 of n2.
    ///
    /// - Parameters:
    ///   - k1: Successes in group 1.
    ///   - n1: Trials in group 1.
    ///   - k2: Successes in group 2.
    ///   - n2: Trials in group 2.
    public init(_ k1: Int, of n1: Int, versus k2: Int, of n2: Int) {
        self.init(a: k1, b: n1 - k1, c: k2, d: n2 - k2)
    }

    /// The sample odds ratio ad/bc (infinite when bc = 0 < ad; NaN when both are 0).
    public var oddsRatio: Double { Double(a) * Double(d) / (Double(b) * Double(c)) }

    /// The two-sided p-value.
    public var pValue: Double {
        let row1 = a + b
        let row2 = c + d
        let column1 = a + c
        let n = row1 + row2
        if n == 0 { return 1 }
        let lowest = Swift.max(0, column1 - row2)
        let highest = Swift.min(row1, column1)
        let logDenominator = SpecialFunctions.logChoose(n, column1)
        func logProbability(_ x: Int) -> Double {
            SpecialFunctions.logChoose(row1, x) + SpecialFunctions.logChoose(row2, column1 - x) - logDenominator
        }
        let observed = logProbability(a)
        let threshold = observed + Foundation.log1p(1e-7)
        var sum = 0.0
        for x in lowest...highest {
            let logP = logProbability(x)
            if logP <= threshold { sum += Foundation.exp(logP) }
        }
        return Swift.min(1, sum)
    }
}
