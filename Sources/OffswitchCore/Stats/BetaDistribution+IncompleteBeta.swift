import Foundation

extension BetaDistribution {
    /// Both tails at x: (I_x(a, b), 1 − I_x(a, b)), the smaller one computed directly.
    func tails(_ x: Double) -> (lower: Double, upper: Double) {
        if x <= 0 { return (0, 1) }
        if x >= 1 { return (1, 0) }
        let a = alpha
        let b = beta
        let logFront =
            a * Foundation.log(x) + b * Foundation.log1p(-x) - SpecialFunctions.logBeta(a, b)
        // The continued fraction converges fast for x < (a + 1)/(a + b + 2); past it, use the symmetry
        // I_x(a, b) = 1 − I_{1−x}(b, a).
        if x < (a + 1) / (a + b + 2) {
            let lower = Foundation.exp(logFront) * Self.continuedFraction(x: x, a: a, b: b) / a
            return (lower, 1 - lower)
        }
        let upper = Foundation.exp(logFront) * Self.continuedFraction(x: 1 - x, a: b, b: a) / b
        return (1 - upper, upper)
    }

    /// The continued fraction for I_x(a, b), evaluated by the modified Lentz method.
    static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if Swift.abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        // Convergence takes O(sqrt(max(a, b))) terms; the cap is far above what N up to millions needs.
        for m in 1...100_000 {
            let mm = Double(m)
            let m2 = 2 * mm
            var aa = mm * (b - mm) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if Swift.abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if Swift.abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + mm) * (qab + mm) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if Swift.abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if Swift.abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if Swift.abs(delta - 1) < epsilon { break }
        }
        return h
    }
}
