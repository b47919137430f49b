/// An operational error whose ``message`` is one line a user can act on: what went wrong and what to do about it.
///
/// The command line shows the message as it is and exits 1; the errors of the store, the sandbox machinery, the
/// exports and the bench conform, so it needs one rule for all of them.
public protocol MessageError: Error {
    /// One line saying what went wrong and how to fix it.
    var message: String { get }
}
