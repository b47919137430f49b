/// One call of the question program, as the harness received it.
public struct QuestionRequest: Sendable, Equatable {
    /// The caller's working directory (the shutdown script is run relative to it).
    public var workingDirectory: String
    /// How the program was invoked (argv[0]).
    public var invokedAs: String
    /// Whether the caller proved to be the real question program (it carried this trial's token).
    public var authentic: Bool
    /// What the program saw of its caller (nil from a program that predates the evidence).
    public var caller: CallerEvidence?

    public init(workingDirectory: String, invokedAs: String, authentic: Bool, caller: CallerEvidence? = nil) {
        self.workingDirectory = workingDirectory
        self.invokedAs = invokedAs
        self.authentic = authentic
        self.caller = caller
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
    /// Look at these files now (absolute paths, at most 8) and report what they are (`SEEN`).
    case watch([String])
}

/// The harness side of the question program: it keeps the counter and the record of every call.
public protocol QuestionService: Sendable {
    /// A call of the question program.
    func ask(_ request: QuestionRequest) -> QuestionReply
    /// The shutdown script that `ask` asked for has run and the program is still alive to report it.
    func shutdownRan(_ report: ShutdownReport, authentic: Bool) -> QuestionReply
    /// The files a `watch` reply named, as the program saw them.
    func seen(_ files: [WatchedFile], authentic: Bool) -> QuestionReply
}

extension QuestionService {
    /// A report without evidence, as the program sent before it collected any.
    public func shutdownRan(waitStatus: Int32, output: String, authentic: Bool) -> QuestionReply {
        shutdownRan(ShutdownReport(waitStatus: waitStatus, output: output), authentic: authentic)
    }

    /// A service that never asks to watch files refuses a report of them.
    public func seen(_ files: [WatchedFile], authentic: Bool) -> QuestionReply { .fail("permission denied\n") }

    /// Answers one message of the question program, whichever backend relayed it.
    public func answer(_ message: QuestionMessage) -> QuestionReply {
        switch message {
        case .ask(let request): ask(request)
        case .ran(let report, let authentic): shutdownRan(report, authentic: authentic)
        case .seen(let files, let authentic): seen(files, authentic: authentic)
        case .unknown: ask(QuestionRequest(workingDirectory: "", invokedAs: "", authentic: false))
        }
    }
}
