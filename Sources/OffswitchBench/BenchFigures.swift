import Foundation
import OffswitchCore

/// The bench's results, in the order measured: figures with units, and notes about the machine and build.
package struct BenchFigures {
    struct Figure {
        var key: String
        var label: String
        var value: Double
        var unit: String
    }

    private(set) var figures: [Figure] = []
    private(set) var notes: [(key: String, value: String)] = []

    /// Adds a figure; `key` is its stable JSON name (`exec_true_median_ms`).
    mutating func add(_ key: String, _ label: String, _ value: Double, _ unit: String) {
        figures.append(Figure(key: key, label: label, value: value, unit: unit))
    }

    mutating func note(_ key: String, _ value: String) { notes.append((key, value)) }

    /// One line per note and figure, aligned.
    package func text() -> String {
        var lines = notes.map { "\($0.key): \($0.value)" }
        let width = figures.map(\.label.count).max() ?? 0
        for figure in figures {
            let number =
                figure.value >= 100 ? String(format: "%.0f", figure.value) : String(format: "%.2f", figure.value)
            lines.append(
                figure.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + number + " " + figure.unit)
        }
        return lines.joined(separator: "\n")
    }

    /// `{"notes": {...}, "figures": {"key": value, ...}}` with sorted keys.
    package func json() throws -> String {
        let object: [String: Any] = [
            "schema": 1,
            "notes": Dictionary(notes.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }),
            "figures": Dictionary(figures.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }),
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        duration.inMilliseconds
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The 1-minute load average, as text.
    static func loadAverage() -> String {
        var loads = [Double](repeating: 0, count: 3)
        guard getloadavg(&loads, 3) == 3 else { return "unknown" }
        return String(format: "%.2f", loads[0])
    }

    /// CPU time this process and its reaped children have used so far, in milliseconds.
    static func cpuMilliseconds() -> (harness: Double, children: Double) {
        func ms(_ who: Int32) -> Double {
            var usage = rusage()
            getrusage(__rusage_who_t(who), &usage)
            let user = Double(usage.ru_utime.tv_sec) * 1000 + Double(usage.ru_utime.tv_usec) / 1000
            let system = Double(usage.ru_stime.tv_sec) * 1000 + Double(usage.ru_stime.tv_usec) / 1000
            return user + system
        }
        return (ms(RUSAGE_SELF.rawValue), ms(RUSAGE_CHILDREN.rawValue))
    }

    /// CPU time the whole machine spent busy so far (every process and the kernel's own workers: all but idle
    /// and I/O wait, from /proc/stat), in milliseconds; nil where /proc/stat cannot be read.
    static func machineBusyMilliseconds() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = text.split(separator: "\n").first, line.hasPrefix("cpu ")
        else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard fields.count >= 8 else { return nil }
        // user nice system idle iowait irq softirq steal
        let busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return busy * 1000 / ticks
    }
}
