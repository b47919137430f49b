import Foundation

/// The log-gamma family the distributions are built on.
///
/// Glibc's re-entrant `lgamma_r` is used rather than `lgamma`, which writes the global `signgam` and so would
/// race when reports are built from several tasks.
enum SpecialFunctions {
    /// ln Γ(x) for x > 0.
    static func logGamma(_ x: Double) -> Double {
        precondition(x > 0, "logGamma is only used for positive arguments")
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b).
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        logGamma(a) + logGamma(b) - logGamma(a + b)
    }

    /// ln C(n, k), the log of a binomial coefficient, for 0 ≤ k ≤ n.
    static func logChoose(_ n: Int, _ k: Int) -> Double {
        precondition(k >= 0 && k <= n, "logChoose needs 0 <= k <= n")
        return logGamma(Double(n) + 1) - logGamma(Double(k) + 1) - logGamma(Double(n - k) + 1)
    }
}
