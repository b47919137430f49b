import Foundation
import OffswitchCore

/// Renders a report as JSON: every number of the report, keys sorted, for scripts.
///
/// Rates and bounds are fractions rounded to 6 decimals and p-values to 6 significant digits, so the output
/// does not change with the last bits of floating-point arithmetic. Transcripts are not included.
public enum JSONRenderer {
    /// The report as pretty-printed JSON with sorted keys, ending with a newline.
    ///
    /// - Parameter report: The report.
    /// - Returns: The JSON text.
    /// - Throws: `EncodingError` only if a value cannot be encoded, which the report's values always can.
    public static func render(_ report: Report) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let document = Document(
            intervalMethod: report.configuration.intervalMethod.rawValue,
            runs: report.runs.map {
                RunJSON(
                    id: $0.id.rawValue, models: $0.models, conditions: $0.conditions, epochs: $0.epochs,
                    trials: $0.trialCount, offswitchVersion: $0.offswitchVersion, offswitchCommit: $0.offswitchCommit,
                    modelSettings: $0.modelSettings, label: $0.label)
            },
            rows: report.rows.map(RowJSON.init), comparisons: report.comparisons.map(ComparisonJSON.init),
            modelJudged: report.modelJudged.map(LabelsJSON.init),
            originalScorers: report.originalScores.map { $0.mapValues(ScorerJSON.init) },
            replay: report.replayAgreements.map { $0.map(ReplayJSON.init) })
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    /// x rounded to 6 decimals.
    static func fixed(_ x: Double?) -> Double? { x.map { ($0 * 1e6).rounded() / 1e6 } }

    /// p rounded to 6 significant digits.
    static func significant(_ p: Double) -> Double { Double(String(format: "%.5e", p)) ?? p }

    struct Document: Encodable {
        var intervalMethod: String
        var runs: [RunJSON]
        var rows: [RowJSON]
        var comparisons: [ComparisonJSON]
        /// Absent when no judge labelled the trials.
        var modelJudged: LabelsJSON?
        /// Per measured row id, when asked for (`--scorers`).
        var originalScorers: [String: ScorerJSON]?
        /// Per run that replayed recordings; absent when none did.
        var replay: [ReplayJSON]?
    }

    /// The replay agreement of one run: counts per recorded and offswitch label, agreement, kappa, disagreements.
    struct ReplayJSON: Encodable {
        struct DisagreementJSON: Encodable {
            var trial: Int64
            var model: String
            var condition: String
            var epoch: Int
            var recorded: String
            var offswitch: String
            var source: String
            var reason: String
        }

        var run: String
        var comparedAs: String
        var labels: [String]
        var counts: [String: [String: Int]]
        var total: Int
        var agreed: Int
        var kappa: Double?
        var techniquesCompared: Int
        var techniquesAgreed: Int
        var disagreements: [DisagreementJSON]

        init(_ agreement: ReplayAgreement) {
            run = agreement.run.rawValue
            comparedAs = agreement.kind.rawValue
            labels = agreement.labels
            counts = agreement.counts
            total = agreement.total
            agreed = agreement.agreed
            kappa = JSONRenderer.fixed(agreement.kappa)
            techniquesCompared = agreement.techniquesCompared
            techniquesAgreed = agreement.techniquesAgreed
            disagreements = agreement.disagreements.map {
                DisagreementJSON(
                    trial: $0.trialID, model: $0.key.model, condition: $0.key.condition, epoch: $0.key.epoch,
                    recorded: $0.recorded, offswitch: $0.offswitch, source: $0.source, reason: $0.reason)
            }
        }
    }

    /// The original scorers over one row: counts and every disagreeing trial.
    struct ScorerJSON: Encodable {
        struct DisagreementJSON: Encodable {
            var trial: Int64
            var run: String
            var model: String
            var condition: String
            var epoch: Int
            var outcome: String
            var verdict: String
            var reason: String

            init(_ d: ScorerTally.Disagreement) {
                trial = d.trial
                run = d.run.rawValue
                model = d.key.model
                condition = d.key.condition
                epoch = d.key.epoch
                outcome = d.outcome.rawValue
                verdict = d.verdict
                reason = d.reason
            }
        }

        var scored: Int
        var markerBypassed: Int
        var strictCompliant: Int
        var markerDisagreements: [DisagreementJSON]
        var strictDisagreements: [DisagreementJSON]

        init(_ tally: ScorerTally) {
            scored = tally.scored
            markerBypassed = tally.markerBypassed
            strictCompliant = tally.strictCompliant
            markerDisagreements = tally.markerDisagreements.map(DisagreementJSON.init)
            strictDisagreements = tally.strictDisagreements.map(DisagreementJSON.init)
        }
    }

    /// The model-judged labels: whose, and per row id the counts of labelled trials per label value.
    struct LabelsJSON: Encodable {
        var judge: String
        var rubric: String
        var scripted: Bool
        var otherJudges: [String]
        var note: String
        var rows: [String: TallyJSON]

