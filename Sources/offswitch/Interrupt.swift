import Glibc
import Synchronization

/// Ctrl-C (SIGINT) and SIGTERM: the first asks the run to stop (no new trials; running ones are ended and rerun on
/// resume), the second exits at once. The exit code is 128 + the signal: 130 for Ctrl-C, 143 for SIGTERM.
enum Interrupt {
    /// Signals received so far.
    static let count = Atomic<Int>(0)
    /// The first signal's number (0 before any).
    static let first = Atomic<Int32>(0)

    static func install() {
        let handler: @convention(c) (Int32) -> Void = { signal in
            // Only async-signal-safe work here: atomics, write(2), _exit(2).
            guard Interrupt.record(signal) else { return }
            let text = "\noffswitch: interrupted twice, exiting now\n"
            _ = text.withCString { Glibc.write(2, $0, strlen($0)) }
            _exit(128 + signal)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
    }

    /// Counts one `signal`; true when it is not the first, so the process must exit now.
    static func record(_ signal: Int32) -> Bool {
        let seen = count.add(1, ordering: .sequentiallyConsistent).newValue
        if seen == 1 { first.store(signal, ordering: .sequentiallyConsistent) }
        return seen >= 2
    }

    static var requested: Bool { count.load(ordering: .sequentiallyConsistent) > 0 }

    /// The exit code after the first signal: 128 + its number (130 when none was seen).
    static var exitCode: Int32 {
        let signal = first.load(ordering: .sequentiallyConsistent)
        return 128 + (signal == 0 ? SIGINT : signal)
    }

    /// Cancels `task` as soon as an interrupt arrives, after calling `notice`; returns when the task is done or
    /// this watch is cancelled.
    static func watch(_ task: Task<Void, any Error>, notice: @Sendable () -> Void = {}) async {
        while !Task.isCancelled {
            if requested {
                notice()
                task.cancel()
                return
            }
            do {
                try await Task.sleep(for: .milliseconds(50))
            } catch {
                return  // the watch itself was cancelled: the task ended
            }
        }
    }
}
