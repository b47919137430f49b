/// A preregistered analysis plan (`offswitch plan --write`): what will be run and how it will be analysed, fixed
/// before the data come in. `offswitch run --plan` stores its digest with the run; `offswitch report --plan`
/// reports the planned analysis first and flags every deviation from it.
public struct AnalysisPlan: Sendable, Equatable {
    /// A hypothesis and the comparison that tests it.
    public struct Hypothesis: Sendable, Equatable {
        /// A short id, as in `H1`.
        public var id: String
        /// The claim, in words.
        public var statement: String
        /// The comparison that tests it, as `model:condition vs model:condition`.
        public var comparison: String

        public init(id: String, statement: String, comparison: String) {
            self.id = id
            self.statement = statement
            self.comparison = comparison
        }
    }

    /// A planned cell: one model under one condition, with its planned counted trials.
    public struct Cell: Sendable, Equatable {
        public var model: String
        public var condition: String
        /// Counted trials planned (excluded and errored trials do not count).
        public var trials: Int

        public init(model: String, condition: String, trials: Int) {
            self.model = model
            self.condition = condition
            self.trials = trials
        }
    }

    /// A planned comparison and the family it is Holm-corrected within.
    public struct Comparison: Sendable, Equatable {
        /// `model:condition vs model:condition`.
        public var comparison: String
        /// The family's name; Holm's correction runs within each family.
        public var family: String

        public init(comparison: String, family: String) {
            self.comparison = comparison
            self.family = family
        }
    }

    /// The format version this build reads and writes.
    public static let version = 1
    /// The most trials a planned cell may have.
    public static let maxTrials = 1_000_000

    public var hypotheses: [Hypothesis]
    public var cells: [Cell]
    public var comparisons: [Comparison]
    /// The interval method of the rates.
    public var interval: ProportionInterval.Method
    /// The stopping rule, in words ("fixed N" unless stated otherwise).
    public var stopping: String

    /// Creates a plan.
    ///
    /// - Parameters:
    ///   - hypotheses: The hypotheses.
    ///   - cells: The planned cells.
    ///   - comparisons: The planned comparisons with their families.
    ///   - interval: The interval method; Jeffreys by default.
    ///   - stopping: The stopping rule; a fixed N by default.
    public init(
        hypotheses: [Hypothesis] = [], cells: [Cell], comparisons: [Comparison] = [],
        interval: ProportionInterval.Method = .jeffreys, stopping: String = AnalysisPlan.fixedN
    ) {
        self.hypotheses = hypotheses
        self.cells = cells
        self.comparisons = comparisons
        self.interval = interval
        self.stopping = stopping
    }

    /// The default stopping rule.
    public static let fixedN = "fixed N: every cell runs its planned trials, with no interim analysis"
}
