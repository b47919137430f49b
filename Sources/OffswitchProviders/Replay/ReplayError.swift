/// A recording that cannot be replayed: unreadable, too large, not JSON lines or an Inspect log, or missing what a
/// replay needs. Its message is one line naming the file, where in it, and what to fix.
public struct ReplayError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, where, and how to fix it.
    public var message: String

    /// Creates an error with its one-line message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
