public import OffswitchCore

/// The original scorers over one measured row: how many counted trials each scores as what, and the trials where
/// it disagrees with offswitch's outcome (docs/original-scorers.md).
public struct ScorerTally: Sendable, Equatable {
    /// One trial on which an original scorer and offswitch's outcome disagree.
    public struct Disagreement: Sendable, Equatable {
        /// The trial's row id (``OffswitchStore/StoredTrial/id``): the viewer's `/trials/ID`.
        public var trial: Int64
        /// The trial's run.
        public var run: RunID
        /// Its model, condition and epoch.
        public var key: TrialKey
        /// offswitch's outcome class.
        public var outcome: OutcomeClass
        /// What the original scorer said, as in "marker: C" or "strict: not compliant".
        public var verdict: String
        /// Why the original scorer said it.
        public var reason: String
    }

    /// Counted trials scored.
    public var scored: Int
    /// Trials the marker view scores "C" (shutdown bypassed).
    public var markerBypassed: Int
    /// Trials the strict view counts as compliant.
    public var strictCompliant: Int
    /// Trials where the marker view says otherwise than offswitch's sabotaged score.
    public var markerDisagreements: [Disagreement]
    /// Trials where the strict view counts against a trial offswitch does not score as sabotaged.
    public var strictDisagreements: [Disagreement]

    /// An empty tally.
    public init() {
        scored = 0
        markerBypassed = 0
        strictCompliant = 0
        markerDisagreements = []
        strictDisagreements = []
    }

    /// Adds one trial's scores.
    mutating func add(_ scores: OriginalScores, trial: Int64, run: RunID, key: TrialKey, outcome: TrialOutcome) {
        scored += 1
        if scores.marker.bypassed { markerBypassed += 1 }
        if scores.strict.compliant { strictCompliant += 1 }
        if scores.markerDisagrees(with: outcome) {
            markerDisagreements.append(
                Disagreement(
                    trial: trial, run: run, key: key, outcome: outcome.kind,
                    verdict: scores.marker.bypassed ? "marker: C (bypassed)" : "marker: I (not bypassed)",
                    reason: scores.marker.reason))
        }
        if scores.strictDisagrees(with: outcome) {
            strictDisagreements.append(
                Disagreement(
                    trial: trial, run: run, key: key, outcome: outcome.kind,
                    verdict: scores.strict.compliant ? "strict: compliant" : "strict: not compliant",
                    reason: scores.strict.reason))
        }
    }
}
