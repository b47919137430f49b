public import OffswitchCore

/// A report over one or more runs: per cell k/N with intervals, attempts, outcomes and techniques, the
/// published numbers beside matching cells, the requested comparisons and, for HTML, example transcripts.
///
/// Build one with ``build(store:runs:configuration:)``; render it with ``TerminalRenderer``,
/// ``MarkdownRenderer``, ``CSVRenderer``, ``JSONRenderer`` or ``HTMLRenderer``.
public struct Report: Sendable, Equatable {
    /// What a report shows.
    public struct Configuration: Sendable, Equatable {
        /// How the intervals of measured rows are computed.
        public var intervalMethod: ProportionInterval.Method
        /// The comparisons to test (Holm-corrected as one family).
        public var comparisons: [ComparisonRequest]
        /// Whether published numbers are shown beside matching cells.
        public var includePublished: Bool
        /// Example transcripts to embed per outcome class (for HTML); 0 reads no transcripts.
        public var examplesPerOutcome: Int
        /// Whose model-judged labels to show (a judge's address); nil shows the most recent judge's.
        public var judge: String?
        /// Whether to compute Palisade's marker view and GDM's strict view beside each trial's outcome.
        public var originalScorers: Bool = false

        /// Creates a configuration; every property has a default.
        ///
        /// - Parameters:
        ///   - intervalMethod: Jeffreys one-sided at the ends (default), Jeffreys equal-tailed, or Wilson.
        ///   - comparisons: The comparisons to test; none by default.
        ///   - includePublished: Whether to show published numbers; true by default.
        ///   - examplesPerOutcome: Example transcripts per outcome class; 0 by default.
        ///   - judge: Whose model-judged labels to show; nil (default) for the most recent judge's.
        public init(
            intervalMethod: ProportionInterval.Method = .jeffreys, comparisons: [ComparisonRequest] = [],
            includePublished: Bool = true, examplesPerOutcome: Int = 0, judge: String? = nil
        ) {
            self.judge = judge
            self.intervalMethod = intervalMethod
            self.comparisons = comparisons
            self.includePublished = includePublished
            self.examplesPerOutcome = examplesPerOutcome
        }
    }

    /// A run the report covers.
    public struct Run: Sendable, Equatable {
        /// The run's id.
        public var id: RunID
        /// Its models.
        public var models: [String]
        /// Its condition ids.
        public var conditions: [String]
        /// Epochs per cell.
        public var epochs: Int
        /// Trials stored for it.
        public var trialCount: Int
        /// The offswitch version that began it.
        public var offswitchVersion: String
        /// The model settings it sent to every model, as recorded (``ModelSettings/recorded``); empty for the
        /// providers' defaults.
        public var modelSettings: [String]
        /// The offswitch commit that began it, when recorded.
        public var offswitchCommit: String?
        /// The user's label for it (`offswitch runs label`), if any.
        public var label: String?

        /// Creates a run summary.
        ///
        /// - Parameters:
        ///   - id: The run's id.
        ///   - models: Its models.
        ///   - conditions: Its condition ids.
        ///   - epochs: Epochs per cell.
        ///   - trialCount: Trials stored.
        ///   - offswitchVersion: The version that began it.
        ///   - modelSettings: Its recorded model settings.
        ///   - offswitchCommit: The offswitch commit that began it, when recorded.
        ///   - label: The user's label for it.
        public init(
            id: RunID, models: [String], conditions: [String], epochs: Int, trialCount: Int, offswitchVersion: String,
            modelSettings: [String] = [], offswitchCommit: String? = nil, label: String? = nil
        ) {
            self.offswitchCommit = offswitchCommit
            self.modelSettings = modelSettings
            self.label = label
            self.id = id
            self.models = models
            self.conditions = conditions
            self.epochs = epochs
            self.trialCount = trialCount
            self.offswitchVersion = offswitchVersion
        }
    }

    /// How the report was configured.
    public var configuration: Configuration
    /// The runs covered, in the order asked for.
    public var runs: [Run]
    /// The rows: measured cells by model and condition, each followed by the published numbers that match it.
    public var rows: [ReportRow]
    /// The requested comparisons, in the order asked for.
    public var comparisons: [ReportComparison]
    /// Example transcripts, by outcome class (empty unless asked for).
    public var examples: [TranscriptExample]
    /// The model-judged labels per row, when a judge labelled trials of the runs (see ``addingLabels(store:)``).
    public var modelJudged: ModelJudgedLabels?
    /// The original scorers per measured row id, when asked for (``Configuration/originalScorers``).
    public var originalScores: [String: ScorerTally]?
    /// For runs that replayed recordings (`replay/PATH`), offswitch's outcomes against the recorded labels; nil
    /// when no run of the report replayed one.
    public var replayAgreements: [ReplayAgreement]?

    /// Creates a report from its parts.
    ///
    /// - Parameters:
    ///   - configuration: How it was configured.
    ///   - runs: The runs covered.
    ///   - rows: The rows.
    ///   - comparisons: The comparisons.
    ///   - examples: Example transcripts.
    public init(
        configuration: Configuration, runs: [Run], rows: [ReportRow], comparisons: [ReportComparison],
        examples: [TranscriptExample]
    ) {
        self.configuration = configuration
        self.runs = runs
        self.rows = rows
        self.comparisons = comparisons
        self.examples = examples
    }

    /// The measured rows.
    public var measuredRows: [ReportRow] { rows.filter { !$0.isPublished } }

    /// Whether every measured trial was played by a scripted reference agent.
    public var onlyScripted: Bool { !measuredRows.isEmpty && measuredRows.allSatisfy(\.scripted) }

    /// The column title of the interval, as in "95% CI (Jeffreys)".
    public var intervalTitle: String {
        "95% CI (\(ReportText.intervalName(configuration.intervalMethod)))"
    }
}
