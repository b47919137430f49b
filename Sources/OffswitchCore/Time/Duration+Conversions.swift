extension Duration {
    /// The duration in seconds, fractions included (`1.5` for 1500 ms): what a progress line or a rate shows.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// The duration in milliseconds, fractions included: what a benchmark's figures show.
    public var inMilliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }

    /// The duration in whole milliseconds, the fraction dropped (toward zero): what a stored duration holds.
    ///
    /// Saturates at the ends of `Int` rather than trapping, for durations no clock measures (beyond 292 million
    /// years).
    public var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return seconds < 0 ? Int.min : Int.max }
        let (total, overflowed) = Int(scaled).addingReportingOverflow(Int(attoseconds / 1_000_000_000_000_000))
        if overflowed { return seconds < 0 ? Int.min : Int.max }
        return total
    }

    /// The duration of `seconds` seconds to the millisecond, or nil when `seconds` is not a finite number in
    /// `range`.
    ///
    /// Numbers read from outside (a scenario file, a flag, a header) are checked here before they become a
    /// `Duration`, whose conversions trap on values out of range.
    /// - Parameters:
    ///   - seconds: The number of seconds.
    ///   - range: The seconds allowed; the default, up to 100 years, keeps any sum of such durations far from
    ///     overflowing.
    ///   - rounding: How a fraction of a millisecond is rounded (by default, dropped).
    public init?(
        seconds: Double, in range: ClosedRange<Double> = 0...Self.maximumSeconds,
        rounding: FloatingPointRoundingRule = .towardZero
    ) {
        guard seconds.isFinite, range.contains(seconds), abs(seconds) <= Self.maximumSeconds else { return nil }
        self = .milliseconds(Int64((seconds * 1000).rounded(rounding)))
    }

    /// The longest duration ``init(seconds:in:rounding:)`` makes: 100 years of seconds.
    public static let maximumSeconds: Double = 100 * 365.25 * 86_400
}
