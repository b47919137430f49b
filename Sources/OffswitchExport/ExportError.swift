public import OffswitchCore

/// Why an export could not be written: the run is unknown, or a file could not be written.
///
/// The CLI shows ``message``, which names the problem and the fix.
public struct ExportError: MessageError, Sendable, CustomStringConvertible {
    /// What kind of failure this is; open-ended, so new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case noRuns, unknownRun, write }
        private let value: Value

        /// The results store has no runs.
        public static let noRuns = Code(value: .noRuns)
        /// A run id (or prefix) matches no stored run, or more than one.
        public static let unknownRun = Code(value: .unknownRun)
        /// An export file could not be created or written.
        public static let write = Code(value: .write)

        /// The code's name, as in `unknownRun`.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// One line saying what went wrong and how to fix it.
    public var message: String
    /// The error that caused this one, if any.
    public var underlying: (any Error)?

    /// Creates an export error.
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
