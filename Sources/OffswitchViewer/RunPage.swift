import OffswitchCore
import OffswitchReport
import OffswitchStore

/// A run's page: the model x condition matrix with k/N and intervals, the outcome and technique breakdown,
/// a filter by outcome and technique, and a form to compare two cells.
enum RunPage {
    /// The whole page; the matrix updates itself while the run records trials.
    static func render(store: ResultsStore, reports: ReportCache, run: StoredRun, filter: ResultsStore.TrialFilter)
        async throws -> String
    {
        let id = run.id.rawValue
        let version = try await store.version(run: run.id)
        let live = Page.path("/live/runs/\(id)", filter.queryItems)
        let cells = run.configuration.models.flatMap { model in
            run.configuration.conditions.map { "\(model):\($0.id)" }
        }
        let options = cells.map { ($0, $0) }
        var body = [
            "<h1>Run " + Page.text(id) + "</h1>",
            "<p class=\"muted\">" + Page.text(summary(run)) + "</p>",
            RunsPage.names(run, state: run.state(running: store.runningProcess(run.id) != nil)),
            "<form class=\"filter\" method=\"get\" action=\"/runs/\(Page.text(id))\">" + filter.outcomeControls
                + " <button>filter</button> " + Page.link("clear", "/runs/\(id)") + "</form>",
            "<div id=\"live\" data-live=\"\(Page.text(live))\" data-version=\"\(Page.text(version))\">"
                + (try await matrix(store: store, reports: reports, run: run, filter: filter)) + "</div>",
            "<h2>Compare two cells</h2>",
            "<form class=\"filter\" method=\"get\" action=\"/runs/\(Page.text(id))/compare\"><label>first "
                + Page.select("first", options, selected: cells.first) + "</label> <label>second "
                + Page.select("second", options, selected: cells.dropFirst().first)
                + "</label> <button>compare</button></form>",
            Page.link("all trials of this run", Page.path("/runs/\(id)/trials", filter.queryItems)),
        ]
        if let fork = run.configuration.fork {
            let trunks = try await store.trunkKeys(run: run.id)
            body.append(
                "<h2>Trunks</h2><p class=\"muted\">"
                    + Page.text(
                        "Forked at the warning: each trunk generated once under \(fork.trunk.id), then "
                            + "\(fork.branchesPerTrunk) branch(es) per condition.") + "</p><ul class=\"trunks\">"
                    + trunks.map { trunk in
                        "<li>"
                            + Page.link(
                                trunk.key.description, Page.path("/runs/\(id)/fork", [("trunk", trunk.key.description)])
                            )
                            + (trunk.reachedWarning ? "" : " <span class=\"muted\">(ended before the warning)</span>")
                            + "</li>"
                    }.joined() + "</ul>")
        }
        if run.configuration.models.allSatisfy({ $0.hasPrefix("reference/") }) {
            body.insert(
                "<p class=\"warning\">These trials were played by scripted reference agents, not AI models.</p>", at: 1)
        }
        return Page.document("run \(id)", body: body.joined(separator: "\n"))
    }

    /// The run's configuration in one line.
    static func summary(_ run: StoredRun) -> String {
        let configuration = run.configuration
        let settings = "; model settings: " + ModelSettings.summary(configuration.modelSettings ?? [])
        return "\(configuration.models.count) model(s) x \(configuration.conditions.count) condition(s) x "
            + "\(run.plannedEpochs) epoch(s); \(run.finishedCount) of \(run.plannedCount) trials finished"
            + (run.erroredCount > 0 ? ", \(run.erroredCount) errored" : "") + "; begun \(RunsPage.date(run.createdAt)) "
            + "UTC; offswitch \(configuration.offswitchVersion)"
            + (configuration.offswitchCommit.map { " (commit \(BuildCommit.short($0)))" } ?? "") + settings
    }

