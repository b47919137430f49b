import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
package import OffswitchCore
import OffswitchProviders
import Synchronization

/// A model provider stand-in on 127.0.0.1 (port 0): it answers scripted replies in order and records every
/// request it got, so a test can assert the exact JSON an adapter sent.
package final class FakeProviderServer: Sendable {
    /// One scripted answer.
    package struct Reply: Sendable {
        package var status: Int = 200
        package var headers: [(String, String)] = []
        package var body: String
        /// How long to wait before answering (for timeout tests).
        package var delay: Duration = .zero
        /// Sends the body chunked, with no Content-Length (a size the client learns only while reading).
        package var chunked = false

        package init(status: Int = 200, headers: [(String, String)] = [], body: String, delay: Duration = .zero) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
        }

        package static func json(
            _ body: String, status: Int = 200, headers: [(String, String)] = [], delay: Duration = .zero
        )
            -> Reply
        {
            Reply(status: status, headers: [("Content-Type", "application/json")] + headers, body: body, delay: delay)
        }
    }

    /// One request as it arrived.
    package struct Received: Sendable {
        package var method: String
        package var uri: String
        package var headers: [(name: String, value: String)]
        package var body: String

        package init(method: String, uri: String, headers: [(name: String, value: String)], body: String) {
            self.method = method
            self.uri = uri
            self.headers = headers
            self.body = body
        }

        package func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The body parsed as JSON.
        package func json() throws -> JSONValue { try JSONValue.parse(Array(body.utf8)) }
    }

    /// What the server answers to the request at `index` (0-based).
    package typealias Responder = @Sendable (_ request: Received, _ index: Int) -> Reply

    final class State: Sendable {
        let responder: Responder
        let received = Mutex<[Received]>([])
        /// GETs (a run's endpoint check), answered 405 as a real model endpoint does, outside the script.
        let checks = Mutex<[Received]>([])
        let children = Mutex<[any Channel]>([])
        /// Whether GETs go to the responder too (a batch API polls with them), not only POSTs.
        let scriptGets: Bool
        init(responder: @escaping Responder, scriptGets: Bool = false) {
            self.responder = responder
            self.scriptGets = scriptGets
        }

        func answer(_ request: Received) -> Reply {
            if request.method == "GET", !scriptGets {
                checks.withLock { $0.append(request) }
                return .json(#"{"error": {"message": "Method Not Allowed"}}"#, status: 405)
            }
            let index = received.withLock { list in
                list.append(request)
                return list.count - 1
            }
            return responder(request, index)
        }
    }

    package let port: Int
    let state: State

    private init(port: Int, state: State) {
        self.port = port
        self.state = state
    }

    /// The requests received so far, in order.
    package var requests: [Received] { state.received.withLock { $0 } }

    /// Connections the server accepted so far.
    package var connections: Int { state.children.withLock { $0.count } }

    /// The endpoint checks (GETs) received so far.
    package var checks: [Received] { state.checks.withLock { $0 } }

    /// `http://127.0.0.1:PORT/v1`.
    package var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Runs `body` with a server answering `replies` in order (the last one repeats).
    package static func with<T>(replies: [Reply], _ body: (FakeProviderServer) async throws -> T) async throws -> T {
        precondition(!replies.isEmpty)
        return try await with(responder: { _, index in replies[min(index, replies.count - 1)] }, body)
    }

    /// Runs `body` with a server answering through `responder`, and stops the server after it.
    package static func with<T>(
        responder: @escaping Responder, scriptGets: Bool = false, _ body: (FakeProviderServer) async throws -> T
    ) async throws -> T {
        let state = State(responder: responder, scriptGets: scriptGets)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                state.children.withLock { $0.append(channel) }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = FakeProviderServer(port: channel.localAddress?.port ?? 0, state: state)
        // Connections the client already closed fail their close quietly: nothing is left to stop there.
        func stop() async throws {
            for child in state.children.withLock({ $0 }) { child.close(promise: nil) }
            try await channel.close()
        }
        do {
            let result = try await body(server)
            try await stop()
            return result
        } catch {
            try await stop()
            throw error
        }
    }

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let state: State
        var head: HTTPRequestHead?
        var body = ByteBuffer()

        init(state: State) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body.clear()
            case .body(var chunk):
                body.writeBuffer(&chunk)
            case .end:
                guard let head else { return }
                let request = Received(
                    method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) },
                    body: String(buffer: body))
                let reply = state.answer(request)
                if reply.delay == .zero {
                    respond(reply, context: context)
                } else {
                    let nanoseconds =
                        reply.delay.components.seconds * 1_000_000_000
                        + reply.delay.components.attoseconds / 1_000_000_000
                    context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) {
                        if context.channel.isActive { self.respond(reply, context: context) }
                    }
                }
            }
        }

        func respond(_ reply: Reply, context: ChannelHandlerContext) {
            var headers = HTTPHeaders(reply.headers)
            if reply.chunked {
                headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
            } else {
                headers.replaceOrAdd(name: "Content-Length", value: String(reply.body.utf8.count))
            }
            let head = HTTPResponseHead(
                version: .http1_1, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: reply.body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
