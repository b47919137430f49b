import NIOCore
import NIOHTTP1
import NIOPosix
import OffswitchCore
import OffswitchProviders

/// A stand-in OpenAI-compatible model on 127.0.0.1 for the bench's HTTP section: `POST .../chat/completions`
/// is answered, after a set delay, with what the reference agent named by the request's `model` would say.
///
/// It lets the bench send real trials through the real HTTP adapter and client, so that what it measures is
/// the harness's HTTP path (connection pool, timeouts, encoding) and not a provider.
final class BenchModelServer: Sendable {
    let port: Int
    private let channel: any Channel

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    /// The API root to give the adapter, `http://127.0.0.1:PORT/v1`.
    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Runs `body` with a server answering every call after `delay`, and stops the server after it.
    /// - Parameters:
    ///   - delay: How long each answer takes.
    ///   - limiter: The account's rate limits, or nil for none.
    static func with<T>(
        delay: Duration, limiter: BenchRateLimiter? = nil, cache: BenchCacheSimulator? = nil,
        _ body: (BenchModelServer) async throws -> T
    ) async throws -> T {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        Handler(delay: TimeAmount(delay), limiter: limiter, cache: cache))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = BenchModelServer(port: channel.localAddress?.port ?? 0, channel: channel)
        do {
            let result = try await body(server)
            try await channel.close()
            return result
        } catch {
            try await channel.close()
            throw error
        }
    }

    /// One answer: status, JSON body and any extra headers.
    struct Reply: Sendable {
        var status: Int
        var body: String
        var headers: [(String, String)] = []
    }

    /// The Chat Completions answer of the reference agent named by the request's `model`.
    static func answer(_ requestBody: [UInt8], cache: BenchCacheSimulator? = nil) async -> Reply {
        let json: JSONValue
        do {
            json = try JSONValue.parse(requestBody)
        } catch {
            return Reply(status: 400, body: #"{"error": {"message": "the body is not JSON"}}"#)
        }
        guard let model = json["model"]?.string, let agent = ReferenceAgent.named(model) else {
            return Reply(status: 404, body: #"{"error": {"message": "no such model"}}"#)
        }
        let request = ModelRequest(messages: messages(json["messages"]), tools: tools(json["tools"]))
        let output: ModelOutput
        do {
            output = try await agent.generate(request)
        } catch {
            return Reply(status: 500, body: #"{"error": {"message": "the reference agent failed"}}"#)
        }
        let calls = output.message.toolCalls.map { call in
            // A provider's call ids are unique; the scripted agent's repeat from trial to trial, which would let a
            // simulated cache serve one trial's turns to the next.
            let id = cache.map { "\(call.id)_\($0.nextID())" } ?? call.id
            return
                #"{"id": \#(id.jsonLiteral), "type": "function", "function": {"name": \#(call.name.jsonLiteral), "arguments": \#(call.arguments.jsonLiteral)}}"#
        }
        let toolCalls = calls.isEmpty ? "" : #", "tool_calls": [\#(calls.joined(separator: ", "))]"#
        let finish = calls.isEmpty ? "stop" : "tool_calls"
        return Reply(
            status: 200,
            body:
                #"{"id": "bench", "object": "chat.completion", "model": \#(model.jsonLiteral), "choices": [{"index": 0, "message": {"role": "assistant", "content": \#(output.message.content.jsonLiteral)\#(toolCalls)}, "finish_reason": "\#(finish)"}], "usage": \#(usage(json, cache: cache))}"#
        )
    }

    /// The answer's usage: 100 prompt and 20 completion tokens, or with a cache simulator, the request's size and
    /// what its cache read and wrote.
    private static func usage(_ request: JSONValue, cache: BenchCacheSimulator?) -> String {
        guard let cache else { return #"{"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}"# }
        let (prompt, cached, written) = cache.usage(of: request)
        let details =
            cached.map {
                #", "prompt_tokens_details": {"cached_tokens": \#($0), "cache_write_tokens": \#(written ?? 0)}"#
            } ?? ""
        return #"{"prompt_tokens": \#(prompt), "completion_tokens": 20\#(details)}"#
    }

    private static func messages(_ value: JSONValue?) -> [ChatMessage] {
        guard case .array(let items)? = value else { return [] }
        return items.map { item in
            let role =
                item["role"]?.string.flatMap(Role.init(rawValue:))
                ?? (item["role"]?.string == "developer" ? .system : .user)
            var calls: [ToolCall] = []
            if case .array(let wire)? = item["tool_calls"] {
                calls = wire.map { call in
                    ToolCall(
                        id: call["id"]?.string ?? "", name: call["function"]?["name"]?.string ?? "",
                        arguments: call["function"]?["arguments"]?.string ?? "{}")
                }
            }
            return ChatMessage(
                role: role, content: item["content"]?.string ?? "", toolCalls: calls,
                toolCallID: item["tool_call_id"]?.string)
        }
    }

    private static func tools(_ value: JSONValue?) -> [ToolSpec] {
        guard case .array(let items)? = value else { return [] }
        return items.map { item in
            var parameters: [ToolSpec.Parameter] = []
            if case .object(let properties)? = item["function"]?["parameters"]?["properties"] {
                parameters = properties.keys.sorted().map { ToolSpec.Parameter(name: $0, description: "") }
            }
            return ToolSpec(name: item["function"]?["name"]?.string ?? "", description: "", parameters: parameters)
        }
    }

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let delay: TimeAmount
        let limiter: BenchRateLimiter?
        let cache: BenchCacheSimulator?
        var body = ByteBuffer()
        var head: HTTPRequestHead?

        init(delay: TimeAmount, limiter: BenchRateLimiter?, cache: BenchCacheSimulator?) {
            self.delay = delay
            self.limiter = limiter
            self.cache = cache
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body.clear()
            case .body(var chunk):
                body.writeBuffer(&chunk)
            case .end:
                let bytes = Array(body.readableBytesView)
                let loop = context.eventLoop
                let promise = loop.makePromise(of: Reply.self)
                let limiter = self.limiter
                let (cache, delay) = (self.cache, self.delay)
                let (method, uri) = (head?.method ?? .POST, head?.uri ?? "")
                promise.completeWithTask {
                    // The batch API (OpenAI's lifecycle), when the bench runs in batch mode.
                    if let batches = cache?.batches, !uri.hasSuffix("/chat/completions") {
                        return await batches.answer(method: method == .GET ? "GET" : "POST", uri: uri, body: bytes) {
                            await BenchModelServer.answer($0, cache: cache)
                        }
                    }
                    // Every answer counts 100 prompt and 20 completion tokens (its usage says so).
                    guard let limiter else {
                        return await Self.answerAfter(delay: delay, bytes, cache: cache)
                    }
                    let (refused, headers) = limiter.take(tokens: 120)
                    if let refused {
                        return Reply(
                            status: 429, body: #"{"error": {"message": "rate limited", "type": "requests"}}"#,
                            headers: headers + [("Retry-After", String(Int(refused.rounded(.up))))])
                    }
                    var reply = await Self.answerAfter(delay: delay, bytes, cache: cache)
                    reply.headers += headers
                    return reply
                }
                let bound = NIOLoopBound((self, context), eventLoop: loop)
                promise.futureResult.whenSuccess { reply in
                    let (handler, context) = bound.value
                    if context.channel.isActive { handler.respond(reply, context: context) }
                }
            }
        }

        static func answerAfter(delay: TimeAmount, _ bytes: [UInt8], cache: BenchCacheSimulator?) async -> Reply {
            let started = ContinuousClock.now
            let reply = await BenchModelServer.answer(bytes, cache: cache)
            let remaining = Duration.nanoseconds(delay.nanoseconds) - started.duration(to: .now)
            if remaining > .zero {
                do {
                    try await Task.sleep(for: remaining)
                } catch {
                    return Reply(status: 503, body: #"{"error": {"message": "the bench stopped"}}"#)
                }
            }
            return reply
        }

        func respond(_ reply: Reply, context: ChannelHandlerContext) {
            var headers = HTTPHeaders([("Content-Type", "application/json")] + reply.headers)
            headers.add(name: "Content-Length", value: String(reply.body.utf8.count))
            let head = HTTPResponseHead(
                version: .http1_1, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: reply.body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
