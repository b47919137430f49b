package import Foundation
package import OffswitchCore

extension ProviderError {
    /// The longest wait a provider's delay is read as: a longer one is clamped to it. (The engine's retry policy
    /// caps what it will actually wait far lower; this bound only keeps the value a sane `Duration`.)
    package static let maximumRetryAfter: Duration = .seconds(86_400)

    /// `Retry-After` as delta-seconds (`"7"`, `"1.5"`) or an HTTP date (`"Sun, 06 Nov 1994 08:49:37 GMT"`),
    /// within zero and ``maximumRetryAfter``; nil when it is neither.
    ///
    /// The parse is strict: no sign, exponent, `inf` or `nan`, and only the IMF-fixdate form of a date (the
    /// one RFC 9110 says senders use). A date in the past is no wait.
    /// - Parameters:
    ///   - value: The header's value.
    ///   - now: The time a date is measured from.
    package static func parseRetryAfter(_ value: String, now: Date = Date()) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let delay = delaySeconds(trimmed) { return delay }
        guard let date = httpDate(trimmed) else { return nil }
        // Both dates lie between the years 0 and 9999, so the interval is finite and small.
        let seconds = date.timeIntervalSince(now)
        if seconds <= 0 { return .zero }
        if seconds >= 86_400 { return maximumRetryAfter }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// A decimal number of seconds (`"27"`, `"1.5"`), within zero and ``maximumRetryAfter``; nil for anything
    /// else. Fractions finer than a millisecond are dropped.
    package static func delaySeconds(_ text: some StringProtocol) -> Duration? {
        let parts = text.utf8.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(isDigit) else { return nil }
        var milliseconds = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.allSatisfy(isDigit) else { return nil }
            for (place, digit) in zip([100, 10, 1], fraction) { milliseconds += place * Int(digit - UInt8(ascii: "0")) }
        }
        let significant = whole.drop { $0 == UInt8(ascii: "0") }
        // Six digits already exceed a day; more would overflow an Int long before they mean anything.
        guard significant.count <= 6 else { return maximumRetryAfter }
        let seconds = significant.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return min(.seconds(seconds) + .milliseconds(milliseconds), maximumRetryAfter)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static let dayNames = ["Mon,", "Tue,", "Wed,", "Thu,", "Fri,", "Sat,", "Sun,"]
    private static let monthNames = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), or nil when `text` is not exactly one.
    static func httpDate(_ text: String) -> Date? {
        let fields = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 6, dayNames.contains(fields[0]), fields[5] == "GMT",
            let month = monthNames.firstIndex(of: fields[2]).map({ $0 + 1 }),
            let day = number(fields[1], digits: 2), let year = number(fields[3], digits: 4)
        else { return nil }
        let time = fields[4].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard time.count == 3, let hour = number(time[0], digits: 2), let minute = number(time[1], digits: 2),
            let second = number(time[2], digits: 2), hour < 24, minute < 60, second <= 60,
            (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
    }

    /// A field of exactly `digits` ASCII digits as a number.
    private static func number(_ field: String, digits: Int) -> Int? {
        guard field.utf8.count == digits, field.utf8.allSatisfy(isDigit) else { return nil }
        return field.utf8.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's `days_from_civil`).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
