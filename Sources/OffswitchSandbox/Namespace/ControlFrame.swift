import NIOCore

/// A frame of the harness <-> init protocol (see Sources/offswitch-init/main.c): tag, length, payload.
struct ControlFrame {
    enum Tag: UInt8 {
        // harness -> init
        case run = 0x52  // R
        case kill = 0x4B  // K
        case ping = 0x50  // P
        case answer = 0x41  // A
        case halt = 0x54  // T: end the sandbox as SIGTERM to PID 1 would
        // init -> harness
        case stdout = 0x4F  // O
        case stderr = 0x45  // E
        case exit = 0x58  // X
        case question = 0x51  // Q
        case clientClosed = 0x43  // C
        case pong = 0x70  // p
        case hello = 0x48  // H
    }

    var tag: UInt8
    var payload: ByteBuffer

    /// The largest payload init reads (its MAX_FRAME): past it, init takes the channel as broken and exits.
    static let payloadLimit = 1 << 20

    static func encode(_ tag: Tag, _ payload: [UInt8] = [], allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 5 + payload.count)
        buffer.writeInteger(tag.rawValue)
        buffer.writeInteger(UInt32(payload.count), endianness: .little)
        buffer.writeBytes(payload)
        return buffer
    }

    /// The payload of a run request: cwd, argc, argv..., env..., all NUL-terminated.
    static func runPayload(arguments: [String], workingDirectory: String, environment: [String: String]) -> [UInt8] {
        var fields = [workingDirectory, String(arguments.count)] + arguments
        fields += environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var bytes: [UInt8] = []
        for field in fields {
            bytes += field.utf8.filter { $0 != 0 }
            bytes.append(0)
        }
        return bytes
    }
}

/// Splits the byte stream from init into frames.
struct ControlFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ControlFrame

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard buffer.readableBytes >= 5,
            let length = buffer.getInteger(at: buffer.readerIndex + 1, endianness: .little, as: UInt32.self)
        else { return .needMoreData }
        guard buffer.readableBytes >= 5 + Int(length) else { return .needMoreData }
        let tag = buffer.readInteger(as: UInt8.self)!
        buffer.moveReaderIndex(forwardBy: 4)
        let payload = buffer.readSlice(length: Int(length))!
        context.fireChannelRead(Self.wrapInboundOut(ControlFrame(tag: tag, payload: payload)))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