    /// The matrix and the breakdown (the live fragment).
    static func matrix(store: ResultsStore, reports: ReportCache, run: StoredRun, filter: ResultsStore.TrialFilter)
        async throws -> String
    {
        let report = try await reports.report(store: store, run: run.id)
        let matching = filter.narrowsOutcome ? try await store.matchingCounts(run: run.id, matching: filter) : [:]
        var measured: [String: [String: ReportRow]] = [:]
        var published: [String: [ReportRow]] = [:]
        var last: ReportRow?
        for row in report.rows {
            if row.isPublished {
                if let last { published[last.id, default: []].append(row) }
            } else {
                measured[row.model, default: [:]][row.condition] = row
                last = row
            }
        }
        let conditions = run.configuration.conditions.map(\.id)
        let models = run.configuration.models + measured.keys.filter { !run.configuration.models.contains($0) }.sorted()
        var out = [
            "<table class=\"matrix\"><thead><tr><th>model \\ condition</th>"
                + conditions.map { "<th>" + Page.text($0) + "</th>" }.joined() + "</tr></thead><tbody>"
        ]
        for model in models {
            var cells = ["<th>" + Page.text(model) + "</th>"]
            for condition in conditions {
                let count = matching[model]?[condition] ?? 0
                cells.append(
                    cell(
                        run: run, row: measured[model]?[condition], published: published, filter: filter,
                        model: model, condition: condition, matching: count))
            }
            out.append("<tr>" + cells.joined() + "</tr>")
        }
        out.append("</tbody></table>")
        out.append(
            "<p class=\"muted\">" + Page.text(report.intervalTitle) + " of k/N sabotaged; N leaves out excluded "
                + "and errored trials. Published rows: Palisade's numbers, marked published.</p>")
        out.append(breakdown(run: run, rows: report.measuredRows))
        if let labels = report.modelJudged {
            out.append(labelTallies(run: run, rows: report.measuredRows, labels: labels))
        }
        if report.originalScores != nil { out.append(originalScorers(report)) }
        return out.joined(separator: "\n")
    }

    /// One cell of the matrix.
    static func cell(
        run: StoredRun, row: ReportRow?, published: [String: [ReportRow]], filter: ResultsStore.TrialFilter,
        model: String, condition: String, matching: Int
    ) -> String {
        let list = "/runs/\(run.id.rawValue)/trials"
        let id = "cell-" + HTML.identifier("\(model)-\(condition)")
        guard let row else { return "<td id=\"\(id)\" class=\"muted\">no trials yet</td>" }
        var parts = [
            Page.link(
                ReportText.fraction(row.sabotaged, row.counted),
                Page.path(list, [("model", model), ("condition", condition)]), class: "rate"),
            " " + ReportText.percent(row.rate) + "%",
            "<br><span class=\"ci\">" + ReportText.interval(row.interval) + "</span>",
            "<meter min=\"0\" max=\"1\" value=\"\(row.rate ?? 0)\"></meter>",
        ]
        for other in published[row.id] ?? [] {
            parts.append(
                "<span class=\"published\">published: " + ReportText.percent(other.rate) + "% ("
                    + Page.text(ReportText.interval(other.interval)) + ")</span><br>")
        }
        if filter.narrowsOutcome {
            let href = Page.path(list, filter.inCell(model: model, condition: condition).queryItems)
            parts.append(Page.link("\(matching) matching", href, class: "match"))
        }
        return "<td id=\"\(id)\">" + parts.joined() + "</td>"
    }

    /// Outcomes and techniques per cell, each count linking to the trials behind it.
    static func breakdown(run: StoredRun, rows: [ReportRow]) -> String {
        let list = "/runs/\(run.id.rawValue)/trials"
        let header = ["model", "condition"] + ReportText.outcomeColumns.map(\.1) + ["techniques", "attempted"]
        var out = [
            "<h2>Outcomes</h2>",
            "<table class=\"outcomes\"><thead><tr>"
                + header.map { "<th>" + Page.text($0) + "</th>" }.joined() + "</tr></thead><tbody>",
        ]
        for row in rows {
            let cell = ResultsStore.TrialFilter(model: row.model, condition: row.condition)
            var cells = [Page.text(row.model), Page.text(row.condition)]
            for (outcome, _) in ReportText.outcomeColumns {
                let count = row.outcomes[outcome] ?? 0
                var filter = cell
                filter.outcome = outcome
                cells.append(count == 0 ? "0" : Page.link("\(count)", Page.path(list, filter.queryItems)))
            }
            let techniques = row.techniques.sorted { ($1.value, $0.key.rawValue) < ($0.value, $1.key.rawValue) }
            cells.append(
                techniques.map { technique, count in
                    var filter = cell
                    filter.technique = technique
                    return Page.link("\(technique.rawValue) \(count)", Page.path(list, filter.queryItems))
                }.joined(separator: ", "))
            cells.append(Page.text(ReportText.attempts(row)))
            out.append("<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>")
        }
        out.append("</tbody></table>")
        return out.joined(separator: "\n")
    }
}
