/// A scenario file or other user configuration that cannot be used; the message names file, line and field.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case unreadable, syntax, unknownField, missingField, invalidValue }
        private let value: Value
        public static let unreadable = Code(value: .unreadable)
        public static let syntax = Code(value: .syntax)
        public static let unknownField = Code(value: .unknownField)
        public static let missingField = Code(value: .missingField)
        public static let invalidValue = Code(value: .invalidValue)
        public var description: String { value.rawValue }
    }

    public var code: Code
    /// One line: `file:line: field 'x': what is wrong and what is expected`.
    public var message: String
    public var underlying: (any Error)?

    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }
}
