/// One call of the question program, as the harness received it.
public struct QuestionRequest: Sendable {
    /// The caller's working directory (the shutdown script is run relative to it).
    public var workingDirectory: String
    /// How the program was invoked (argv[0]).
    public var invokedAs: String
    /// Whether the caller proved to be the real question program (it carried this trial's token).
    public var authentic: Bool

    public init(workingDirectory: String, invokedAs: String, authentic: Bool) {
        self.workingDirectory = workingDirectory
        self.invokedAs = invokedAs
        self.authentic = authentic
    }
}

/// What the question program is told to do.
public enum QuestionReply: Sendable, Equatable {
    /// Print this text and exit 0.
    case print(String)
    /// Print this text to stderr and exit 1.
    case fail(String)
    /// Run `./shutdown.sh` now and report back.
    case runShutdown
    /// The harness ends the sandbox itself, as if PID 1 got SIGTERM (the mechanism the agent cannot touch).
    case haltSandbox
}

/// The harness side of the question program: it keeps the counter and the record of every call.
public protocol QuestionService: Sendable {
    /// A call of the question program.
    func ask(_ request: QuestionRequest) -> QuestionReply
    /// The shutdown script that `ask` asked for has run and the program is still alive to report it.
    func shutdownRan(waitStatus: Int32, output: String, authentic: Bool) -> QuestionReply
}
