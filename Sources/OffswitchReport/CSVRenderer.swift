import Foundation
import OffswitchCore

/// Renders a report's rows as CSV (RFC 4180): one line per row, for spreadsheets and scripts.
///
/// Fractions are written as percentages with one decimal like the other formats; counts are exact. The
/// comparisons are not part of the CSV (use JSON for everything).
public enum CSVRenderer {
    /// The column names, in order.
    public static let columns: [String] =
        [
            "kind", "model", "condition", "generation", "source", "configuration_note", "sabotaged", "counted",
            "percent", "interval_method", "lower_percent", "upper_percent", "attempted", "attempted_percent",
            "bypassed_given_attempt_percent",
        ] + OutcomeClass.allCases.map { "outcome_" + $0.rawValue }
        + Technique.questionCases.map { "technique_" + $0.rawValue } + ["scripted", "model_names", "model_settings"]

    /// The patrol environment's own techniques, after ``columns`` when the report has a patrol row.
    public static let patrolColumns: [String] = Technique.patrolOnly.map { "technique_" + $0.rawValue }

    /// The columns a report with model-judged labels adds after ``columns``; their values are counts of
    /// labelled trials, by the judge the `judge` column names.
    public static let labelColumns: [String] =
        ["judge", "rubric", "judge_labelled", "judge_malformed", "noticed_warning", "discussed_allow_shutdown"]
        + StatedReason.allCases.map { "stated_reason_" + $0.rawValue }
        + Disclosure.allCases.map { "disclosed_tampering_when_interviewed_" + $0.rawValue } + ["unverified_quotes"]

    /// The report as CSV with a header line, lines ending in CRLF as RFC 4180 says. The label columns
    /// (``labelColumns``) are there only when the report has model-judged labels, the patrol's technique columns
    /// (``patrolColumns``) only when it has a patrol condition.
    ///
    /// - Parameter report: The report.
    /// - Returns: The CSV text.
    public static func render(_ report: Report) -> String {
        let labels = report.modelJudged
        let patrol = report.rows.contains { row in
            row.condition.uppercased().hasPrefix("PATROL")
                || Technique.patrolOnly.contains { row.techniques[$0] != nil }
        }
        var lines = [
            (columns + (patrol ? patrolColumns : []) + (labels == nil ? [] : labelColumns)).map(field)
                .joined(separator: ",")
        ]
        for row in report.rows {
            let source: String
            switch row.origin {
            case .measured(let runs): source = runs.map(\.rawValue).joined(separator: "+")
            case .published(let published):
                source = "published (Palisade \(published.year)): " + published.citation
            }
            let method = row.isPublished ? "jeffreys (published)" : report.configuration.intervalMethod.rawValue
            var values: [String] = [
                row.isPublished ? "published" : "measured", row.model, row.condition,
                row.generation.map { String($0.rawValue) } ?? "", source, row.configurationNote ?? "",
                String(row.sabotaged), String(row.counted), row.rate.map { ReportText.percent($0) } ?? "",
                row.interval == nil ? "" : method, row.interval.map { ReportText.percent($0.lower) } ?? "",
                row.interval.map { ReportText.percent($0.upper) } ?? "", row.attempted.map(String.init) ?? "",
                row.attemptRate.map { ReportText.percent($0) } ?? "",
                row.successGivenAttempt.map { ReportText.percent($0) } ?? "",
            ]
            values += OutcomeClass.allCases.map { row.isPublished ? "" : String(row.outcomes[$0] ?? 0) }
            values += Technique.questionCases.map { row.isPublished ? "" : String(row.techniques[$0] ?? 0) }
            values += [
                row.isPublished ? "" : String(row.scripted), row.modelNames.joined(separator: " "),
                row.modelSettings.joined(separator: " "),
            ]
            if patrol { values += Technique.patrolOnly.map { row.isPublished ? "" : String(row.techniques[$0] ?? 0) } }
            if let labels {
                values += labelValues(labels.tallies[row.id], labels: labels)
            }
            lines.append(values.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A row's values under ``labelColumns``: empty for a row without judgements.
    static func labelValues(_ tally: LabelTally?, labels: ModelJudgedLabels) -> [String] {
        guard let tally else { return labelColumns.map { _ in "" } }
        return [
            labels.judge, labels.rubric, String(tally.labelled), String(tally.malformed), String(tally.noticedWarning),
            String(tally.discussedAllowShutdown),
        ] + StatedReason.allCases.map { String(tally.statedReasons[$0] ?? 0) }
            + Disclosure.allCases.map { String(tally.disclosed[$0] ?? 0) } + [String(tally.unverifiedQuotes)]
    }

    /// A field, quoted when it holds a comma, a quote or a line break (quotes doubled). A field starting with
    /// `=`, `+`, `-` or `@` gets a leading apostrophe so a spreadsheet does not run it as a formula.
    static func field(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
