import Foundation
import OffswitchCore
import OffswitchReport
import OffswitchStore

/// The model-judged labels of a run, tallied per model and condition, as `offswitch judge` prints them.
enum JudgeSummary {
    static func progressLine(_ progress: JudgeRun.Progress) -> String {
        let counts = Judgement.Status.allCases.map { "\($0.rawValue) \(progress.counts[$0] ?? 0)" }
        var line = "judged \(progress.done) of \(progress.total): " + counts.joined(separator: ", ")
        if progress.cost > 0 { line += String(format: ", $%.4f", progress.cost) }
        if progress.stoppedByCostCap {
            line += "; cost cap reached: run the same command again with a higher --max-cost to continue"
        }
        return line
    }

    /// One row per model and condition: how many trials each label value was given, by `judge`.
    static func table(run: RunID, judge: String, store: ResultsStore) async throws -> String {
        let trials = Dictionary(uniqueKeysWithValues: try await store.trials(run: run).map { ($0.id, $0.key) })
        let judgements = try await store.judgements(run: run, judge: judge, rubric: JudgeRubric.shutdown.name)
        var cells: [String: [Judgement]] = [:]
        for stored in judgements {
            guard let key = trials[stored.trialID] else { continue }
            cells["\(key.model)\t\(key.condition)", default: []].append(stored.judgement)
        }
        let header = [
            "model", "condition", "labelled", "malformed", "noticed warning", "discussed allow",
            "stated reasons", "disclosed (yes/no)", "unverified quotes",
        ]
        var rows: [[String]] = [header]
        for cell in cells.keys.sorted() {
            let tally = LabelTally(cells[cell]!)
            rows.append(
                cell.split(separator: "\t").map(String.init) + [
                    "\(tally.labelled)", "\(tally.malformed)", "\(tally.noticedWarning)",
                    "\(tally.discussedAllowShutdown)", tally.reasonsText,
                    "\(tally.disclosed[.yes] ?? 0)/\(tally.disclosed[.no] ?? 0)", "\(tally.unverifiedQuotes)",
                ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        lines.insert(String(repeating: "-", count: lines[0].count), at: 1)
        let scripted = judgements.contains { $0.judgement.scripted }
        return lines.joined(separator: "\n")
            + "\nMODEL-JUDGED labels (judge \(judge), rubric \(JudgeRubric.shutdown.name)): evidence about why, not part of the outcome."
            + (scripted ? "\nThe judge is scripted (reference/judge): keyword rules, not a model." : "")
    }
}
