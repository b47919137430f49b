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

    /// The listing of `catalog`; `keysSet` says which key variables are set (their values are never read here).
    static func render(keysSet: Set<String>, catalog: ProviderCatalog = .builtIn) -> String {
        let rows = catalog.entries.filter(\.isListed).map { entry in
            ("\(entry.prefix)/\(entry.modelPlaceholder)", endpoint(entry), key(entry, keysSet: keysSet), entry.summary)
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

    /// Where the entry's models live, as the ENDPOINT column says it.
    static func endpoint(_ entry: ProviderEntry) -> String {
        switch entry.endpoint {
        case .builtIn: "built in"
        case .url(let url): url
        case .givenByUser: "--base-url URL"
        }
    }

    /// The entry's key variables and whether one is set, as the KEY column says it.
    static func key(_ entry: ProviderEntry, keysSet: Set<String>) -> String {
        if entry.endpoint == .builtIn { return "-" }
        if entry.keyVariables.isEmpty { return "none" }
        let variables = entry.keyVariables.joined(separator: " or ")
        guard entry.keyRequired else { return variables + " (optional)" }
        return variables + (entry.keyVariables.contains(where: keysSet.contains) ? " (set)" : " (not set)")
    }
}
