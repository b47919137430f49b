import Foundation
import OffswitchCore
import Synchronization

/// Shows run progress: a live line on a terminal, one plain line per finished trial otherwise.
final class ProgressPrinter: Sendable {
    private let output: Output
    private let width: @Sendable () -> Int
    private let shown = Mutex(false)
    private let announced = Mutex(false)
    private let last = Mutex<RunProgress?>(nil)

    /// The most recent progress reported.
    var latest: RunProgress? { last.withLock { $0 } }

    /// - Parameters:
    ///   - output: Where progress goes (standard error).
    ///   - width: The window's width, asked at every update so a resized window gets lines that fit.
    init(output: Output, width: @escaping @Sendable () -> Int = { TerminalWidth.columns(of: 2) ?? 80 }) {
        self.output = output
        self.width = width
    }

    func update(_ progress: RunProgress) {
        last.withLock { $0 = progress }
        if progress.resumed > 0,
            !announced.withLock({ announced in
                defer { announced = true }
                return announced
            })
        {
            output.status((output.isTerminal ? "\r\u{1B}[2K" : "") + Self.resuming(progress) + "\n")
        }
        let head = "[\(progress.done)/\(progress.total)]"
        if output.isTerminal {
            shown.withLock { $0 = true }
            output.status("\r\u{1B}[2K" + Self.liveLine(progress, width: width()))
        } else if let last = progress.last {
            let technique = last.outcome.technique.map { " (\($0.rawValue))" } ?? ""
            output.status("\(head) \(last.key): \(last.outcome.kind.rawValue)\(technique) | \(Self.spend(progress))\n")
        }
    }

    /// What a resumed run says before it starts: how much of it is already stored.
    static func resuming(_ progress: RunProgress) -> String {
        "resuming: \(progress.resumed) of \(progress.total) trials already stored; \(progress.total - progress.resumed) to run"
    }

    /// Tokens and cost so far, with the share of the input read from a prompt cache when any was.
    static func spend(_ progress: RunProgress) -> String {
        let usage = progress.usage
        let tokens = "\(usage.inputTokens + usage.outputTokens) tokens"
        guard let reads = usage.cacheReadTokens, reads > 0, usage.inputTokens > 0 else {
            return "\(tokens), \(dollars(progress.cost))"
        }
        let share = Int((Double(reads) / Double(usage.inputTokens) * 100).rounded(.down))
        return "\(tokens) (\(share)% of input cached), \(dollars(progress.cost))"
    }

    /// The live line, at most `width - 1` characters (a line filling the last column would wrap and scroll):
    /// the count and outcomes always, then the ETA, the rate and the spend as they fit, in that order of
    /// importance; outcomes too long for the window are cut with an ellipsis.
    static func liveLine(_ progress: RunProgress, width: Int) -> String {
        let fresh = progress.done - progress.resumed
        let rate = progress.elapsedSeconds > 0 ? Double(fresh) / progress.elapsedSeconds : 0
        let remaining = progress.total - progress.done
        let eta = rate > 0 ? clock(Double(remaining) / rate) : "--:--"
        let counts = SummaryTable.classes.compactMap { cls, name in progress.counts[cls].map { "\(name) \($0)" } }
            .joined(separator: ", ")
        let limit = max(10, width - 1)
        let first = "[\(progress.done)/\(progress.total)] " + (counts.isEmpty ? "starting" : counts)
        guard first.count <= limit else { return String(first.prefix(limit - 1)) + "…" }
        // Shown in this order; kept, while they fit, by the importance listed in `byImportance`.
        let segments = [String(format: "%.1f trials/s", rate), "ETA \(eta)", spend(progress)]
        let byImportance = [1, 0, 2]
        var kept: Set<Int> = []
        var length = first.count
        for index in byImportance where length + 3 + segments[index].count <= limit {
            kept.insert(index)
            length += 3 + segments[index].count
        }
        return ([first] + segments.indices.filter(kept.contains).map { segments[$0] }).joined(separator: " | ")
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
        return s >= 3600
            ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
