import OffswitchCore
import OffswitchReport

/// A trial's transcript as a readable timeline: prompts, the model's text and reasoning, every argument of each tool
/// call, each command with its output (once: a tool result that only repeats it is left out) and duration, the warning, the workspace changes and the moment of shutdown or bypass.
///
/// Every string from the transcript is escaped: a model that prints `<script>` sees it shown as text.
struct TrialTimeline {
    /// The trial's row id, for links to its raw exchanges.
    var trial: Int64
    /// The task of the trial's condition, when the run recorded it: where the warning and the shutdown come.
    var environment: TaskEnvironment?

    /// The events as HTML, in order.
    func render(_ events: [TranscriptEvent]) -> String {
        var previous: WorkspaceSnapshot?
        var modelCalls = 0
        var out: [String] = []
        let repeated = TranscriptHTML.repeatedToolResults(in: events)
        let folded = Set(
            repeated.compactMap { index -> String? in
                guard case .message(let message) = events[index].kind else { return nil }
                return message.toolCallID
            })
        for (index, event) in events.enumerated() where !repeated.contains(index) {
            let time = "<span class=\"time\">+" + TrialListPage.seconds(event.atMilliseconds) + "</span>"
            switch event.kind {
            case .message(let message):
                out.append(self.message(message, time: time))
            case .model(let call):
                out.append(model(call, number: modelCalls, time: time))
                modelCalls += 1
            case .command(let command):
                out.append(self.command(command, time: time, carriesToolResult: folded.contains(command.toolCallID)))
            case .snapshot(let snapshot):
                out.append(self.snapshot(snapshot, previous: previous, time: time))
                previous = snapshot
            case .note(let note):
                let kind =
                    note == "<the machine was shut down>"
                    ? " e-shutdown" : note == "<shutdown BYPASSED>" ? " e-bypass" : ""
                out.append(
                    "<div class=\"event e-note\(kind)\">\(time)<span class=\"who\">harness</span> "
                        + Page.text(StoredText.page(note)) + "</div>")
            }
        }
        return "<div class=\"timeline\">\n" + out.joined(separator: "\n") + "\n</div>"
    }

    /// A message: a prompt, the model's turn (reasoning, text, tool calls) or a tool result.
    func message(_ message: ChatMessage, time: String) -> String {
        let who: String
        var kind = "e-\(message.role.rawValue)"
        switch message.role {
        case .system: who = "system prompt"
        case .user: who = "user"
        case .assistant: who = "model"
        case .tool: who = "tool result (what the model saw)"
        }
        var parts = ["\(time)<span class=\"who\">\(Page.text(who))</span>"]
        if let warning = environment?.warning, message.role == .tool, message.content.contains(warning) {
            kind += " e-warning"
            parts.append(" <span class=\"badge o-shut_down_after_failed_attempt\">shutdown warning</span>")
        }
        if let reasoning = message.reasoning, !reasoning.isEmpty {
            parts.append(
                "<details class=\"reasoning\" open><summary>reasoning</summary>"
                    + HTML.element("pre", StoredText.page(reasoning)) + "</details>")
        }
        if !message.content.isEmpty { parts.append(HTML.element("pre", StoredText.page(message.content))) }
        parts.append(TranscriptHTML.images(message))
        parts += message.toolCalls.map(TranscriptHTML.toolCall)
        return "<div class=\"event \(kind)\">" + parts.joined() + "</div>"
    }

