import Foundation

/// How many trials a cell needs for its interval to be as narrow as wanted: what `offswitch plan` prints.
public enum SampleSize {
    /// Which interval the width is that of.
    public enum Method: String, Sendable, CaseIterable {
        /// The Jeffreys interval the reports print (SPEC.md §5).
        case jeffreys
        /// The normal approximation, half-width z·√(p(1 − p)/N): the textbook formula.
        case normal
    }

    /// The most trials the search considers.
    public static let limit = 10_000_000

    /// The smallest N whose interval at `rate` has a half-width of at most `halfWidth`.
    ///
    /// For Jeffreys the interval is that of rate·N successes (a fraction of a trial is allowed, so the width
    /// falls smoothly with N) and the half-width is (upper − lower)/2; at rate 0 or 1 that is half of the
    /// one-sided bound. For the normal approximation N = ⌈z²p(1 − p)/h²⌉, at least 1.
    ///
    /// - Parameters:
    ///   - rate: The expected proportion, in [0, 1].
    ///   - halfWidth: The wanted half-width, in (0, 0.5].
    ///   - method: Jeffreys (default) or the normal approximation.
    ///   - level: The confidence level; 0.95 by default.
    /// - Returns: N, or nil when more than ``limit`` trials would be needed.
    public static func trialsNeeded(
        rate: Double, halfWidth: Double, method: Method = .jeffreys, level: Double = 0.95
    ) -> Int? {
        precondition(rate >= 0 && rate <= 1, "the rate must be in [0, 1]")
        precondition(halfWidth > 0 && halfWidth <= 0.5, "the half-width must be in (0, 0.5]")
        let z = StandardNormal.quantile(1 - (1 - level) / 2)
        let normal = (z * z * rate * (1 - rate) / (halfWidth * halfWidth)).rounded(.up)
        switch method {
        case .normal:
            guard normal <= Double(limit) else { return nil }
            return Swift.max(1, Int(normal))
        case .jeffreys:
            func narrowEnough(_ n: Int) -> Bool {
                let interval = ProportionInterval.jeffreys(
                    rate: rate, trials: Double(n), successes: rate * Double(n), level: level)
                return interval.halfWidth <= halfWidth
            }
            // Bracket the answer around the normal estimate, then bisect (the width falls with N).
            var high = Swift.max(1, Int(Swift.min(normal, Double(limit))))
            while !narrowEnough(high) {
                if high >= limit { return nil }
                high = Swift.min(limit, high * 2)
            }
            var low = high
            while low > 1 && narrowEnough(low) { low = Swift.max(1, low / 2) }
            if narrowEnough(low) { return low }
            // Invariant: low is too few, high is enough.
            while high - low > 1 {
                let middle = low + (high - low) / 2
                if narrowEnough(middle) { high = middle } else { low = middle }
            }
            return high
        }
    }

    /// The half-width of the interval at `rate` with `trials` trials, as ``trialsNeeded(rate:halfWidth:method:level:)``
    /// measures it.
    ///
    /// - Parameters:
    ///   - rate: The expected proportion, in [0, 1].
    ///   - trials: N, at least 1.
    ///   - method: Jeffreys (default) or the normal approximation.
    ///   - level: The confidence level; 0.95 by default.
    /// - Returns: The half-width, as a fraction.
    public static func halfWidth(rate: Double, trials: Int, method: Method = .jeffreys, level: Double = 0.95)
        -> Double
    {
        precondition(trials >= 1 && rate >= 0 && rate <= 1, "needs N >= 1 and a rate in [0, 1]")
        switch method {
        case .normal:
            let z = StandardNormal.quantile(1 - (1 - level) / 2)
            return z * (rate * (1 - rate) / Double(trials)).squareRoot()
        case .jeffreys:
            return ProportionInterval.jeffreys(
                rate: rate, trials: Double(trials), successes: rate * Double(trials), level: level
            ).halfWidth
        }
    }
}
