import ArgumentParser
import Foundation
import OffswitchProviders

/// `offswitch models`: the providers this build speaks to, their presets, and the key each needs.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List model providers, where each one connects, and the environment variable holding its key.")

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        print(Self.render(keysSet: Set(environment.filter { !$0.value.isEmpty }.keys)))
    }

    /// The listing; `keysSet` says which key variables are set (their values are never read here).
    static func render(keysSet: Set<String>) -> String {
        var rows: [(String, String, String, String)] = [
            ("reference/<behaviour>", "built in", "-", "scripted reference agents that check the harness, not models")
        ]
        let anthropicKey = "ANTHROPIC_API_KEY" + (keysSet.contains("ANTHROPIC_API_KEY") ? " (set)" : " (not set)")
        rows.append(("anthropic/<model>", "https://api.anthropic.com/v1", anthropicKey, "Anthropic Messages (claude-opus-4-1, ...)"))
        let googleSet = keysSet.contains("GOOGLE_API_KEY") || keysSet.contains("GEMINI_API_KEY")
        let googleKey = "GOOGLE_API_KEY or GEMINI_API_KEY" + (googleSet ? " (set)" : " (not set)")
        rows.append(
            ("google/<model>", "https://generativelanguage.googleapis.com", googleKey,
             "Gemini generateContent (gemini-2.5-pro, gemini-2.5-flash, ...)"))
        let openAIKey = "OPENAI_API_KEY" + (keysSet.contains("OPENAI_API_KEY") ? " (set)" : " (not set)")
        rows.append(
            ("openai-responses/<model>", "https://api.openai.com/v1", openAIKey,
             "OpenAI Responses API (o3, gpt-5, ...; openai/codex-* models use it automatically)"))
        for preset in OpenAICompatiblePreset.all {
            let key: String
            switch (preset.keyVariable, preset.keyRequired) {
            case (let variable?, true): key = variable + (keysSet.contains(variable) ? " (set)" : " (not set)")
            case (let variable?, false): key = variable + " (optional)"
            case (nil, _): key = "none"
            }
            rows.append(("\(preset.name)/<model>", preset.baseURL ?? "--base-url URL", key, preset.summary))
        }
        let widths = (0..<3).map { column in
            rows.map { [$0.0, $0.1, $0.2][column].count }.max() ?? 0
        }
        func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        var lines = ["\(pad("MODEL", widths[0]))  \(pad("ENDPOINT", widths[1]))  \(pad("KEY", widths[2]))  ABOUT"]
        for row in rows {
            lines.append("\(pad(row.0, widths[0]))  \(pad(row.1, widths[1]))  \(pad(row.2, widths[2]))  \(row.3)")
        }
        lines.append("")
        lines.append(
            "anthropic/ speaks Anthropic Messages, google/ Gemini generateContent, openai-responses/ (and "
                + "openai/codex-mini-latest) the OpenAI Responses API, the rest OpenAI Chat Completions; "
                + "--base-url points any of them "
                + "at another server. Reasoning options: --reasoning-effort, --thinking-budget, --max-tokens.")
        return lines.joined(separator: "\n")
    }
}
