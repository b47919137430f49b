import Glibc
import NIOCore
import NIOPosix
import OffswitchCore
import Synchronization

/// The container engine's command-line client (`docker` or `podman`), run as a child process per call.
///
/// Its output is read through NIO pipe channels and it is reaped on NIO's thread pool once its pipes are closed,
/// so no Swift concurrency thread ever blocks on it.
struct EngineClient: Sendable {
    /// What one call of the client produced.
    struct Output: Sendable {
        /// The client's wait status.
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
        /// The output passed the cap and was cut.
        var truncated: Bool
        /// The client was killed at its deadline.
        var killed: Bool

        /// The exit code, or 128 + signal.
        var exitCode: Int32 { status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
        var text: String { String(decoding: stdout, as: UTF8.self).trimmingSpaces() }
        var errorText: String { String(decoding: stderr, as: UTF8.self).trimmingSpaces() }
    }

    /// The client binary (absolute path).
    var executable: String
    /// The environment of the client: PATH and the engine's address only (none of the evaluator's variables).
    var environment: [String]

    /// Runs the client with `arguments`; its output is capped at `outputCap` bytes (stdout and stderr together)
    /// and it is killed if it has not finished after `deadline`, or when the calling task is cancelled.
    /// - Throws: `SandboxError.unavailable` when the client cannot be started.
    func run(_ arguments: [String], outputCap: Int = 1 << 20, deadline: Duration? = nil) async throws -> Output {
        var out: [Int32] = [-1, -1]
        var err: [Int32] = [-1, -1]
        // Socket pairs as pipes: created close-on-exec in one step, so no client spawned meanwhile by another
        // thread inherits a write end (which would keep this call's output open until that client exits).
        let kind = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, kind, 0, &out) == 0 else { throw Self.failure("socketpair", errno) }
        guard socketpair(AF_UNIX, kind, 0, &err) == 0 else {
            close(out[0])
            close(out[1])
            throw Self.failure("pipe", errno)
        }
        let pid: pid_t
        do {
            pid = try spawn([executable] + arguments, stdout: out[1], stderr: err[1])
        } catch {
            [out[0], out[1], err[0], err[1]].forEach { close($0) }
            throw error
        }
        close(out[1])
        close(err[1])
        let collector = OutputCollector(cap: outputCap)
        let group = MultiThreadedEventLoopGroup.singleton
        var channels: [any Channel] = []
        for (fd, isError) in [(out[0], false), (err[0], true)] {
            do {
                channels.append(
                    try await NIOPipeBootstrap(group: group)
                        .channelInitializer { channel in
                            channel.eventLoop.makeCompletedFuture {
                                try channel.pipeline.syncOperations.addHandler(
                                    OutputHandler(collector: collector, isError: isError))
                            }
                        }
                        .takingOwnershipOfDescriptor(input: fd).get())
            } catch {
                close(fd)
            }
        }
        let killer = Task<Bool, any Error> {
            guard let deadline else { return false }
            try await Task.sleep(for: deadline)
            kill(pid, SIGKILL)
            return true
        }
        // Cancelled (Ctrl-C): kill the client instead of waiting for it. Its pid cannot be reused meanwhile: it is
        // reaped only below, after this wait.
        await withTaskCancellationHandler {
            for channel in channels {
                do { try await channel.closeFuture.get() } catch { continue }
            }
        } onCancel: {
            kill(pid, SIGKILL)
        }
        killer.cancel()
        let killed: Bool
        do { killed = try await killer.value } catch { killed = false }
        let status = try await NIOThreadPool.singleton.runIfActive {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return status
        }
        let (stdout, stderr, truncated) = collector.result()
        return Output(status: status, stdout: stdout, stderr: stderr, truncated: truncated, killed: killed)
    }

    /// Runs the client and returns its trimmed stdout.
    /// - Throws: `SandboxError` with the client's own error line when it fails.
    func checked(_ arguments: [String], code: SandboxError.Code = .setup) async throws -> String {
        let output = try await run(arguments)
        guard output.exitCode == 0 else {
            let detail = output.errorText.isEmpty ? "exit code \(output.exitCode)" : output.errorText
            throw SandboxError(code, "\(executable) \(arguments.first ?? "") failed: \(detail)")
        }
        return output.text
    }

    private func spawn(_ arguments: [String], stdout: Int32, stderr: Int32) throws -> pid_t {
        try Spawner.spawn(
            arguments, environment: environment,
            files: [
                .open(0, path: "/dev/null", flags: O_RDONLY, mode: 0), .duplicate(stdout, as: 1),
                .duplicate(stderr, as: 2),
            ],
            failure: .unavailable)
    }

    private static func failure(_ what: String, _ code: Int32) -> SandboxError {
        SandboxError(.unavailable, "\(what): \(String(cString: strerror(code)))")
    }
}

/// The output of one client call, capped across stdout and stderr together (the rest is drained and dropped).
final class OutputCollector: Sendable {
    private struct State {
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var truncated = false
    }

    private let state = Mutex(State())
    private let cap: Int

    init(cap: Int) { self.cap = cap }

    func append(_ bytes: ByteBufferView, isError: Bool) {
        state.withLock { state in
            let room = cap - state.stdout.count - state.stderr.count
            if bytes.count > room { state.truncated = true }
            let taken = bytes.prefix(max(0, room))
            if isError { state.stderr += taken } else { state.stdout += taken }
        }
    }

    func result() -> ([UInt8], [UInt8], Bool) { state.withLock { ($0.stdout, $0.stderr, $0.truncated) } }
}

/// Feeds one pipe's bytes to the collector.
final class OutputHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    let collector: OutputCollector
    let isError: Bool

    init(collector: OutputCollector, isError: Bool) {
        self.collector = collector
        self.isError = isError
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        collector.append(unwrapInboundIn(data).readableBytesView, isError: isError)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var text = Substring(String(self))
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        return String(text)
    }
}
