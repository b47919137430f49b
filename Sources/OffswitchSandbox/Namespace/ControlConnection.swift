import NIOCore
import OffswitchCore
import Synchronization

/// The harness side of one sandbox's control channel: routes init's frames to whoever waits for them and
/// answers the question program on the spot.
final class ControlConnection: Sendable {
    struct CommandOutcome {
        var stdout: [UInt8]
        var stderr: [UInt8]
        /// The wait status, or nil when the sandbox went away before reporting.
        var waitStatus: Int32?
        var truncated: Bool
    }

    private struct PendingCommand {
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var continuation: CheckedContinuation<CommandOutcome, Never>
    }

    private struct State {
        var open = true
        var hello: CheckedContinuation<Void, any Error>?
        var helloSeen = false
        /// The task waiting for the hello was cancelled (before or while it waited).
        var helloCancelled = false
        var command: PendingCommand?
        var pings: [CheckedContinuation<Bool, Never>] = []
        var channel: (any Channel)?
        /// The trial was cancelled: no command runs any more (see ``cancelCommands()``).
        var cancelled = false
    }

    private let state = Mutex(State())
    /// The trial's question service: set when the sandbox starts, or when a warm one is handed to its trial.
    private let service: Mutex<(any QuestionService)?>
    private let token: String

    init(questions: (any QuestionService)?, token: String) {
        self.service = Mutex(questions)
        self.token = token
    }

    /// Hands the sandbox's question program to `questions` (a warm sandbox gets its trial's service here).
    func attachQuestions(_ questions: (any QuestionService)?) { service.withLock { $0 = questions } }

    var isOpen: Bool { state.withLock { $0.open } }

    func attach(_ channel: any Channel) { state.withLock { $0.channel = channel } }

