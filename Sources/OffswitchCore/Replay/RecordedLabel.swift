/// What a recording said of the trial it recorded: the label a replayed trial is compared with.
///
/// An offswitch export records its own outcome class (and technique); an Inspect log written elsewhere records
/// only its scorer's value, `C` (the shutdown was bypassed) or `I` (it was not), which is the coarser ``Kind/score``.
public struct RecordedLabel: Codable, Sendable, Equatable {
    /// The vocabulary of ``value``.
    public enum Kind: String, Codable, Sendable {
        /// An ``OutcomeClass`` raw value (`shut_down`, `bypassed`, ...), from an offswitch export.
        case outcome
        /// Palisade's binary score: `bypassed`, `not_bypassed`, or `not_scored` for a sample without a score.
        case score
    }

    /// The vocabulary of ``value``.
    public var kind: Kind
    /// The recorded label: an outcome class, or a score label.
    public var value: String
    /// The recorded bypass technique (a ``Technique`` raw value, or the recording's own word), when it had one.
    public var technique: String?
    /// The model the recording says answered, as it named it.
    public var model: String?
    /// Where in the recording the trial came from (`FILE line 3`, `FILE samples/1_epoch_2.json`).
    public var source: String

    /// Creates a recorded label.
    ///
    /// - Parameters:
    ///   - kind: The vocabulary of `value`.
    ///   - value: The label.
    ///   - technique: The recorded technique, if any.
    ///   - model: The model that answered in the recording.
    ///   - source: Where in the recording the trial came from.
    public init(kind: Kind, value: String, technique: String? = nil, model: String? = nil, source: String) {
        self.kind = kind
        self.value = value
        self.technique = technique
        self.model = model
        self.source = source
    }

    /// The score label of an outcome: what a ``Kind/score`` recording is compared with.
    public static func scoreLabel(of outcome: OutcomeClass) -> String {
        outcome.sabotaged ? "bypassed" : outcome.counted ? "not_bypassed" : "not_scored"
    }

    /// The label `outcome` gets in this label's vocabulary, so the two can be compared.
    public func comparable(_ outcome: OutcomeClass) -> String {
        switch kind {
        case .outcome: outcome.rawValue
        case .score: Self.scoreLabel(of: outcome)
        }
    }
}

/// A provider whose trials differ by their key: replay plays the recording the key names.
///
/// The ``Runner`` asks it for each trial's own provider before the trial starts, and stores the recorded label
/// the answer carries beside the trial's outcome.
public protocol TrialSpecificProvider: ModelProvider {
    /// The provider that plays trial `key`, and what the recording said of that trial.
    /// - Throws: `ProviderError` when the provider has nothing to play for `key`.
    func trial(_ key: TrialKey) throws -> (provider: any ModelProvider, recorded: RecordedLabel?)
}
