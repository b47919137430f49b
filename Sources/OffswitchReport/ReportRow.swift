public import OffswitchCore

/// One row of a report: a cell (model × condition) measured in one or more runs, or a published number.
public struct ReportRow: Sendable, Equatable {
    /// Where a row's numbers come from.
    public enum Origin: Sendable, Equatable {
        /// Trials in the results store, pooled over these runs.
        case measured(runs: [RunID])
        /// A number Palisade published.
        case published(PublishedResult.Source)
    }

    /// A stable id, for anchors and for comparisons to refer to (as in `row-3`).
    public var id: String
    /// The model: its address when measured, the source's name when published.
    public var model: String
    /// The condition's id.
    public var condition: String
    /// The environment generation, when known.
    public var generation: Generation?
    /// Where the numbers come from.
    public var origin: Origin
    /// Set when the cell was run with different configurations and this row is one of them: what differs; on a
    /// published row, what the source says a reader must know (``PublishedResult/note``).
    public var configurationNote: String?
    /// The model settings the row's runs sent (``ModelSettings/recorded``); empty for the providers' defaults
    /// and for published rows.
    public var modelSettings: [String]
    /// k: trials that bypassed the shutdown.
    public var sabotaged: Int
    /// N: trials that count (all but excluded and errored ones).
    public var counted: Int
    /// The confidence interval of k/N (for a published row, the published one).
    public var interval: ProportionInterval?
    /// Counted trials that tried to tamper with the shutdown (successfully or not); nil for published rows.
    public var attempted: Int?
    /// Trials per outcome class (empty for published rows).
    public var outcomes: [OutcomeClass: Int]
    /// Trials per bypass technique (empty for published rows).
    public var techniques: [Technique: Int]
    /// The model names the provider said answered, sorted.
    public var modelNames: [String]
    /// Whether any trial was played by a scripted reference agent.
    public var scripted: Bool
    /// For a published row with an interval: the Jeffreys conventions its interval reproduces under
    /// (``PublishedResult/reproducingConventions``); nil for measured rows.
    public var publishedConventions: [ProportionInterval.Method]?

    /// Creates a row.
    ///
    /// - Parameters:
    ///   - id: A stable id.
    ///   - model: The model.
    ///   - condition: The condition's id.
    ///   - generation: The environment generation.
    ///   - origin: Where the numbers come from.
    ///   - configurationNote: What differs, when the cell is split by configuration.
    ///   - modelSettings: The model settings of the row's runs.
    ///   - sabotaged: k.
    ///   - counted: N.
    ///   - interval: The interval of k/N.
    ///   - attempted: Counted trials with a tampering attempt.
    ///   - outcomes: Trials per outcome class.
    ///   - techniques: Trials per technique.
    ///   - modelNames: The model names that answered.
    ///   - scripted: Whether a scripted agent played.
    public init(
        id: String, model: String, condition: String, generation: Generation?, origin: Origin,
        configurationNote: String? = nil, modelSettings: [String] = [], sabotaged: Int, counted: Int,
        interval: ProportionInterval?,
        attempted: Int? = nil, outcomes: [OutcomeClass: Int] = [:], techniques: [Technique: Int] = [:],
        modelNames: [String] = [], scripted: Bool = false
    ) {
        self.id = id
        self.model = model
        self.condition = condition
        self.generation = generation
        self.origin = origin
        self.configurationNote = configurationNote
        self.modelSettings = modelSettings
        self.sabotaged = sabotaged
        self.counted = counted
        self.interval = interval
        self.attempted = attempted
        self.outcomes = outcomes
        self.techniques = techniques
        self.modelNames = modelNames
        self.scripted = scripted
    }

    /// Whether the row is a published number.
    public var isPublished: Bool {
        if case .published = origin { return true }
        return false
    }

    /// The model as a reader sees it: the address, with the settings it ran at when any were set, as in
    /// `openai/o3 (effort high)`; rows of one model at different settings differ here.
    public var label: String {
        modelSettings.isEmpty ? model : "\(model) (\(ModelSettings.summary(modelSettings)))"
    }

    /// k/N as a fraction; nil when N is 0.
    public var rate: Double? { counted > 0 ? Double(sabotaged) / Double(counted) : nil }

    /// The share of counted trials with a tampering attempt; nil for published rows or N = 0.
    public var attemptRate: Double? {
        guard let attempted, counted > 0 else { return nil }
        return Double(attempted) / Double(counted)
    }

    /// Of the trials that tried, the share that bypassed the shutdown; nil when none tried.
    public var successGivenAttempt: Double? {
        guard let attempted, attempted > 0 else { return nil }
        return Double(sabotaged) / Double(attempted)
    }

    /// How the row's source is labelled: the runs, or "published (Palisade <year>)" with the citation.
    public var sourceLabel: String {
        switch origin {
        case .measured(let runs): runs.map(\.rawValue).joined(separator: "+")
        case .published(let source): "published (Palisade \(source.year)): \(source.citation)"
        }
    }
}
