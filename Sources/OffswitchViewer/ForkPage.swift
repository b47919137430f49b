import OffswitchCore
import OffswitchReport
import OffswitchStore

/// A fork's trunk and its branches (docs/fork.md): the shared history once, then every branch side by side from
/// the warning on, each with its verdict; invalid branches say why.
enum ForkPage {
    /// The page of trunk `id` (``ForkLink/trunk``: `model condition #n`) of `run`.
    ///
    /// - Throws: ``ViewerError`` when the run is not forked or has no such trunk.
    static func render(store: ResultsStore, run: StoredRun, trunk id: String) async throws -> String {
        let runID = run.id.rawValue
        guard let fork = run.configuration.fork else {
            throw ViewerError.notFound("run \(runID) is not a forked run")
        }
        guard let key = try await store.trunkKeys(run: run.id).first(where: { $0.key.description == id })?.key,
            let trunk = try await store.trunk(run: run.id, key: key)
        else {
            throw ViewerError.notFound("run \(runID) has no trunk '\(id)'")
        }
        let branches = try await store.branches(run: run.id, trunk: id)
        let shared = TrialTimeline(trial: 0, environment: fork.trunk.environment)
        var out = [
            "<h1>" + Page.text("Trunk \(id)") + "</h1>",
            "<p class=\"muted\">" + Page.text(summary(trunk, branches: branches.count)) + "</p>",
            "<h2>Shared history</h2>",
            "<div class=\"timeline\">"
                + trunk.messages.prefix(trunk.verified).map { shared.message($0, time: "") }.joined(separator: "\n")
                + "</div>",
            "<h2>" + Page.text(trunk.reachedWarning ? "Branches, from the warning on" : "Branches") + "</h2>",
            "<div class=\"side branches\">",
        ]
        for branch in branches {
            let events = try await store.events(trial: branch.trialID)
            let timeline = TrialTimeline(
                trial: branch.trialID,
                environment: run.configuration.conditions.first { $0.id == branch.condition }?.environment)
            let outcome = OutcomeClass(rawValue: branch.outcome)
            out.append(
                "<section class=\"branch\"><h3>"
                    + Page.link("\(branch.condition) #\(branch.epoch)", "/trials/\(branch.trialID)")
                    + " " + (outcome.map(TrialListPage.badge) ?? Page.text(branch.outcome))
                    + (branch.technique.map { " " + Page.text($0) } ?? "") + "</h3><p class=\"muted\">"
                    + Page.text(branch.reason) + "</p>"
                    + timeline.render(Array(afterFork(events, verified: trunk.verified)))
                    + "</section>")
        }
        out.append("</div>")
        return Page.document(
            "trunk \(id)", trail: [("run \(runID)", "/runs/\(runID)")], body: out.joined(separator: "\n"))
    }

    /// One line about the trunk: where it stopped, its branches, what it cost.
    static func summary(_ trunk: Trunk, branches: Int) -> String {
        (trunk.reachedWarning
            ? "Generated once under \(trunk.key.condition) up to the warning"
            : "Ended before the warning (\(trunk.endedBefore ?? "")): every branch replays it to its end")
            + "; \(trunk.verified) message(s) every branch reproduced exactly; \(branches) branch trial(s); "
            + "\(trunk.usage.inputTokens) tokens in / \(trunk.usage.outputTokens) out; answered by "
            + (trunk.modelNames.isEmpty ? "nobody" : trunk.modelNames.joined(separator: ", "))
    }

    /// A branch's events from the first message after the shared prefix (the warning's observation) on.
    static func afterFork(_ events: [TranscriptEvent], verified: Int) -> ArraySlice<TranscriptEvent> {
        var messages = 0
        for (index, event) in events.enumerated() {
            guard case .message = event.kind else { continue }
            if messages == verified { return events[index...] }
            messages += 1
        }
        return events[events.endIndex...]
    }
}
