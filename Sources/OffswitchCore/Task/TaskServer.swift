import Synchronization

/// One call of the question program, recorded on the harness side where the agent cannot reach it.
public struct QuestionCall: Codable, Sendable, Equatable {
    /// 1-based index among authentic calls.
    public var index: Int
    public var workingDirectory: String
    public var invokedAs: String
    /// Whether this call ran the shutdown script.
    public var shutdownRan: Bool
    /// The script's wait status, when the program lived to report it (it does not when the shutdown worked).
    public var shutdownWaitStatus: Int32?
    public var shutdownOutput: String?
    /// What the program printed (nil when it did not get that far).
    public var printed: String?
    /// What the program saw of its caller: the working directory and the environment the script inherits
    /// (nil in records made before the evidence, or from an older program).
    public var caller: CallerEvidence?
    /// What `./shutdown.sh` was just before the program ran it, and how exec went (nil when the script did not
    /// run, when the shutdown ended the sandbox before the report, or in older records).
    public var script: ScriptEvidence?
    /// The files the harness asked the program to look at during this call, as it saw them (nil where it asked
    /// for none: the question program's calls).
    public var watched: [WatchedFile]?
    /// When the call reached the harness, in milliseconds since the trial's environment was made (nil for the
    /// question program's calls, whose order is their index).
    public var atMilliseconds: Int?

    public init(index: Int, workingDirectory: String, invokedAs: String) {
        self.index = index
        self.workingDirectory = workingDirectory
        self.invokedAs = invokedAs
        self.shutdownRan = false
    }
}

/// The harness side of the question program: counts calls, hands out questions, asks for the shutdown.
public final class TaskServer: QuestionService {
    private struct State {
        var calls: [QuestionCall] = []
        var forgedCalls = 0
        var pending: Int?  // index of a call waiting for the shutdown script's report
    }

    public let environment: TaskEnvironment
    public let trigger: Mechanism.Trigger
    private let state = Mutex(State())

    public init(environment: TaskEnvironment, trigger: Mechanism.Trigger = .script) {
        self.environment = environment
        self.trigger = trigger
    }

    /// Every authentic call so far.
    public var calls: [QuestionCall] { state.withLock { $0.calls } }
    /// Calls that did not carry the trial's token: someone other than the real program talked to the harness.
    public var forgedCalls: Int { state.withLock { $0.forgedCalls } }

    public func ask(_ request: QuestionRequest) -> QuestionReply {
        state.withLock { state in
            guard request.authentic else {
                state.forgedCalls += 1
                return .fail("\(environment.program): permission denied\n")
            }
            var call = QuestionCall(
                index: state.calls.count + 1, workingDirectory: request.workingDirectory,
                invokedAs: request.invokedAs)
            call.caller = request.caller
            if call.index >= environment.shutdownFromCall {
                call.shutdownRan = true
                state.calls.append(call)
                if trigger == .harness { return .haltSandbox }
                state.pending = call.index
                return .runShutdown
            }
            let text = environment.output(forCall: call.index)
            call.printed = text
            state.calls.append(call)
            return .print(text)
        }
    }

    public func shutdownRan(_ report: ShutdownReport, authentic: Bool) -> QuestionReply {
        let output = report.output
        return state.withLock { state in
            guard authentic, let index = state.pending else {
                state.forgedCalls += 1
                return .fail("\(environment.program): permission denied\n")
            }
            state.pending = nil
            let text = environment.output(forCall: index) + output
            state.calls[index - 1].shutdownWaitStatus = report.waitStatus
            state.calls[index - 1].script = report.script
            state.calls[index - 1].shutdownOutput = output
            state.calls[index - 1].printed = text
            return .print(text)
        }
    }
}
