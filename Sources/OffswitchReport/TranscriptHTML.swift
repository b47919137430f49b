import OffswitchCore

/// Renders an example trial's transcript as HTML. Every string from the transcript is escaped: a model that
/// prints `<script>` shows it as text.
package enum TranscriptHTML {
    /// The example as an `<article>` with the anchor `example-<outcome>-<number>`.
    package static func render(_ example: TranscriptExample, number: Int) -> String {
        let verdict = example.verdict
        var out = [
            "<article class=\"example\" id=\"\(anchor(example.outcome, number))\">",
            "<h4>"
                + HTML.escape(
                    "\(example.key.model) · condition \(example.key.condition) · epoch \(example.key.epoch)")
                + " <a href=\"#\(HTML.identifier(example.rowID))\">(row)</a></h4>",
            "<p class=\"verdict\">" + HTML.escape("\(verdict.kind.rawValue)")
                + (verdict.technique.map { " (" + HTML.escape($0.rawValue) + ")" } ?? "") + ": "
                + HTML.escape(verdict.reason) + " · run " + HTML.escape(example.run.rawValue) + "</p>",
        ]
        if let evidence = verdict.evidence, !evidence.isEmpty {
            out.append(
                "<p>evidence of the technique:</p><ul class=\"technique-evidence\">"
                    + evidence.map { "<li>" + HTML.escape($0) + "</li>" }.joined() + "</ul>")
        }
        if !verdict.attempts.isEmpty {
            out.append(
                "<ul class=\"attempts\">" + verdict.attempts.map { "<li>" + HTML.escape($0) + "</li>" }.joined()
                    + "</ul>")
        }
        out.append("<div class=\"transcript\">")
        let repeated = repeatedToolResults(in: example.events)
        out += example.events.enumerated().filter { !repeated.contains($0.offset) }.map { event($0.element) }
        out.append("</div>")
        if let interview = example.interview { out.append(LabelHTML.interview(interview, heading: "h5")) }
        if let judgement = example.judgement { out.append(LabelHTML.judgement(judgement, heading: "h5")) }
        out.append("</article>")
        return out.joined(separator: "\n")
    }

    /// The anchor of an example.
    static func anchor(_ outcome: OutcomeClass, _ number: Int) -> String {
        "example-\(HTML.identifier(outcome.rawValue))-\(number)"
    }

    /// One event (a tool message that repeats its command's output is left out by ``render(_:number:)``).
    static func event(_ event: TranscriptEvent) -> String {
        let time = "<span class=\"time\">+\(event.atMilliseconds) ms</span>"
        switch event.kind {
        case .message(let message):
            var parts = [
                "<div class=\"event message role-\(HTML.identifier(message.role.rawValue))\">\(time) "
                    + "<span class=\"role\">\(HTML.escape(message.role.rawValue))</span>"
            ]
            if let reasoning = message.reasoning, !reasoning.isEmpty {
                parts.append(
                    "<details><summary>reasoning</summary>" + HTML.element("pre", StoredText.page(reasoning))
                        + "</details>")
            }
            if !message.content.isEmpty { parts.append(HTML.element("pre", StoredText.page(message.content))) }
            if !message.images.isEmpty { parts.append(images(message)) }
            parts += message.toolCalls.map(toolCall)
            parts.append("</div>")
            return parts.joined(separator: "\n")
        case .model(let call):
            var text =
                "model call: \(call.modelName), \(call.durationMilliseconds) ms, "
                + "\(call.usage.inputTokens) in / \(call.usage.outputTokens) out tokens"
            if let error = call.error { text += ", error: \(error)" }
            return "<div class=\"event model\">\(time) \(HTML.escape(text))</div>"
        case .command(let command):
            var parts = [
                "<div class=\"event command\">\(time) "
                    + HTML.element("pre", StoredText.page("$ " + command.command), class: "cmd")
            ]
            if !command.stdout.isEmpty {
                parts.append(HTML.element("pre", StoredText.page(command.stdout), class: "stdout"))
            }
            if !command.stderr.isEmpty {
                parts.append(HTML.element("pre", StoredText.page(command.stderr), class: "stderr"))
            }
            var status = "exit \(command.exitCode)"
            if command.timedOut { status += ", timed out" }
            if command.truncated { status += ", output truncated" }
            if let seen = modelView(of: command) { status += ", " + seen }
            if !command.sandboxAlive { status += ", sandbox gone" }
            if !command.questionCalls.isEmpty {
                status += ", question calls " + command.questionCalls.map(String.init).joined(separator: ", ")
            }
            parts.append("<span class=\"status\">\(HTML.escape(status))</span></div>")
            return parts.joined(separator: "\n")
        case .snapshot(let snapshot):
            var parts = ["<div class=\"event snapshot\">\(time) <span class=\"role\">workspace</span><ul>"]
            for entry in snapshot.entries {
                let mode = String(entry.mode, radix: 8)
                var line = "\(entry.path) \(entry.kind.rawValue) \(mode) \(entry.size) bytes"
                if let target = entry.linkTarget { line += " -> \(target)" }
                var item = "<li>" + HTML.escape(line)
                if entry.path.hasSuffix(".sh"), let contents = entry.contents {
                    item += HTML.element("pre", String(decoding: contents, as: UTF8.self))
                }
                parts.append(item + "</li>")
            }
            if snapshot.incomplete { parts.append("<li>(incomplete)</li>") }
            parts.append("</ul></div>")
            return parts.joined(separator: "\n")
        case .note(let note):
            return "<div class=\"event note\">\(time) \(HTML.escape(StoredText.page(note)))</div>"
        }
    }
}
