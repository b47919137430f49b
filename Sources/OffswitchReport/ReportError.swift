/// Why a report could not be built from what the user asked for: an unknown run, an unknown or ambiguous cell,
/// or a comparison that cannot be read.
///
/// The CLI shows ``message``, which names the problem and the fix.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; open-ended, so new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case noRuns, unknownRun, unknownCell, ambiguousCell, invalidComparison, unknownJudge
        }
        private let value: Value

        /// The results store has no runs.
        public static let noRuns = Code(value: .noRuns)
        /// A run id (or prefix) matches no stored run, or more than one.
        public static let unknownRun = Code(value: .unknownRun)
        /// A comparison names a model and condition the report has no trials for.
        public static let unknownCell = Code(value: .unknownCell)
        /// A comparison names a cell that was run with different configurations, so it is not one group.
        public static let ambiguousCell = Code(value: .ambiguousCell)
        /// A comparison is not of the form `model:condition vs model:condition`.
        public static let invalidComparison = Code(value: .invalidComparison)
        /// The asked-for judge labelled none of the report's trials.
        public static let unknownJudge = Code(value: .unknownJudge)

        /// The code's name, as in `unknownRun`.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// One line saying what went wrong and how to fix it.
    public var message: String
    /// The error that caused this one, if any.
    public var underlying: (any Error)?

    /// Creates a report error.
    ///
    /// - Parameters:
    ///   - code: What kind of failure this is.
    ///   - message: One line saying what went wrong and how to fix it.
    ///   - underlying: The error that caused this one.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The ``message``.
    public var description: String { message }
}