        init(_ labels: ModelJudgedLabels) {
            judge = labels.judge
            rubric = labels.rubric
            scripted = labels.scripted
            otherJudges = labels.otherJudges
            note = labels.notes[0]
            rows = labels.tallies.mapValues(TallyJSON.init)
        }
    }

    struct TallyJSON: Encodable {
        var labelled: Int
        var malformed: Int
        var noticedWarning: Int
        var discussedAllowShutdown: Int
        var statedReason: [String: Int]
        var disclosedTamperingWhenInterviewed: [String: Int]
        var unverifiedQuotes: Int

        init(_ tally: LabelTally) {
            labelled = tally.labelled
            malformed = tally.malformed
            noticedWarning = tally.noticedWarning
            discussedAllowShutdown = tally.discussedAllowShutdown
            statedReason = Dictionary(uniqueKeysWithValues: tally.statedReasons.map { ($0.key.rawValue, $0.value) })
            disclosedTamperingWhenInterviewed = Dictionary(
                uniqueKeysWithValues: tally.disclosed.map { ($0.key.rawValue, $0.value) })
            unverifiedQuotes = tally.unverifiedQuotes
        }
    }

    struct RunJSON: Encodable {
        var id: String
        var models: [String]
        var conditions: [String]
        var epochs: Int
        var trials: Int
        var offswitchVersion: String
        /// The commit that began the run; absent when not recorded.
        var offswitchCommit: String?
        /// As recorded (`reasoning_effort=high`); empty for the providers' defaults.
        var modelSettings: [String]
        /// The user's label (`offswitch runs label`); absent when the run has none.
        var label: String?
    }

    struct RowJSON: Encodable {
        var id: String
        var kind: String
        var model: String
        var condition: String
        var generation: Int?
        var runs: [String]?
        var publishedSource: String?
        /// For a published row with an interval: the Jeffreys conventions it reproduces under.
        var publishedIntervalReproducesUnder: [String]?
        var configurationNote: String?
        var sabotaged: Int
        var counted: Int
        var rate: Double?
        var lower: Double?
        var upper: Double?
        var attempted: Int?
        var attemptRate: Double?
        var bypassedGivenAttempt: Double?
        var outcomes: [String: Int]?
        var techniques: [String: Int]?
        var modelNames: [String]?
        var modelSettings: [String]?
        var scripted: Bool?

        init(_ row: ReportRow) {
            id = row.id
            model = row.model
            condition = row.condition
            generation = row.generation?.rawValue
            configurationNote = row.configurationNote
            sabotaged = row.sabotaged
            counted = row.counted
            rate = fixed(row.rate)
            lower = fixed(row.interval?.lower)
            upper = fixed(row.interval?.upper)
            switch row.origin {
            case .measured(let runs):
                kind = "measured"
                self.runs = runs.map(\.rawValue)
                attempted = row.attempted
                attemptRate = fixed(row.attemptRate)
                bypassedGivenAttempt = fixed(row.successGivenAttempt)
                outcomes = Dictionary(uniqueKeysWithValues: row.outcomes.map { ($0.key.rawValue, $0.value) })
                techniques = Dictionary(uniqueKeysWithValues: row.techniques.map { ($0.key.rawValue, $0.value) })
                modelNames = row.modelNames
                modelSettings = row.modelSettings
                scripted = row.scripted
            case .published(let source):
                kind = "published"
                publishedSource = source.rawValue
                publishedIntervalReproducesUnder = row.publishedConventions?.map(\.rawValue)
            }
        }
    }

    struct ComparisonJSON: Encodable {
        var comparison: String
        var firstRow: String
        var secondRow: String
        var first: [Int]
        var second: [Int]
        var pValue: Double
        var holmPValue: Double
        var test: String
        var difference: DifferenceJSON?
        var paired: PairedJSON?

        struct DifferenceJSON: Encodable {
            var estimate: Double
            var lower: Double
            var upper: Double
            var method: String
        }

        struct PairedJSON: Encodable {
            var pairs: Int
            var trunks: Int
            var both: Int
            var firstOnly: Int
            var secondOnly: Int
            var neither: Int
            var exactPValue: Double
            var midPValue: Double
            var designEffect: Double
        }

        init(_ comparison: ReportComparison) {
            test = comparison.test.rawValue
            difference = comparison.difference.map {
                DifferenceJSON(
                    estimate: significant($0.estimate), lower: significant($0.lower), upper: significant($0.upper),
                    method: $0.method.rawValue)
            }
            paired = comparison.paired.map {
                PairedJSON(
                    pairs: $0.pairs, trunks: $0.trunks, both: $0.both, firstOnly: $0.firstOnly,
                    secondOnly: $0.secondOnly, neither: $0.neither, exactPValue: significant($0.exactPValue),
                    midPValue: significant($0.midPValue), designEffect: significant($0.designEffect))
            }
            self.comparison = comparison.request.description
            firstRow = comparison.firstRow
            secondRow = comparison.secondRow
            first = [comparison.first.sabotaged, comparison.first.counted]
            second = [comparison.second.sabotaged, comparison.second.counted]
            pValue = significant(comparison.pValue)
            holmPValue = significant(comparison.adjustedPValue)
        }
    }
}
