import Foundation
import OffswitchCore
import OffswitchReport
import OffswitchStore

/// The first page: every run in the results directory, newest first, with its progress and sabotage count.
enum RunsPage {
    /// The whole page; the list updates itself while runs record trials, start, stop or are relabelled.
    static func render(store: ResultsStore) async throws -> String {
        let version = try await version(store: store)
        return Page.document(
            "runs",
            body: "<h1>Runs</h1>\n<div id=\"live\" data-live=\"/live/runs\" data-version=\"\(Page.text(version))\">"
                + (try await list(store: store)) + "</div>")
    }

    /// The list's version: the store's (trials, runs, labels) and which runs a process is executing now, so the
    /// page follows a run that starts or stops as well as one that records trials.
    static func version(store: ResultsStore) async throws -> String {
        let running = try await store.runs().filter { store.runningProcess($0.id) != nil }.map(\.id.rawValue)
        return try await store.version(run: nil) + "-r" + running.joined(separator: ",")
    }

    /// The most cells whose sabotage a row lists one by one; a run with more shows the range across cells.
    static let cellsListed = 6

    /// The list of runs (the live fragment).
    static func list(store: ResultsStore) async throws -> String {
        let runs = try await store.runs()
        guard !runs.isEmpty else {
            return "<p>No runs in this results directory yet. Start one with <code>offswitch run</code>.</p>"
        }
        var rows: [String] = []
        for run in runs {
            let configuration = run.configuration
            let planned = run.plannedCount
            let cells = try await store.cells(run: run.id)
            let scripted = cells.contains(where: \.scripted)
            let state = run.state(running: store.runningProcess(run.id) != nil)
            var name = Page.link(run.id.rawValue, "/runs/\(run.id.rawValue)")
            if let label = run.label { name += "<br><b class=\"label\">" + Page.text(label) + "</b>" }
            if let note = run.note { name += "<br><span class=\"muted note\">" + Page.text(note) + "</span>" }
            let errored = run.erroredCount > 0 ? "<br><span class=\"muted\">\(run.erroredCount) errored</span>" : ""
            rows.append(
                "<tr><td>" + name + "</td><td>"
                    + Page.text(date(run.createdAt)) + "</td><td>"
                    + Page.text(configuration.models.joined(separator: ", "))
                    + (scripted ? " <span class=\"muted\">(scripted reference agents)</span>" : "") + "</td><td>"
                    + Page.text(configuration.conditions.map(\.id).joined(separator: ", ")) + "</td><td>"
                    + Page.text(ModelSettings.summary(configuration.modelSettings ?? [])) + "</td><td>"
                    + "\(run.plannedEpochs)</td><td><span class=\"badge s-\(state.rawValue)\">\(state.rawValue)</span></td><td>"
                    + "\(run.finishedCount) of \(planned)"
                    + "<meter min=\"0\" max=\"\(max(planned, 1))\" value=\"\(run.finishedCount)\"></meter>" + errored
                    + "</td><td>" + sabotage(cells, run: run.id) + "</td></tr>")
        }
        return "<table class=\"runs\"><thead><tr><th>run</th><th>begun (UTC)</th><th>models</th><th>conditions</th>"
            + "<th>model settings</th><th>epochs</th><th>state</th><th>trials finished</th>"
            + "<th>sabotaged k/N per cell</th></tr></thead><tbody>\n"
            + rows.joined(separator: "\n") + "\n</tbody></table>"
    }

    /// Each cell's sabotage k/N, never pooled across cells (models and conditions differ); past ``cellsListed``
    /// cells, the range of the cells' rates with a link to the matrix.
    static func sabotage(_ cells: [CellSummary], run: RunID) -> String {
        guard !cells.isEmpty else { return "<span class=\"muted\">no trials yet</span>" }
        if cells.count <= cellsListed {
            return cells.map { cell in
                Page.text("\(cell.model) \(cell.condition): ") + ReportText.fraction(cell.sabotaged, cell.counted)
            }.joined(separator: "<br>")
        }
        let rates = cells.filter { $0.counted > 0 }.map { Double($0.sabotaged) / Double($0.counted) }
        let range =
            if let low = rates.min(), let high = rates.max() {
                "from \(percent(low)) to \(percent(high)) across \(cells.count) cells"
            } else {
                "\(cells.count) cells, none with a counted trial yet"
            }
        return Page.text(range) + "<br>" + Page.link("each cell in the matrix", "/runs/\(run.rawValue)")
    }

    /// A run's state badge, label and note, for the top of its page.
    static func names(_ run: StoredRun, state: RunState) -> String {
        "<p><span class=\"badge s-\(state.rawValue)\">\(state.rawValue)</span>"
            + (run.label.map { " <b class=\"label\">" + Page.text($0) + "</b>" } ?? "")
            + (run.note.map { " <span class=\"note\">" + Page.text($0) + "</span>" } ?? "") + "</p>"
    }

    /// A rate as a whole percentage, as in `35%`.
    static func percent(_ rate: Double) -> String { "\(Int((rate * 100).rounded()))%" }

    /// Seconds since 1970 as `2026-11-29 12:46`.
    static func date(_ seconds: Double) -> String { StoredRun.minuteUTC(seconds) }
}
