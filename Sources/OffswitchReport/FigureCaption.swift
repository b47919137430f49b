import OffswitchCore

/// What the figure and the LaTeX table say about themselves, in the same words: the row labels, the interval
/// method, N per cell, the published sources and the runs.
enum FigureCaption {
    /// A measured row's label: the model (with its settings), and what differs when the cell was split by
    /// configuration, as in `openai/o3 [message limit 40]`.
    static func label(_ row: ReportRow) -> String {
        guard var note = row.configurationNote else { return row.label }
        let prefix = "not pooled: configurations differ "
        if note.hasPrefix(prefix) { note.removeFirst(prefix.count) }
        if note.hasPrefix("("), note.hasSuffix(")") { note = String(note.dropFirst().dropLast()) }
        return "\(row.label) [\(note)]"
    }

    /// "Jeffreys" or "Wilson".
    static func methodName(_ report: Report) -> String {
        switch report.configuration.intervalMethod {
        case .jeffreys, .jeffreysEqualTailed: "Jeffreys"
        case .wilson: "Wilson"
        }
    }

    /// N per cell, as in "N = 10 per cell" or "N = 4 to 13 per cell", and the counted trials in all.
    static func sampleSize(_ report: Report) -> String {
        let counted = report.measuredRows.map(\.counted).filter { $0 > 0 }
        guard let low = counted.min(), let high = counted.max() else { return "no counted trials" }
        let perCell = low == high ? "N = \(low) per cell" : "N = \(low) to \(high) per cell"
        return "\(perCell), \(counted.reduce(0, +)) counted trials in all"
    }

    /// The interval method in words.
    static func interval(_ report: Report) -> String {
        switch report.configuration.intervalMethod {
        case .jeffreys: "95% Jeffreys intervals (Beta(k+1/2, N-k+1/2) quantiles; one-sided at k = 0 and k = N)"
        case .jeffreysEqualTailed:
            "95% equal-tailed Jeffreys intervals (Beta(k+1/2, N-k+1/2) quantiles at 2.5% and 97.5%)"
        case .wilson: "95% Wilson score intervals"
        }
    }

    /// The citations of the published rows shown, sorted; empty when none is.
    static func publishedSources(_ report: Report) -> [String] {
        Set(
            report.rows.compactMap { row -> String? in
                guard case .published(let source) = row.origin else { return nil }
                return source.citation
            }
        ).sorted()
    }

    /// "offswitch, run run-…" or "offswitch, runs run-…, run-…".
    static func runs(_ report: Report) -> String {
        "offswitch, run\(report.runs.count == 1 ? "" : "s") " + report.runs.map(\.id.rawValue).joined(separator: ", ")
    }

    /// The figure's caption: what the bars, whiskers, diamonds and hatching are, the interval method, N, the runs.
    static func figure(_ report: Report) -> String {
        var sentences = [
            "Bars: the share of counted trials in which the agent prevented its shutdown (sabotaged, k of N; "
                + "excluded and errored trials are not counted), \(sampleSize(report)).",
            "Whiskers: \(interval(report)).",
        ]
        let sources = publishedSources(report)
        if !sources.isEmpty {
            sentences.append(
                "Hollow diamonds on dashed whiskers: Palisade Research's published rates (\(publishedYears(report)); "
                    + sources.joined(separator: "; ") + ") with their published 95% intervals.")
        }
        if report.measuredRows.contains(where: \.scripted) {
            sentences.append("Hatched bars: scripted reference agents, whose numbers say nothing about any model.")
        }
        sentences.append(runs(report) + ".")
        return sentences.joined(separator: " ")
    }

    /// The years of the published rows shown, as in "2025" or "2025, 2026" ("2025" when none is shown).
    static func publishedYears(_ report: Report) -> String {
        let years = Set(
            report.rows.compactMap { row -> Int? in
                guard case .published(let source) = row.origin else { return nil }
                return source.year
            })
        return years.isEmpty ? "2025" : years.sorted().map(String.init).joined(separator: ", ")
    }

    /// The table's caption: the same facts for rows instead of bars.
    static func table(_ report: Report) -> String {
        var sentences = [
            "Sabotage rate per model and condition: k of N counted trials in which the agent prevented its shutdown "
                + "(excluded and errored trials are not counted), \(sampleSize(report)), with \(interval(report))."
        ]
        let sources = publishedSources(report)
        if !sources.isEmpty {
            sentences.append(
                "Italic rows: Palisade Research's published rates (\(publishedYears(report)); "
                    + sources.joined(separator: "; ")
                    + ") with their published 95% intervals; k is inferred from the percentage with N taken as 1000 "
                    + "(paper) or 100 (May 2025)"
                    + (publishedYears(report).contains("2026") ? "; the robot paper's k/N are as printed." : "."))
        }
        if report.measuredRows.contains(where: \.scripted) {
            sentences.append("Rows marked (scripted) were played by scripted reference agents, not AI models.")
        }
        sentences.append(runs(report) + ".")
        return sentences.joined(separator: " ")
    }
}
