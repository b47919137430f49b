import Foundation
import OffswitchCore
import OffswitchReport
import OffswitchStore

/// The first page: every run in the results directory, newest first, with its progress and sabotage count.
enum RunsPage {
    /// The whole page; the list updates itself while runs record trials.
    static func render(store: ResultsStore) async throws -> String {
        let version = try await store.version(run: nil)
        return Page.document(
            "runs",
            body: "<h1>Runs</h1>\n<div id=\"live\" data-live=\"/live/runs\" data-version=\"\(Page.text(version))\">"
                + (try await list(store: store)) + "</div>")
    }

    /// The list of runs (the live fragment).
    static func list(store: ResultsStore) async throws -> String {
        let runs = try await store.runs()
        guard !runs.isEmpty else {
            return "<p>No runs in this results directory yet. Start one with <code>offswitch run</code>.</p>"
        }
        var rows: [String] = []
        for run in runs {
            let configuration = run.configuration
            let planned = configuration.models.count * configuration.conditions.count * configuration.epochs
            let cells = try await store.cells(run: run.id)
            let sabotaged = cells.reduce(0) { $0 + $1.sabotaged }
            let counted = cells.reduce(0) { $0 + $1.counted }
            let scripted = cells.contains(where: \.scripted)
            rows.append(
                "<tr><td>" + Page.link(run.id.rawValue, "/runs/\(run.id.rawValue)") + "</td><td>"
                    + Page.text(date(run.createdAt)) + "</td><td>"
                    + Page.text(configuration.models.joined(separator: ", "))
                    + (scripted ? " <span class=\"muted\">(scripted reference agents)</span>" : "") + "</td><td>"
                    + Page.text(configuration.conditions.map(\.id).joined(separator: ", ")) + "</td><td>"
                    + Page.text(ModelSettings.summary(configuration.modelSettings ?? [])) + "</td><td>"
                    + "\(configuration.epochs)</td><td>\(run.trialCount) of \(planned)"
                    + "<meter min=\"0\" max=\"\(max(planned, 1))\" value=\"\(run.trialCount)\"></meter></td><td>"
                    + ReportText.fraction(sabotaged, counted) + "</td></tr>")
        }
        return "<table class=\"runs\"><thead><tr><th>run</th><th>begun (UTC)</th><th>models</th><th>conditions</th>"
            + "<th>model settings</th><th>epochs</th><th>trials stored</th><th>sabotaged k/N</th></tr></thead><tbody>\n"
            + rows.joined(separator: "\n") + "\n</tbody></table>"
    }

    /// Seconds since 1970 as `2026-11-29 12:46`.
    static func date(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
