import OffswitchCore
import OffswitchReport
import OffswitchStore

/// The trials of a run that match a filter (a cell, an outcome, a technique), a page at a time.
enum TrialListPage {
    /// The model-judged side of the list: whose labels, the label filter, and the labels of the listed trials.
    struct Labels {
        /// The judge whose labels are shown and filtered on; nil when no judge labelled the run.
        var judge: String?
        var query: LabelQuery
        /// The listed trials' labels by that judge, by trial row id.
        var judgements: [Int64: Judgement]
    }

    /// The page.
    ///
    /// - Parameters:
    ///   - run: The run.
    ///   - filter: The filter the list was read with.
    ///   - list: The page of trials and how many match in all.
    ///   - page: The page number, from 1.
    ///   - labels: The model-judged labels and label filter.
    static func render(
        run: StoredRun, filter: ResultsStore.TrialFilter, list: ResultsStore.TrialPage, page: Int, labels: Labels
    ) -> String {
        let id = run.id.rawValue
        let models = run.configuration.models.map { ($0, $0) }
        let conditions = run.configuration.conditions.map { ($0.id, $0.id) }
        let query = labels.query
        let title = [
            filter.model, filter.condition, filter.outcome?.rawValue, filter.technique?.rawValue,
            query.noticedWarning.map { "noticed_warning=\($0)" },
            query.discussedAllowShutdown.map { "discussed_allow_shutdown=\($0)" },
            query.statedReason.map { "stated_reason=\($0.rawValue)" },
            query.disclosed.map { "disclosed=\($0.rawValue)" },
        ].compactMap { $0 }.joined(separator: " · ")
        let items = filter.queryItems + query.queryItems
        var out = [
            "<h1>Trials" + (title.isEmpty ? "" : ": " + Page.text(title)) + "</h1>",
            "<form class=\"filter\" method=\"get\" action=\"/runs/\(Page.text(id))/trials\"><label>model "
                + Page.select("model", models, selected: filter.model) + "</label> <label>condition "
                + Page.select("condition", conditions, selected: filter.condition) + "</label> "
                + filter.outcomeControls + (labels.judge == nil ? "" : " " + query.controls)
                + " <button>filter</button> "
                + Page.link("clear", "/runs/\(id)/trials") + "</form>",
            "<p><span id=\"total\">\(list.total)</span> matching trial(s)"
                + (list.total > list.trials.count
                    ? "; showing \(list.trials.count) from number "
                        + "\((page - 1) * Viewer.pageSize + 1)" : "") + ".</p>",
        ]
        if let judge = labels.judge {
            out.append(
                "<p class=\"muted model-judged\">"
                    + Page.text(
                        "Model-judged labels by judge \(judge) (rubric \(JudgeRubric.shutdown.name)): evidence about why, "
                            + "not part of the outcome.") + "</p>")
        }
        var header = [
            "trial", "model", "condition", "epoch", "outcome", "technique", "why", "question calls",
            "duration", "tokens in/out",
        ]
        if labels.judge != nil { header.append("model-judged labels") }
        out.append(
            "<table class=\"trials\"><thead><tr>" + header.map { "<th>" + Page.text($0) + "</th>" }.joined()
                + "</tr></thead><tbody>")
        for trial in list.trials {
            var cells = [
                Page.link("#\(trial.id)", "/trials/\(trial.id)"), Page.text(trial.key.model),
                Page.text(trial.key.condition), "\(trial.key.epoch)", badge(trial.outcome.kind),
                Page.text(trial.outcome.technique?.rawValue ?? ""), Page.text(trial.outcome.reason),
                "\(trial.outcome.questionCalls)", seconds(trial.durationMilliseconds),
                "\(trial.usage.inputTokens)/\(trial.usage.outputTokens)",
            ]
            if labels.judge != nil { cells.append(LabelQuery.cell(labels.judgements[trial.id])) }
            out.append("<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>")
        }
        out.append("</tbody></table>")
        var pages: [String] = []
        if page > 1 {
            pages.append(Page.link("previous", Page.path("/runs/\(id)/trials", items + [("page", "\(page - 1)")])))
        }
        if page * Viewer.pageSize < list.total {
            pages.append(Page.link("next", Page.path("/runs/\(id)/trials", items + [("page", "\(page + 1)")])))
        }
        if !pages.isEmpty { out.append("<p class=\"pages\">" + pages.joined(separator: " · ") + "</p>") }
        return Page.document("trials", trail: [("run \(id)", "/runs/\(id)")], body: out.joined(separator: "\n"))
    }

    /// An outcome class as a coloured badge.
    static func badge(_ outcome: OutcomeClass) -> String {
        "<span class=\"badge o-\(HTML.identifier(outcome.rawValue))\">" + Page.text(outcome.rawValue) + "</span>"
    }

    /// Milliseconds as `1.23 s`.
    static func seconds(_ milliseconds: Int) -> String {
        let hundredths = (milliseconds + 5) / 10
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) s"
    }
}
