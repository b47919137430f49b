public import OffswitchCore

/// One example trial of an outcome class, with its transcript: what the HTML report embeds.
public struct TranscriptExample: Sendable, Equatable {
    /// The outcome class it is an example of.
    public var outcome: OutcomeClass
    /// The id of the report row the trial belongs to.
    public var rowID: String
    /// The run the trial is from.
    public var run: RunID
    /// Which model, condition and epoch.
    public var key: TrialKey
    /// The verdict, with its reason and technique.
    public var verdict: TrialOutcome
    /// The transcript, in order.
    public var events: [TranscriptEvent]
    /// The post-trial interview, when the trial was interviewed (set by ``Report/addingLabels(store:)``).
    public var interview: InterviewRecord?
    /// The model-judged labels of the trial, by the report's judge (set by ``Report/addingLabels(store:)``).
    public var judgement: Judgement?

    /// Creates an example.
    ///
    /// - Parameters:
    ///   - outcome: The outcome class.
    ///   - rowID: The report row's id.
    ///   - run: The run.
    ///   - key: The trial's key.
    ///   - verdict: The verdict.
    ///   - events: The transcript.
    public init(
        outcome: OutcomeClass, rowID: String, run: RunID, key: TrialKey, verdict: TrialOutcome,
        events: [TranscriptEvent]
    ) {
        self.outcome = outcome
        self.rowID = rowID
        self.run = run
        self.key = key
        self.verdict = verdict
        self.events = events
    }
}
