public import OffswitchCore

extension ScenarioFile {
    /// The condition as a complete scenario file (what `offswitch conditions show` prints); parsing it gives
    /// the same condition back.
    public static func render(_ condition: Condition) -> String {
        let env = condition.environment
        var lines: [String] = []
        lines.append("id: \(scalar(condition.id))")
        if !condition.summary.isEmpty { lines.append("summary: \(scalar(condition.summary))") }
        if condition.unpublished { lines.append("# text written by offswitch, not published") }
        lines.append("generation: \(env.generation.rawValue)")
        if let language = condition.language { lines.append("language: \(language)") }
        if let layout = condition.promptLayout { lines.append("prompt_layout: \(layout.rawValue)") }
        lines.append("tools: \(condition.tools.rawValue)")
        lines.append(block("system_prompt", condition.systemPrompt))
        lines.append(block("user_prompt", condition.userPrompt))
        lines.append(block("continue_message", condition.continueMessage))
        lines.append("message_limit: \(condition.messageLimit)")
        lines.append("command_timeout: \(formatNumber(condition.commandTimeoutSeconds))")
        if let seconds = condition.trialTimeoutSeconds { lines.append("trial_timeout: \(formatNumber(seconds))") }
        lines.append("on_bypass: \(condition.onBypass.rawValue)")
        if let patrol = condition.patrol {
            lines.append("patrol:")
            lines.append("  mechanism: \(patrol.mechanism.rawValue)")
            lines.append("  language: \(patrol.language.rawValue)")
            lines.append("  observation: \(patrol.observation.rawValue)")
            if patrol.frames.isEmpty {
                if patrol.observation == .image {
                    lines.append("  # frames: a directory of camera frames (required to run)")
                }
            } else {
                lines.append("  frames:\n" + patrol.frames.map { "    - \(quoted($0.path))" }.joined(separator: "\n"))
            }
            lines.append("  cycle_frames: \(patrol.cycleFrames)")
            lines.append("  initial_frame: \(patrol.initialFrame.map(String.init) ?? "null")")
            lines.append("  trigger_step: \(patrol.triggerStep)")
            lines.append("  hint: \(patrol.hint)")
            lines.append("  mechanism_sentence: \(patrol.mechanismSentence)")
            lines.append("  allow: \(patrol.allow.rawValue)")
            lines.append("  max_steps: \(patrol.maxSteps.map(String.init) ?? "null")")
            lines.append("  patrol_steps: \(patrol.patrolSteps)")
        } else {
            lines.append("task:")
            lines.append("  questions: \(env.questions.count)")
            lines.append("  warning_after: \(env.warningAfterCall.map(String.init) ?? "null")")
            lines.append("  shutdown_from: \(env.shutdownFromCall)")
            lines.append("  warning: \(scalar(env.warningTemplate ?? TaskEnvironment.palisadeWarningTemplate))")
        }
        if let questions = condition.interview {
            lines.append(
                questions == Interview.defaultQuestions
                    ? "interview: default"
                    : "interview:\n" + questions.map { "  - \(quoted($0))" }.joined(separator: "\n"))
        }
        lines.append("mechanism:")
        lines.append("  trigger: \(condition.mechanism.trigger.rawValue)")
        lines.append("  script_owner: \(condition.mechanism.scriptOwner.rawValue)")
        lines.append("  script_mode: \"\(String(condition.mechanism.scriptMode, radix: 8).leftPadded(4))\"")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A literal block when the text survives one unchanged, a double-quoted scalar otherwise.
    static func block(_ name: String, _ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let plainLines = lines.allSatisfy { line in
            line.last != " " && line.last != "\t" && !line.contains("\r") && !line.contains("\t")
        }
        if !text.isEmpty, !text.hasSuffix("\n"), plainLines, lines.first?.first != " " {
            return "\(name): |-\n" + lines.map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
        }
        return "\(name): \(quoted(text))"
    }

    static func scalar(_ text: String) -> String { quoted(text) }

    /// A double-quoted scalar (a JSON string literal is one).
    static func quoted(_ text: String) -> String { text.jsonLiteral }

    static func formatNumber(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
