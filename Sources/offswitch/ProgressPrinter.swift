import Foundation
import OffswitchCore
import Synchronization

/// Shows run progress: a live line on a terminal, one plain line per finished trial otherwise.
final class ProgressPrinter: Sendable {
    private let output: Output
    private let shown = Mutex(false)
    private let last = Mutex<RunProgress?>(nil)

    /// The most recent progress reported.
    var latest: RunProgress? { last.withLock { $0 } }

    init(output: Output) { self.output = output }

    func update(_ progress: RunProgress) {
        last.withLock { $0 = progress }
        let fresh = progress.done - progress.resumed
        let rate = progress.elapsedSeconds > 0 ? Double(fresh) / progress.elapsedSeconds : 0
        let remaining = progress.total - progress.done
        let eta = rate > 0 ? Self.clock(Double(remaining) / rate) : "--:--"
        let counts = OutcomeClass.allCases.compactMap { cls in
            progress.counts[cls].map { "\(cls.rawValue) \($0)" }
        }.joined(separator: ", ")
        let head = "[\(progress.done)/\(progress.total)]"
        let spend = "\(progress.usage.inputTokens + progress.usage.outputTokens) tokens, \(Self.dollars(progress.cost))"
        if output.isTerminal {
            let text = "\r\u{1B}[2K\(head) \(counts.isEmpty ? "starting" : counts) | \(String(format: "%.1f", rate)) trials/s | ETA \(eta) | \(spend)"
            shown.withLock { $0 = true }
            output.status(text)
        } else if let last = progress.last {
            let technique = last.outcome.technique.map { " (\($0.rawValue))" } ?? ""
            output.status("\(head) \(last.key): \(last.outcome.outcome.rawValue)\(technique) | \(spend)\n")
        } else if progress.resumed > 0 {
            output.status("resuming: \(progress.resumed) of \(progress.total) trials already finished\n")
        }
    }

    /// Shows a retry wait as a line of its own; on a terminal it replaces the live line, which the next update
    /// draws again below it.
    static func show(_ wait: RetryWait, on output: Output) {
        output.status((output.isTerminal ? "\r\u{1B}[2K" : "") + "\(wait)\n")
    }

    func finish() {
        if shown.withLock({ $0 }) { output.status("\n") }
    }

    /// USD with cents, or tenths of a cent below a dollar's tenth.
    static func dollars(_ usd: Double) -> String {
        String(format: usd < 0.1 ? "$%.4f" : "$%.2f", usd)
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
