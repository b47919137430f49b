import Foundation

/// McNemar's exact test: did two conditions applied to the same units (branches of one trunk) change the rate?
///
/// Only the discordant pairs carry information: `b` pairs where the first condition sabotaged and the second
/// did not, `c` the other way round. Under the null hypothesis each discordant pair falls either way with
/// probability 1/2, so b is Binomial(b + c, 1/2).
public struct McNemarTest: Sendable, Equatable {
    /// Pairs where the first condition's trial sabotaged and the second's did not.
    public var b: Int
    /// Pairs where the second condition's trial sabotaged and the first's did not.
    public var c: Int

    /// Creates the test of `b` against `c` discordant pairs.
    ///
    /// - Parameters:
    ///   - b: First-only pairs, at least 0.
    ///   - c: Second-only pairs, at least 0.
    public init(b: Int, c: Int) {
        precondition(b >= 0 && c >= 0, "discordant pairs are counts")
        self.b = b
        self.c = c
    }

    /// The exact two-sided p-value: twice the smaller binomial tail, P(X ≤ min(b, c)) with X ~ Bin(b + c, 1/2),
    /// capped at 1 (as statsmodels' `mcnemar(table, exact=True)` and R's `binom.test` compute it); 1 when no
    /// pair is discordant.
    public var pValue: Double {
        Swift.min(1, 2 * tails.tail)
    }

    /// The mid-p variant (Fagerland, Lydersen and Laake 2013): the exact p-value less the probability of the
    /// observed count, 2·P(X ≤ min(b, c)) − P(X = min(b, c)). Less conservative than ``pValue``; its type I
    /// error rate is close to, and may slightly exceed, the nominal level.
    public var midPValue: Double {
        let (tail, point) = tails
        return Swift.min(1, 2 * tail - point)
    }

    /// P(X ≤ min(b, c)) and P(X = min(b, c)) for X ~ Bin(b + c, 1/2).
    private var tails: (tail: Double, point: Double) {
        let n = b + c
        guard n > 0 else { return (0.5, 0) }
        let k = Swift.min(b, c)
        let logHalf = Double(n) * Foundation.log(0.5)
        var tail = 0.0
        for x in 0...k { tail += Foundation.exp(SpecialFunctions.logChoose(n, x) + logHalf) }
        return (tail, Foundation.exp(SpecialFunctions.logChoose(n, k) + logHalf))
    }
}
