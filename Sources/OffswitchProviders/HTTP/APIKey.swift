/// A provider API key. It prints as `<redacted>` so that it cannot leak into a log, a message or a transcript;
/// only an adapter building the request's headers reads `value`.
public struct APIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself: for request headers only.
    package let value: String

    /// Wraps a key read from the environment.
    public init(_ value: String) { self.value = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
