import Foundation

extension StoredRun {
    /// Seconds since 1970 as `2026-11-29 12:46`, in UTC: how the command line and the viewer show when a run or a
    /// trial began.
    package static func minuteUTC(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