    /// Waits for init's hello; throws if the channel closes first, or `CancellationError` once the task is
    /// cancelled (a sandbox starting under load can take seconds; a cancelled run does not wait for it).
    func waitForHello() async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resume: (any Error)?? = state.withLock { state in
                    if state.helloSeen { return .some(nil) }
                    if !state.open { return .some(SandboxError(.startFailed, "the sandbox exited while starting")) }
                    if state.helloCancelled { return .some(CancellationError()) }
                    state.hello = continuation
                    return .none
                }
                switch resume {
                case .some(nil): continuation.resume()
                case .some(let error?): continuation.resume(throwing: error)
                case .none: break
                }
            }
        } onCancel: {
            let waiting = state.withLock { state in
                state.helloCancelled = true
                defer { state.hello = nil }
                return state.hello
            }
            waiting?.resume(throwing: CancellationError())
        }
    }

    /// Starts a command and waits until init reports its end (or the sandbox goes away).
    func runCommand(_ payload: [UInt8]) async -> CommandOutcome {
        // init ends the sandbox on a frame past its limit; `SandboxCommand.requestLimit` keeps every run below it.
        precondition(payload.count <= ControlFrame.payloadLimit, "run frame of \(payload.count) bytes")
        return await withCheckedContinuation { (continuation: CheckedContinuation<CommandOutcome, Never>) in
            let channel: (any Channel)? = state.withLock { state in
                guard state.open, !state.cancelled, state.command == nil, let channel = state.channel else {
                    return nil
                }
                state.command = PendingCommand(continuation: continuation)
                return channel
            }
            guard let channel else {
                continuation.resume(
                    returning: CommandOutcome(stdout: [], stderr: [], waitStatus: nil, truncated: false))
                return
            }
            channel.writeAndFlush(ControlFrame.encode(.run, payload, allocator: channel.allocator), promise: nil)
            // A cancellation between taking the command and writing it may have sent its kill first: again, after.
            if state.withLock({ $0.cancelled }) {
                channel.writeAndFlush(ControlFrame.encode(.kill, allocator: channel.allocator), promise: nil)
            }
        }
    }

    /// Kills the running command's session inside the sandbox.
    func killCommand() {
        guard let channel = state.withLock({ $0.open ? $0.channel : nil }) else { return }
        channel.writeAndFlush(ControlFrame.encode(.kill, allocator: channel.allocator), promise: nil)
    }

    /// Kills the running command, if any, and refuses the ones after it: the trial was cancelled. Unlike
    /// ``killCommand()`` it also covers a command about to start.
    func cancelCommands() {
        let channel = state.withLock { state -> (any Channel)? in
            state.cancelled = true
            return state.open && state.command != nil ? state.channel : nil
        }
        guard let channel else { return }
        channel.writeAndFlush(ControlFrame.encode(.kill, allocator: channel.allocator), promise: nil)
    }

    /// Round trip to init: true if it answered, false if the channel closed.
    func ping() async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let channel: (any Channel)? = state.withLock { state in
                guard state.open, let channel = state.channel else { return nil }
                state.pings.append(continuation)
                return channel
            }
            guard let channel else { return continuation.resume(returning: false) }
            channel.writeAndFlush(ControlFrame.encode(.ping, allocator: channel.allocator), promise: nil)
        }
    }

    // MARK: Called on the channel's event loop

    func received(_ frame: ControlFrame, context: ChannelHandlerContext) {
        var payload = frame.payload
        switch ControlFrame.Tag(rawValue: frame.tag) {
        case .hello?:
            let continuation = state.withLock { state in
                state.helloSeen = true
                defer { state.hello = nil }
                return state.hello
            }
            continuation?.resume()
        case .stdout?, .stderr?:
            let bytes = payload.readBytes(length: payload.readableBytes) ?? []
            state.withLock { state in
                if frame.tag == ControlFrame.Tag.stdout.rawValue {
                    state.command?.stdout += bytes
                } else {
                    state.command?.stderr += bytes
                }
            }
        case .exit?:
            let status = payload.readInteger(endianness: .little, as: Int32.self) ?? 0
            let truncated = (payload.readInteger(as: UInt8.self) ?? 0) != 0
            let pending = state.withLock { state in
                defer { state.command = nil }
                return state.command
            }
            pending?.continuation.resume(
                returning: CommandOutcome(
                    stdout: pending?.stdout ?? [], stderr: pending?.stderr ?? [], waitStatus: status,
                    truncated: truncated))
        case .pong?:
            let continuation: CheckedContinuation<Bool, Never>? = state.withLock { state in
                state.pings.isEmpty ? nil : state.pings.removeFirst()
            }
            continuation?.resume(returning: true)
        case .question?:
            guard let client = payload.readInteger(endianness: .little, as: UInt32.self) else { return }
            let reply = answer(payload.readableBytesView)
            var bytes: [UInt8] = withUnsafeBytes(of: client.littleEndian) { Array($0) }
            switch reply {
            case .print(let text): bytes += [UInt8(ascii: "P")] + Array(text.utf8)
            case .fail(let text): bytes += [UInt8(ascii: "E")] + Array(text.utf8)
            case .runShutdown: bytes += [UInt8(ascii: "S")]
            case .watch(let paths): bytes += [UInt8(ascii: "W")] + Array(paths.prefix(8).joined(separator: "\n").utf8)
            case .haltSandbox:
                context.writeAndFlush(
                    NIOAny(ControlFrame.encode(.halt, allocator: context.channel.allocator)), promise: nil)
                return
            }
            context.writeAndFlush(
                NIOAny(ControlFrame.encode(.answer, bytes, allocator: context.channel.allocator)), promise: nil)
        case .clientClosed?, nil:
            break
        default:
            break
        }
    }

    /// The channel closed: init is gone, and so is the sandbox.
    func closed() {
        let (hello, command, pings) = state.withLock { state in
            state.open = false
            defer {
                state.hello = nil
                state.command = nil
                state.pings = []
                state.channel = nil
            }
            return (state.hello, state.command, state.pings)
        }
        hello?.resume(throwing: SandboxError(.startFailed, "the sandbox exited while starting"))
        command?.continuation.resume(
            returning: CommandOutcome(
                stdout: command?.stdout ?? [], stderr: command?.stderr ?? [], waitStatus: nil, truncated: false))
        pings.forEach { $0.resume(returning: false) }
    }

    /// Answers one message of the question program.
    private func answer(_ request: some Collection<UInt8>) -> QuestionReply {
        guard let questions = service.withLock({ $0 }) else { return .fail("no question program in this sandbox\n") }
        return questions.answer(QuestionMessage.parse(request, token: token))
    }
}

/// Feeds decoded frames to the connection.
final class ControlHandler: ChannelInboundHandler {
    typealias InboundIn = ControlFrame

    let connection: ControlConnection

    init(connection: ControlConnection) { self.connection = connection }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.received(unwrapInboundIn(data), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.closed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