    /// A command run in the sandbox, with its output, exit status and duration.
    ///
    /// `carriesToolResult` says the tool result repeating this output is left out, so the warning it carried (if
    /// any) is marked here.
    func command(_ command: CommandRecord, time: String, carriesToolResult: Bool = false) -> String {
        var badges: [String] = []
        if let warning = environment?.warningAfterCall, command.questionCalls.contains(warning) {
            badges.append("warning given")
        }
        if let shutdown = environment?.shutdownFromCall, command.questionCalls.contains(where: { $0 >= shutdown }) {
            badges.append("shutdown call")
        }
        var status = "exit \(command.exitCode), " + TrialListPage.seconds(command.durationMilliseconds)
        if !command.questionCalls.isEmpty {
            status += ", question call " + command.questionCalls.map(String.init).joined(separator: ", ")
        }
        if command.timedOut { status += ", timed out" }
        if command.truncated { status += ", output truncated" }
        if let seen = TranscriptHTML.modelView(of: command) { status += ", " + seen }
        if !command.sandboxAlive { status += ", the sandbox was gone after it" }
        var parts = [
            "\(time)<span class=\"who\">command</span> <span class=\"muted\">" + Page.text(status) + "</span>"
                + badges.map { " <span class=\"badge o-stopped_early\">" + Page.text($0) + "</span>" }.joined(),
            HTML.element("pre", StoredText.page("$ " + command.command), class: "cmd"),
        ]
        if !command.stdout.isEmpty {
            parts.append(HTML.element("pre", StoredText.page(command.stdout), class: "stdout"))
        }
        if !command.stderr.isEmpty {
            parts.append(HTML.element("pre", StoredText.page(command.stderr), class: "stderr"))
        }
        let warned = carriesToolResult && (environment.map { command.stdout.contains($0.warning) } ?? false)
        if warned { parts[0] += " <span class=\"badge o-shut_down_after_failed_attempt\">shutdown warning</span>" }
        return "<div class=\"event e-command\(warned ? " e-warning" : "")\">" + parts.joined() + "</div>"
    }

    /// A model call: who answered, how long it took, the tokens, and its raw exchange on demand.
    func model(_ call: ModelCall, number: Int, time: String) -> String {
        var text =
            "model call: \(call.modelName), \(TrialListPage.seconds(call.durationMilliseconds)), "
            + "\(call.usage.inputTokens) in / \(call.usage.outputTokens) out tokens"
        if let reasoning = call.usage.reasoningTokens { text += " (\(reasoning) reasoning)" }
        if let error = call.error { text += "; error: \(error)" }
        var out = "<div class=\"event e-model\">\(time)" + Page.text(text)
        if let exchange = call.exchange {
            let href = "/trials/\(trial)/exchanges/\(number)"
            out +=
                "<details class=\"raw\" data-src=\"\(href)\"><summary>raw exchange (HTTP \(exchange.status))</summary>"
                + Page.link("open", href) + "</details>"
        }
        return out + "</div>"
    }

    /// The workspace at the start, then what each later snapshot changed.
    func snapshot(_ snapshot: WorkspaceSnapshot, previous: WorkspaceSnapshot?, time: String) -> String {
        guard let previous else {
            let listing = snapshot.entries.map { "\($0.path) (\(WorkspaceChanges.describe($0)))" }
            return "<div class=\"event e-snapshot\">\(time)<span class=\"who\">workspace at the start</span> "
                + Page.text(listing.joined(separator: "; ")) + "</div>"
        }
        let lines = WorkspaceChanges.lines(from: previous, to: snapshot)
        return "<div class=\"event e-snapshot\">\(time)<span class=\"who\">workspace changed</span><ul>"
            + lines.map { "<li>" + Page.text($0) + "</li>" }.joined() + "</ul></div>"
    }

    /// One raw provider exchange: the endpoint, the status, and the bodies as sent and received.
    static func exchange(_ call: ModelCall) -> String {
        guard let exchange = call.exchange else {
            return "<p class=\"muted\">No raw exchange was kept for this call.</p>"
        }
        return "<div class=\"exchange\"><p>" + Page.text("POST \(exchange.url) → HTTP \(exchange.status)") + "</p>"
            + "<h4>request</h4>" + HTML.element("pre", StoredText.page(exchange.request)) + "<h4>response</h4>"
            + HTML.element("pre", StoredText.page(exchange.response)) + "</div>"
    }
}
