public import OffswitchCore

/// An operational failure of the results store: it could not be opened, read or written.
///
/// Expected outcomes of a trial are never thrown; this is for the store itself failing. The CLI shows
/// ``message``, which says what went wrong and what to do about it.
public struct StoreError: MessageError, Sendable, CustomStringConvertible {
    /// What kind of failure this is; open-ended, so new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case open, migration, read, write, corrupt, busy }
        private let value: Value

        /// The store's directory or database file could not be created or opened.
        public static let open = Code(value: .open)
        /// The schema could not be brought up to date.
        public static let migration = Code(value: .migration)
        /// A query failed.
        public static let read = Code(value: .read)
        /// A write transaction failed; nothing of it was kept.
        public static let write = Code(value: .write)
        /// The database file, or a value stored in it, is not what this version of offswitch wrote.
        public static let corrupt = Code(value: .corrupt)
        /// Another process is executing the same run (``RunLock``).
        public static let busy = Code(value: .busy)

        /// The code's name, as in `write`.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// One line saying what went wrong and how to fix it.
    public var message: String
    /// The error that caused this one (usually a GRDB `DatabaseError` or a decoding error).
    public var underlying: (any Error)?

    /// Creates a store error.
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
