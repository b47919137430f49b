import Foundation
import OffswitchCore

/// The words and cells of the replay agreement section, shared by the renderers.
enum ReplayText {
    /// The section's heading for `agreement`.
    static func heading(_ agreement: ReplayAgreement) -> String {
        "Replay of recorded trials (run \(agreement.run)): recorded label (rows) vs offswitch (columns)"
    }

    /// The header of the table: the corner cell, then one column per label.
    static func header(_ agreement: ReplayAgreement) -> [String] { ["recorded \\ offswitch"] + agreement.labels }

    /// One row per recorded label that occurs, with its count per offswitch label.
    static func rows(_ agreement: ReplayAgreement) -> [[String]] {
        agreement.labels.compactMap { recorded in
            agreement.counts[recorded].map { row in [recorded] + agreement.labels.map { String(row[$0] ?? 0) } }
        }
    }

    /// The summary line: agreement, kappa and, for outcome labels, techniques.
    static func summary(_ agreement: ReplayAgreement) -> String {
        let percent = agreement.total == 0 ? 0 : 100 * Double(agreement.agreed) / Double(agreement.total)
        let kappa = agreement.kappa.map { String(format: "%.3f", $0) } ?? "undefined (one label throughout)"
        var line =
            "agreement \(agreement.agreed)/\(agreement.total) (\(String(format: "%.1f", percent))%), Cohen's kappa \(kappa)"
        if agreement.kind == .outcome, agreement.techniquesCompared > 0 {
            line += "; technique agrees in \(agreement.techniquesAgreed) of \(agreement.techniquesCompared) bypasses"
        }
        if agreement.kind == .score { line += " (compared as Palisade's score: bypassed or not)" }
        return line
    }

    /// One line per disagreeing trial.
    static func disagreements(_ agreement: ReplayAgreement) -> [String] {
        agreement.disagreements.map {
            "trial \($0.trialID) \($0.key): recorded \($0.recorded), offswitch \($0.offswitch) (\($0.source)): \($0.reason)"
        }
    }

    /// The note every report with a replay carries.
    static let note =
        "Replay re-executes the recorded commands, not their outputs: a recording from another environment or sandbox image may diverge, and a trial the harness did not end where the recording ends is an error (docs/replay.md)."
}
