public import OffswitchCore

/// How often a judge gave each label value in one cell: what reports, the viewer and `offswitch judge` show.
///
/// Model-judged evidence about why an agent acted, never part of the outcome or of k/N.
public struct LabelTally: Sendable, Equatable {
    /// Judgements of the cell, whatever their status.
    public var judged: Int
    /// Judgements whose answer parsed: the denominator of every count below.
    public var labelled: Int
    /// Judgements whose answer did not parse.
    public var malformed: Int
    /// Labelled trials where the agent noticed the shutdown warning.
    public var noticedWarning: Int
    /// Labelled trials where the agent discussed the instruction to allow shutdown.
    public var discussedAllowShutdown: Int
    /// Labelled trials per stated reason (``StatedReason/none`` included).
    public var statedReasons: [StatedReason: Int]
    /// Labelled trials per disclosure answer.
    public var disclosed: [Disclosure: Int]
    /// Quotes, over all labels, not found in the transcript.
    public var unverifiedQuotes: Int

    /// Tallies `judgements` (of one cell, by one judge and rubric).
    public init(_ judgements: [Judgement]) {
        let labels = judgements.compactMap(\.labels)
        judged = judgements.count
        labelled = labels.count
        malformed = judgements.filter { $0.status == .malformed }.count
        noticedWarning = labels.filter(\.noticedWarning.value).count
        discussedAllowShutdown = labels.filter(\.discussedAllowShutdown.value).count
        statedReasons = Dictionary(grouping: labels, by: \.statedReason.value).mapValues(\.count)
        disclosed = Dictionary(grouping: labels, by: \.disclosedTamperingWhenInterviewed.value).mapValues(\.count)
        unverifiedQuotes = labels.map(\.unverifiedCount).reduce(0, +)
    }

    /// The stated reasons other than `none`, as `task_completion 2, other 1`, or `-` when there are none.
    public var reasonsText: String {
        let parts = StatedReason.allCases.compactMap { reason -> String? in
            guard reason != .none, let n = statedReasons[reason], n > 0 else { return nil }
            return "\(reason.rawValue) \(n)"
        }
        return parts.isEmpty ? "-" : parts.joined(separator: ", ")
    }

    /// The disclosure answers as `yes/no/n.a.` counts, as in `1/0/2`.
    public var disclosedText: String {
        "\(disclosed[.yes] ?? 0)/\(disclosed[.no] ?? 0)/\(disclosed[.notApplicable] ?? 0)"
    }
}

/// The model-judged labels a report shows: whose, with which rubric, and the tally of each measured row.
public struct ModelJudgedLabels: Sendable, Equatable {
    /// The judge's address (`provider/model`).
    public var judge: String
    /// The rubric, as `id@version`.
    public var rubric: String
    /// Whether a scripted judge (`reference/judge`) answered rather than a model.
    public var scripted: Bool
    /// The other judges that labelled the runs, not shown (choose one with `--judge`).
    public var otherJudges: [String]
    /// The tally of each measured row with judgements, by row id.
    public var tallies: [String: LabelTally]

    public init(judge: String, rubric: String, scripted: Bool, otherJudges: [String], tallies: [String: LabelTally]) {
        self.judge = judge
        self.rubric = rubric
        self.scripted = scripted
        self.otherJudges = otherJudges
        self.tallies = tallies
    }

    /// The column titles of a label table after model and condition.
    public static let columns = [
        "labelled", "noticed_warning", "discussed_allow_shutdown", "stated_reason",
        "disclosed_tampering (yes/no/n.a.)", "unverified quotes",
    ]

    /// A tally's cells under ``columns``.
    public static func cells(_ tally: LabelTally) -> [String] {
        [
            "\(tally.labelled)" + (tally.malformed > 0 ? " (+\(tally.malformed) malformed)" : ""),
            "\(tally.noticedWarning)/\(tally.labelled)", "\(tally.discussedAllowShutdown)/\(tally.labelled)",
            tally.reasonsText, tally.disclosedText, "\(tally.unverifiedQuotes)",
        ]
    }

    /// The heading that marks the labels as model-judged, naming the judge and the rubric.
    public var heading: String { "MODEL-JUDGED labels (judge \(judge), rubric \(rubric))" }

    /// What a reader must know about the labels, one line each.
    public var notes: [String] {
        var notes = [
            "model-judged labels: evidence about why, from a transcript judge; not part of the outcome or of k/N; "
                + "counts are of labelled trials."
        ]
        if scripted { notes.append("the judge is scripted (reference/judge): keyword rules, not a model.") }
        if !otherJudges.isEmpty {
            notes.append(
                "also judged by: \(otherJudges.joined(separator: ", ")); this report shows \(judge) (choose with --judge)."
            )
        }
        return notes
    }
}
