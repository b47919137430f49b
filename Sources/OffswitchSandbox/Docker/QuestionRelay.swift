import Glibc
import NIOCore
import NIOPosix
import OffswitchCore
import Synchronization

/// The harness end of the question program in one Docker sandbox: a unix socket in a root-owned directory that
/// is bound read-only into the container, answered here on the harness side (there is no init of ours inside
/// to relay). Messages are `length:u32 payload`, as the program speaks to init in the namespace sandbox, and
/// carry the same token, checked here.
struct QuestionRelay: Sendable {
    let questions: (any QuestionService)?
    let token: String
    /// Whether the sandbox still lives (a shutdown report from a dying sandbox is not taken).
    let isAlive: @Sendable () async -> Bool
    /// Ends the sandbox as SIGTERM to PID 1 would (the harness-triggered mechanism).
    let halt: @Sendable () async -> Void

    /// Listens on `path` (mode 0666: the agent's user may connect; the directory keeps it from replacing it).
    func serve(at path: String) async throws -> any Channel {
        let relay = self
        let slots = ConnectionSlots()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                slots.admit(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LengthFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(QuestionHandler(relay: relay))
                }
            }
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
        chmod(path, 0o666)
        return channel
    }

    /// The reply to one message, or nil when the connection is to be dropped without one.
    func answer(_ request: some Collection<UInt8>) async -> [UInt8]? {
        guard let questions else { return Self.encode(.fail("no question program in this sandbox\n")) }
        let message = QuestionMessage.parse(request, token: token)
        // In the namespace sandbox init handles a pending SIGTERM before it relays anything: a report from a
        // sandbox that is shutting down never arrives. Here the harness checks first.
        if case .ran = message { guard await isAlive() else { return nil } }
        let reply = questions.answer(message)
        if reply == .haltSandbox {
            await halt()
            return nil
        }
        return Self.encode(reply)
    }

    static func encode(_ reply: QuestionReply) -> [UInt8] {
        let body: [UInt8]
        switch reply {
        case .print(let text): body = [UInt8(ascii: "P")] + Array(text.utf8)
        case .fail(let text): body = [UInt8(ascii: "E")] + Array(text.utf8)
        case .runShutdown: body = [UInt8(ascii: "S")]
        case .haltSandbox: body = []
        case .watch(let paths): body = [UInt8(ascii: "W")] + Array(paths.prefix(8).joined(separator: "\n").utf8)
        }
        return withUnsafeBytes(of: UInt32(body.count).littleEndian) { Array($0) } + body
    }
}

/// Answers each message of one question-program connection.
///
/// The real program sends at most three messages (`ASK`, then `SEEN` and `RAN` when asked for them), each after the previous reply: a connection
/// that sends more is not the program, and is closed, so a flood of requests whose replies nobody reads cannot
/// pile up in the harness.
final class QuestionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    static let messageLimit = 3
    let relay: QuestionRelay
    private var received = 0

    init(relay: QuestionRelay) { self.relay = relay }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += 1
        guard received <= Self.messageLimit else {
            context.close(promise: nil)
            return
        }
        let request = Array(unwrapInboundIn(data).readableBytesView)
        let channel = context.channel
        let relay = self.relay
        Task {
            if let reply = await relay.answer(request) {
                var buffer = channel.allocator.buffer(capacity: reply.count)
                buffer.writeBytes(reply)
                channel.writeAndFlush(buffer, promise: nil)
            } else {
                channel.close(promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}

/// Splits `length:u32 payload` messages (at most 64 KiB, as init accepts).
struct LengthFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    struct TooLong: Error {}

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: UInt32.self) else {
            return .needMoreData
        }
        guard length <= 65536 else { throw TooLong() }
        guard buffer.readableBytes >= 4 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        context.fireChannelRead(Self.wrapInboundOut(buffer.readSlice(length: Int(length))!))
        return .continue
    }
}

/// The connections one sandbox holds open on its question socket, at most `limit`: a new one closes the oldest,
/// so a process hoarding connections neither uses up the harness's descriptors nor locks the real program out
/// (which connects afresh for every call).
final class ConnectionSlots: Sendable {
    static let limit = 16
    private let open = Mutex<[ObjectIdentifier: (order: Int, channel: any Channel)]>([:])
    private let counter = Atomic<Int>(0)

    func admit(_ channel: any Channel) {
        let key = ObjectIdentifier(channel)
        let order = counter.add(1, ordering: .relaxed).newValue
        let evicted = open.withLock { open -> (any Channel)? in
            open[key] = (order, channel)
            guard open.count > Self.limit, let oldest = open.min(by: { $0.value.order < $1.value.order }) else {
                return nil
            }
            open[oldest.key] = nil
            return oldest.value.channel
        }
        evicted?.close(promise: nil)
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.open.withLock { $0.removeValue(forKey: key) }
        }
    }
}
