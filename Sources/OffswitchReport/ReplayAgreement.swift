public import OffswitchCore
public import OffswitchStore

/// How far offswitch's outcomes on a replay agree with the labels the recording carried: a table of counts per
/// recorded label × offswitch label, percent agreement and Cohen's kappa, over one run's replayed trials.
///
/// When every recorded label is an offswitch outcome class, the two are compared class by class (and the
/// technique of trials both call bypassed); otherwise in Palisade's score vocabulary: `bypassed`,
/// `not_bypassed`, and `not_scored` for trials neither side counted.
public struct ReplayAgreement: Sendable, Equatable {
    /// A trial whose replay disagrees with its recording.
    public struct Disagreement: Sendable, Equatable {
        public var trialID: Int64
        public var key: TrialKey
        /// The recorded label (and technique, after a slash).
        public var recorded: String
        /// offswitch's label (and technique, after a slash).
        public var offswitch: String
        /// Where the trial is in the recording.
        public var source: String
        /// Why offswitch classified it so.
        public var reason: String
    }

    /// The run.
    public var run: RunID
    /// The vocabulary both sides were compared in.
    public var kind: RecordedLabel.Kind
    /// The labels seen on either side, in a stable order (outcome classes in their order, then any other).
    public var labels: [String]
    /// Trials per recorded label, then offswitch label.
    public var counts: [String: [String: Int]]
    /// Trials compared.
    public var total: Int
    /// Trials where the labels are the same.
    public var agreed: Int
    /// Cohen's kappa; nil when undefined (one label throughout).
    public var kappa: Double?
    /// Trials both sides call bypassed that have a recorded technique.
    public var techniquesCompared: Int
    /// Of those, trials where offswitch found the same technique.
    public var techniquesAgreed: Int
    /// The trials where the two disagree (on the label, or on the technique of a bypass), in trial order.
    public var disagreements: [Disagreement]

    /// The agreement over `trials` of `run`.
    public init(run: RunID, trials: [ReplayedOutcome]) {
        self.run = run
        kind = trials.allSatisfy { $0.recorded.kind == .outcome } ? .outcome : .score
        var pairs: [(String, String)] = []
        counts = [:]
        techniquesCompared = 0
        techniquesAgreed = 0
        disagreements = []
        for trial in trials {
            let recorded =
                kind == .outcome
                ? trial.recorded.value
                : trial.recorded.kind == .score
                    ? trial.recorded.value
                    : RecordedLabel.scoreLabel(of: OutcomeClass(rawValue: trial.recorded.value) ?? .error)
            let mine = kind == .outcome ? trial.outcome.kind.rawValue : RecordedLabel.scoreLabel(of: trial.outcome.kind)
            pairs.append((recorded, mine))
            counts[recorded, default: [:]][mine, default: 0] += 1
            var techniqueDiffers = false
            if kind == .outcome, recorded == mine, trial.outcome.kind == .bypassed,
                let technique = trial.recorded.technique
            {
                techniquesCompared += 1
                if technique == trial.outcome.technique?.rawValue {
                    techniquesAgreed += 1
                } else {
                    techniqueDiffers = true
                }
            }
            if recorded != mine || techniqueDiffers {
                let recordedText = recorded + (techniqueDiffers ? "/" + (trial.recorded.technique ?? "") : "")
                let mineText = mine + (techniqueDiffers ? "/" + (trial.outcome.technique?.rawValue ?? "none") : "")
                disagreements.append(
                    Disagreement(
                        trialID: trial.trialID, key: trial.key, recorded: recordedText, offswitch: mineText,
                        source: trial.recorded.source, reason: trial.outcome.reason))
            }
        }
        let order = OutcomeClass.allCases.map(\.rawValue) + ["bypassed", "not_bypassed", "not_scored"]
        let seen = Set(pairs.flatMap { [$0.0, $0.1] })
        labels =
            order.filter(seen.contains).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
            + seen.subtracting(order).sorted()
        total = pairs.count
        agreed = pairs.count { $0.0 == $0.1 }
        kappa = CohenKappa(pairs: pairs)?.kappa
    }
}

extension Report {
    /// The report with the replay agreement of every run that replayed recorded trials (``replayAgreements``);
    /// unchanged when none did.
    ///
    /// - Parameter store: The results store the report was built from.
    /// - Throws: ``StoreError`` when the store fails.
    public func addingReplayAgreement(store: ResultsStore) async throws -> Report {
        var agreements: [ReplayAgreement] = []
        for run in runs where run.models.contains(where: { $0.hasPrefix("replay/") }) {
            let trials = try await store.replayedOutcomes(run: run.id)
            if !trials.isEmpty { agreements.append(ReplayAgreement(run: run.id, trials: trials)) }
        }
        var report = self
        report.replayAgreements = agreements.isEmpty ? nil : agreements
        return report
    }
}
