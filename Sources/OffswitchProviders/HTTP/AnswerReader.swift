import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Synchronization

/// Reads one answer for `HTTPTransport`: notes when the request went out and starts the request timeout then,
/// and stops reading once the answer grows past its cap (before the body would be held in memory whole).
final class AnswerReader: HTTPClientResponseDelegate {
    typealias Response = HTTPTransport.Response

    /// Why the reader ended a request itself.
    enum Failure: Error {
        /// The sent request got no whole answer within the timeout.
        case noAnswer
        /// The answer is larger than the cap (`declared` when its Content-Length said so before any byte came).
        case tooLarge(declared: Int?)
    }

    private struct State {
        var sent = false
        var status = 0
        var headers: [(name: String, value: String)] = []
        var body = ByteBuffer()
        var timer: Scheduled<Void>?
    }

    private let state = Mutex(State())
    private let timeout: TimeAmount
    private let maximumBytes: Int

    init(timeout: TimeAmount, maximumBytes: Int) {
        self.timeout = timeout
        self.maximumBytes = maximumBytes
    }

    /// Whether any of the request went on the wire: from then on the provider may be answering it.
    var wasSent: Bool { state.withLock { $0.sent } }

    func didSendRequestHead(task: HTTPClient.Task<Response>, _ head: HTTPRequestHead) {
        state.withLock { $0.sent = true }
    }

    func didSendRequest(task: HTTPClient.Task<Response>) {
        // The clock starts here, once per hop of a redirect: waiting for a connection is not the provider's time.
        let timer = task.eventLoop.scheduleTask(in: timeout) { task.fail(reason: Failure.noAnswer) }
        state.withLock { state in
            state.timer?.cancel()
            state.timer = timer
        }
    }

    func didReceiveHead(task: HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        if let declared = head.headers.first(name: "Content-Length").flatMap(Int.init), declared > maximumBytes {
            return task.eventLoop.makeFailedFuture(Failure.tooLarge(declared: declared))
        }
        state.withLock { state in
            state.status = Int(head.status.code)
            state.headers = head.headers.map { ($0.name, $0.value) }
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        let fits = state.withLock { state in
            guard buffer.readableBytes <= maximumBytes - state.body.readableBytes else { return false }
            var part = buffer
            state.body.writeBuffer(&part)
            return true
        }
        return fits
            ? task.eventLoop.makeSucceededVoidFuture()
            : task.eventLoop.makeFailedFuture(Failure.tooLarge(declared: nil))
    }

    func didReceiveError(task: HTTPClient.Task<Response>, _ error: any Error) {
        stopTimer()
    }

    func didFinishRequest(task: HTTPClient.Task<Response>) throws -> Response {
        stopTimer()
        return state.withLock { state in
            Response(status: state.status, headers: state.headers, body: Array(state.body.readableBytesView))
        }
    }

    /// Cancels the request timer (the transport calls it whichever way the request ended).
    func stopTimer() {
        state.withLock { state in
            state.timer?.cancel()
            state.timer = nil
        }
    }
}
