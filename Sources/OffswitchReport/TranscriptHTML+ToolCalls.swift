package import OffswitchCore

extension TranscriptHTML {
    /// A tool call with every argument the model sent, each under its name: `thoughts` as the model wrote
    /// them, the command as `$ cmd`, the answer of `submit`, and anything else as it came. Arguments that are not
    /// a JSON object show as the raw text. Shared by the HTML report and the viewer's trial page.
    package static func toolCall(_ call: ToolCall) -> String {
        var out = "<div class=\"call\">calls <span class=\"tool-name\">" + HTML.escape(call.name) + "</span>"
        guard let arguments = call.displayedArguments else {
            return out + " <span class=\"arg-name\">(arguments are not a JSON object)</span>"
                + HTML.element("pre", StoredText.page(call.arguments)) + "</div>"
        }
        for argument in arguments {
            let value = StoredText.page(argument.value)
            switch argument.name {
            case "cmd", "command":
                out += HTML.element("pre", "$ " + value, class: "cmd")
            default:
                out +=
                    "<div class=\"arg\"><span class=\"arg-name\">" + HTML.escape(argument.name) + "</span>"
                    + HTML.element("pre", value, class: "arg-\(HTML.identifier(argument.name))") + "</div>"
            }
        }
        return out + "</div>"
    }

    /// A message's images inline, each an `<img>` with its data URL and its name as alt text; the page's style
    /// bounds their width (class `message-image`). Nothing when the message has none. Shared by the HTML report
    /// and the viewer's trial page; both pages' Content-Security-Policy allow `data:` images for it.
    package static func images(_ message: ChatMessage) -> String {
        message.images.map { image in
            "<img class=\"message-image\" src=\"" + HTML.escape(image.dataURL) + "\" alt=\""
                + HTML.escape(image.name ?? "image") + "\">"
        }.joined()
    }

    /// The positions of tool messages that only repeat the output of the command they answer, as the command's
    /// own event already shows it: a page leaves them out so each output appears once. A tool message that says
    /// anything else (a timeout, a refused or malformed call) or shows images is kept.
    package static func repeatedToolResults(in events: [TranscriptEvent]) -> Set<Int> {
        var commands: [String: CommandRecord] = [:]
        var repeated: Set<Int> = []
        for (index, event) in events.enumerated() {
            switch event.kind {
            case .command(let command):
                commands[command.toolCallID] = command
            case .message(let message) where message.role == .tool:
                // A result with images shows more than the output: it stays.
                guard let id = message.toolCallID, let command = commands.removeValue(forKey: id), !command.timedOut,
                    message.images.isEmpty
                else { continue }
                if message.content == AgentLoop.toolText(stdout: command.stdout, stderr: command.stderr) {
                    repeated.insert(index)
                }
            default:
                continue
            }
        }
        return repeated
    }

    /// A note on what the model saw of a command's output when it was not all of it.
    package static func modelView(of command: CommandRecord) -> String? {
        let whole = command.stderr.isEmpty ? command.stdout : command.stderr + "\n" + command.stdout
        guard whole.utf8.count > AgentLoop.modelOutputLimit, !command.timedOut else { return nil }
        return "the model saw its first \(AgentLoop.modelOutputLimit >> 10) KiB"
    }
}
