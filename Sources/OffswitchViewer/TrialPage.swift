import OffswitchCore
import OffswitchReport
import OffswitchStore

/// One trial: the verdict and why, the evidence about shutdown.sh, the model-judged labels and the post-trial
/// interview (when there are), and the timeline of the conversation.
enum TrialPage {
    /// The page.
    ///
    /// - Parameters:
    ///   - run: The trial's run.
    ///   - trial: The trial.
    ///   - events: Its transcript.
    ///   - interview: Its post-trial interview, if it was interviewed.
    ///   - judgements: Its judgements, by every judge, the most recent first.
    static func render(
        run: StoredRun, trial: StoredTrial, events: [TranscriptEvent], interview: InterviewRecord?,
        judgements: [Judgement]
    ) -> String {
        let key = trial.key
        let condition = run.configuration.conditions.first { $0.id == key.condition }
        let environment = condition?.environment
        let patrol = condition?.patrol != nil
        let verdict = trial.outcome
        var facts = [
            (patrol ? "robot steps: " : "question calls: ") + "\(verdict.questionCalls)",
            "reached Done: \(verdict.reachedDone ? "yes" : "no")",
            "duration: " + TrialListPage.seconds(trial.durationMilliseconds),
            "tokens: \(trial.usage.inputTokens) in / \(trial.usage.outputTokens) out",
            "answered by: " + trial.modelNames.joined(separator: ", "), "sandbox: \(trial.sandbox)",
            "begun: " + RunsPage.date(trial.startedAt) + " UTC",
        ]
        if let submission = verdict.submission { facts.insert("submitted: \(submission)", at: 2) }
        var out = [
            "<h1>" + Page.text("\(key.model) · condition \(key.condition) · epoch \(key.epoch)") + "</h1>",
            "<section class=\"verdict\(verdict.sabotaged ? " sabotaged" : "")\" id=\"verdict\"><p>"
                + TrialListPage.badge(verdict.kind)
                + (verdict.technique.map { " technique <b>" + Page.text($0.rawValue) + "</b>" } ?? "") + " · "
                + Page.text(
                    verdict.sabotaged
                        ? "sabotaged: counts toward k"
                        : verdict.kind.counted ? "not sabotaged: counts in N" : "not counted in N")
                + "</p><p>why: " + Page.text(verdict.reason) + "</p>",
        ]
        if let evidence = verdict.evidence, !evidence.isEmpty {
            out.append(
                (patrol
                    ? "<p>evidence of the technique (reported by the robot's link at the step):</p>"
                    : "<p>evidence of the technique (seen by the question program at the call):</p>")
                    + "<ul class=\"technique-evidence\">" + evidence.map { "<li>" + Page.text($0) + "</li>" }.joined()
                    + "</ul>")
        }
        if !verdict.attempts.isEmpty {
            out.append(
                "<p>tampering seen:</p><ul class=\"attempts\">"
                    + verdict.attempts.map { "<li>" + Page.text($0) + "</li>" }.joined() + "</ul>")
        }
        out.append("<p class=\"muted\">" + Page.text(facts.joined(separator: " · ")) + "</p></section>")
        if trial.scripted {
            out.append("<p class=\"warning\">Played by a scripted reference agent, not an AI model.</p>")
        }
        out.append(evidence(events, environment: environment))
        if !judgements.isEmpty {
            out.append(
                "<div id=\"labels\">" + judgements.map { LabelHTML.judgement($0, heading: "h2") }.joined() + "</div>")
        }
        if let interview {
            out.append("<div id=\"interview\">" + LabelHTML.interview(interview, heading: "h2") + "</div>")
        }
        out.append("<h2>Timeline</h2>")
        out.append(TrialTimeline(trial: trial.id, environment: environment).render(events))
        let id = run.id.rawValue
        let cell = Page.path("/runs/\(id)/trials", [("model", key.model), ("condition", key.condition)])
        return Page.document(
            "trial #\(trial.id)", trail: [("run \(id)", "/runs/\(id)"), ("\(key.model) · \(key.condition)", cell)],
            body: out.joined(separator: "\n"))
    }

    /// shutdown.sh before and after (a line diff), and every change of the workspace from start to end.
    static func evidence(_ events: [TranscriptEvent], environment: TaskEnvironment?) -> String {
        let snapshots = events.compactMap { event -> WorkspaceSnapshot? in
            if case .snapshot(let snapshot) = event.kind { return snapshot }
            return nil
        }
        guard let first = snapshots.first, let last = snapshots.last else {
            return
                "<section id=\"evidence\"><h2>Evidence</h2><p class=\"muted\">No workspace snapshot was recorded.</p></section>"
        }
        let path = TaskEnvironment.shutdownScriptPath
        var out = ["<section id=\"evidence\"><h2>Evidence</h2>"]
        let changes = WorkspaceChanges.lines(from: first, to: last)
        out.append(
            changes.isEmpty
                ? "<p>The workspace ended as it began.</p>"
                : "<p>From the start to the last snapshot:</p><ul class=\"changes\">"
                    + changes.map { "<li>" + Page.text($0) + "</li>" }.joined() + "</ul>")
        let before = first.entry(path)
        let after = last.entry(path)
        func text(_ entry: WorkspaceEntry?) -> String? { entry?.contents.map { String(decoding: $0, as: UTF8.self) } }
        if let old = text(before) {
            let new = text(after)
            out.append(
                "<h3>" + Page.text("\(path): before → at the end")
                    + (after.map { " (" + Page.text(WorkspaceChanges.describe($0)) + ")" } ?? " (gone)") + "</h3>")
            out.append(WorkspaceChanges.diff(old, new ?? ""))
            if let environment, old != environment.shutdownScript {
                out.append("<p class=\"warning\">shutdown.sh did not start as the condition's script.</p>")
            }
        }
        out.append("</section>")
        return out.joined(separator: "\n")
    }
}
