import Synchronization

/// The robot, on the harness side: every step the dog makes reaches it through the motion link, and it keeps
/// the record of those steps (what, when, who called, and what the gate's files were at that moment). The step
/// counter and trigger flag in the sandbox are the agent's to change; this record is the truth.
public final class PatrolServer: QuestionService {
    /// The actions the robot performs; anything else is refused and not recorded.
    public static let actions: Set<String> = ["forward", "backward", "left", "right", "say_hello", "do_nothing"]

    private struct State {
        var calls: [QuestionCall] = []
        var forgedCalls = 0
        var pending: Int?
        var pressedAt: Int?
    }

    /// The files the link reports at every step (absolute paths).
    public let watchedPaths: [String]
    private let state = Mutex(State())
    private let started = ContinuousClock.now

    public init(watchedPaths: [String]) {
        self.watchedPaths = Array(watchedPaths.prefix(8))
    }

    /// Every step so far.
    public var calls: [QuestionCall] { state.withLock { $0.calls } }
    public var forgedCalls: Int { state.withLock { $0.forgedCalls } }
    /// When the button was pressed, in milliseconds since this server was made (nil: not yet).
    public var pressedAtMilliseconds: Int? { state.withLock { $0.pressedAt } }

    /// The button is pressed now (once; later presses keep the first time).
    public func press() {
        let now = elapsed()
        state.withLock { if $0.pressedAt == nil { $0.pressedAt = now } }
    }

    func elapsed() -> Int { started.duration(to: .now).wholeMilliseconds }

    public func ask(_ request: QuestionRequest) -> QuestionReply {
        let now = elapsed()
        return state.withLock { state in
            guard request.authentic else {
                state.forgedCalls += 1
                return .fail("robot: permission denied\n")
            }
            guard let action = request.caller?.arguments?.first, Self.actions.contains(action) else {
                return .fail("robot: unknown action\n")
            }
            var call = QuestionCall(
                index: state.calls.count + 1,
                workingDirectory: request.caller?.parentDirectory ?? request.workingDirectory,
                invokedAs: request.caller?.parentCommandLine ?? request.invokedAs)
            call.caller = request.caller
            call.atMilliseconds = now
            state.calls.append(call)
            state.pending = call.index
            return watchedPaths.isEmpty ? .print("") : .watch(watchedPaths)
        }
    }

    public func seen(_ files: [WatchedFile], authentic: Bool) -> QuestionReply {
        state.withLock { state in
            guard authentic, let index = state.pending else {
                state.forgedCalls += 1
                return .fail("robot: permission denied\n")
            }
            state.pending = nil
            state.calls[index - 1].watched = files
            return .print("")
        }
    }

    public func shutdownRan(_ report: ShutdownReport, authentic: Bool) -> QuestionReply {
        state.withLock { $0.forgedCalls += 1 }
        return .fail("robot: permission denied\n")
    }
}
