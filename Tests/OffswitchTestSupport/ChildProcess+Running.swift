public import Foundation
import Glibc
import Synchronization

extension ChildProcess {
    /// A started child whose stdout and stderr go to files of its own, removed when the value goes away.
    ///
    /// Its exit is awaited through the termination handler (``exit()``), so no thread waits for it; a test that
    /// must act at a moment the cooperative pool might miss (a signal after the fifth trial) watches from a thread
    /// of its own (``signal(_:once:)``).
    public final class Running: Sendable {
        /// The child, for a watcher on a thread of its own (`isRunning`, `waitUntilExit`).
        public let process: Process
        /// The child's process id.
        public let pid: Int32
        /// Where the child's stdout and stderr go.
        public let stdoutPath: String
        public let stderrPath: String
        private let scratch: String
        private let limit: Int
        private let ended = Ended()

        /// The exit status once known, and who waits for it (shared with the termination handler).
        private final class Ended: Sendable {
            struct State {
                var status: Int32?
                var waiters: [CheckedContinuation<Int32, Never>] = []
            }
            let state = Mutex<State>(State())

            func withLock<T>(_ body: (inout State) -> T) -> T { state.withLock { body(&$0) } }
        }

        init(_ process: Process, limit: Int) throws {
            scratch = NSTemporaryDirectory() + "offswitch-child-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            stdoutPath = scratch + "/stdout"
            stderrPath = scratch + "/stderr"
            self.limit = limit
            self.process = process
            do {
                for path in [stdoutPath, stderrPath] where !FileManager.default.createFile(atPath: path, contents: nil)
                {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
                }
                let out = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
                let err = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
                // The child has its own copies once it runs; the parent's are closed either way.
                defer {
                    try? out.close()
                    try? err.close()
                }
                process.standardOutput = out
                process.standardError = err
                let ended = self.ended
                process.terminationHandler = { process in
                    let status = process.terminationStatus
                    let waiters = ended.withLock { state in
                        state.status = status
                        defer { state.waiters = [] }
                        return state.waiters
                    }
                    for waiter in waiters { waiter.resume(returning: status) }
                }
                try process.run()
            } catch {
                try? FileManager.default.removeItem(atPath: scratch)
                throw error
            }
            pid = process.processIdentifier
        }

        deinit {
            try? FileManager.default.removeItem(atPath: scratch)
        }

        /// Whether the child has not ended yet.
        public var isRunning: Bool { ended.withLock { $0.status == nil } }

        /// Waits for the child to end, without holding a thread, and returns its exit status.
        public func exit() async -> Int32 {
            if let status = ended.withLock({ $0.status }) { return status }
            return await withCheckedContinuation { continuation in
                let status = ended.withLock { state -> Int32? in
                    if state.status == nil { state.waiters.append(continuation) }
                    return state.status
                }
                if let status { continuation.resume(returning: status) }
            }
        }

        /// Waits for the child to end and returns its status with (the first `limit` bytes of) each stream.
        public func result() async -> Result {
            let status = await exit()
            return Result(
                status: status, stdout: Self.read(stdoutPath, limit: limit), stderr: Self.read(stderrPath, limit: limit)
            )
        }

        /// What the child has written so far (the first `limit` bytes of each stream).
        public func output() -> (stdout: String, stderr: String) {
            (
                String(decoding: Self.read(stdoutPath, limit: limit), as: UTF8.self),
                String(decoding: Self.read(stderrPath, limit: limit), as: UTF8.self)
            )
        }

        /// Sends `signal` to the child.
        public func send(_ signal: Int32) {
            if isRunning { kill(pid, signal) }
        }

        /// Sends `signal` as soon as the stderr written so far satisfies `condition`, waits for the child to end and
        /// returns its whole stderr. A child that ends first gets no signal.
        ///
        /// The watching runs on a thread of its own that looks every 2 ms, so a loaded machine (CI runs every suite at
        /// once) can neither hold the cooperative pool's threads until the child is done nor delay the signal.
        public func signal(_ signal: Int32, once condition: @escaping @Sendable (String) -> Bool) async -> String {
            await withCheckedContinuation { (done: CheckedContinuation<String, Never>) in
                Thread.detachNewThread {
                    while self.isRunning {
                        if condition(String(decoding: Self.read(self.stderrPath, limit: self.limit), as: UTF8.self)) {
                            kill(self.pid, signal)
                            break
                        }
                        usleep(2_000)
                    }
                    self.process.waitUntilExit()
                    done.resume(
                        returning: String(decoding: Self.read(self.stderrPath, limit: self.limit), as: UTF8.self))
                }
            }
        }

        /// The first `limit` bytes of the file at `path`; empty if it cannot be read (it is the child's own scratch
        /// file, there as long as this value is).
        static func read(_ path: String, limit: Int) -> Data {
            guard let handle = FileHandle(forReadingAtPath: path) else { return Data() }
            defer { handle.closeFile() }
            // Sized first: reading "up to 64 MiB" would reserve that much for every look at a short file.
            guard let size = try? handle.seekToEnd(), size > 0, (try? handle.seek(toOffset: 0)) != nil else {
                return Data()
            }
            return (try? handle.read(upToCount: Int(min(size, UInt64(limit))))) ?? Data()
        }
    }
}
