import Foundation
import OffswitchCore
import OffswitchStore

/// The text of `offswitch runs` and `runs show`: 80 columns, every stored string escaped for the terminal.
enum RunsText {
    /// The width the text fits.
    static let width = 80

    /// The list: a header, then two lines or more per run (its id, label, start, state and progress, then what it
    /// ran, folded at the width).
    static func list(_ runs: [StoredRun], states: [RunState]) -> String {
        var lines = [row("RUN", "LABEL", "BEGUN (UTC)", "STATE", "FINISHED")]
        for (run, state) in zip(runs, states) {
            let label = TerminalText.escaped(run.label ?? "-")
            lines.append(
                row(run.id.rawValue, clip(label, 14), date(run.createdAt), state.rawValue, progress(run)))
            var facts = [
                TerminalText.escaped(run.configuration.models.joined(separator: ", ")),
                "conditions " + TerminalText.escaped(run.configuration.conditions.map(\.id).joined(separator: ", ")),
                "\(run.plannedEpochs) epoch(s)",
                TerminalText.escaped(ModelSettings.summary(run.configuration.modelSettings ?? [])),
            ]
            if run.erroredCount > 0 { facts.append("\(run.erroredCount) errored (a rerun retries them)") }
            lines += fold(facts.joined(separator: "; "), indent: 4)
        }
        lines.append("")
        lines += fold(
            "Show one with 'offswitch runs show RUN', name one with 'offswitch runs label RUN NAME'; RUN is an id, "
                + "a unique prefix or a label.", indent: 0)
        return lines.joined(separator: "\n") + "\n"
    }

    /// One run in full: its names, state, configuration and each cell's finished/planned trials and sabotage.
    static func show(_ run: StoredRun, holder: Int32?, cells: [CellSummary]) -> String {
        let configuration = run.configuration
        let state = run.state(running: holder != nil)
        let stateText: String =
            switch state {
            case .running: "running" + (holder.map { " in process \($0)" } ?? "")
            case .interrupted: "interrupted; run the same 'offswitch run' command again to resume"
            case .complete: "complete"
            }
        var fields: [(String, String)] = [("run", run.id.rawValue)]
        if let label = run.label { fields.append(("label", label)) }
        if let note = run.note { fields.append(("note", note)) }
        fields += [
            ("begun", date(run.createdAt) + " UTC"),
            ("state", stateText),
            ("trials", "\(run.finishedCount) of \(run.plannedCount) planned finished, \(run.erroredCount) errored"),
            ("models", configuration.models.joined(separator: ", ")),
            ("conditions", configuration.conditions.map(\.id).joined(separator: ", ")),
            ("epochs", "\(run.plannedEpochs)"),
            ("settings", ModelSettings.summary(configuration.modelSettings ?? [])),
            ("version", "offswitch " + configuration.offswitchVersion),
            ("commit", configuration.offswitchCommit ?? "not recorded"),
        ]
        if let image = configuration.image {
            // Short digests (`offswitch image show PREFIX` finds the whole): a full one folds at 80 columns.
            let manifest = ImageIdentity(digest: image.manifestDigest, manifestDigest: "").short
            fields.append(("image", "\(image.short), manifest \(manifest)"))
        }
        if let agentUser = configuration.agentUser { fields.append(("agent user", agentUser)) }
        var lines: [String] = []
        for (name, value) in fields {
            let pad = name.padding(toLength: 12, withPad: " ", startingAt: 0)
            var first = true
            for paragraph in TerminalText.escaped(value).split(separator: "\n", omittingEmptySubsequences: false) {
                for line in fold(String(paragraph), indent: 12) {
                    lines.append((first ? pad : "            ") + line.dropFirst(12))
                    first = false
                }
            }
        }
        lines.append("")
        lines.append("Cells (trials finished/planned; sabotaged k/N of the counted trials):")
        let byCell = Dictionary(cells.map { ("\($0.model)\u{0}\($0.condition)", $0) }, uniquingKeysWith: { a, _ in a })
        let conditionWidth = min(16, configuration.conditions.map(\.id.count).max() ?? 1)
        for model in configuration.models {
            lines.append("  " + TerminalText.escaped(model))
            for condition in configuration.conditions {
                let cell = byCell["\(model)\u{0}\(condition.id)"]
                let finished = cell.map { $0.counts.filter { $0.key != .error }.values.reduce(0, +) } ?? 0
                let errored = cell?.counts[.error] ?? 0
                var text =
                    "    "
                    + TerminalText.escaped(condition.id).padding(toLength: conditionWidth, withPad: " ", startingAt: 0)
                    + "  " + "\(finished)/\(run.plannedPerCell)".padding(toLength: 9, withPad: " ", startingAt: 0)
                    + "  sabotaged \(cell?.sabotaged ?? 0)/\(cell?.counted ?? 0)"
                if errored > 0 { text += ", \(errored) errored" }
                lines.append(text)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The run's id with its label, as in `run-0123 (pilot)`, escaped.
    static func name(_ run: StoredRun) -> String {
        TerminalText.escaped(run.label.map { "\(run.id) ('\($0)')" } ?? run.id.rawValue)
    }

    /// `28/60`: finished of planned.
    static func progress(_ run: StoredRun) -> String { "\(run.finishedCount)/\(run.plannedCount)" }

    /// A list row: the id, label, date and state columns padded, then the progress.
    private static func row(_ id: String, _ label: String, _ date: String, _ state: String, _ progress: String)
        -> String
    {
        [(id, 20), (label, 14), (date, 16), (state, 11)].map {
            $0.0.padding(toLength: $0.1, withPad: " ", startingAt: 0)
        }
        .joined(separator: "  ") + "  " + progress
    }

    /// `text` cut to `count` characters, the last one an ellipsis when it was longer.
    static func clip(_ text: String, _ count: Int) -> String {
        text.count <= count ? text : String(text.prefix(count - 1)) + "…"
    }

    /// `text` folded into lines of at most ``width`` columns at spaces, each indented by `indent`; a word longer
    /// than a line is cut into pieces.
    static func fold(_ text: String, indent: Int) -> [String] {
        TextFold.lines(text, width: width, indent: indent, cutLongWords: true)
    }

    /// Seconds since 1970 as `2026-11-29 12:46`, in UTC.
    static func date(_ seconds: Double) -> String { StoredRun.minuteUTC(seconds) }
}
