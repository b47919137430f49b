import Glibc
import Synchronization

/// Ctrl-C (or SIGTERM) handling: the first asks the run to stop cleanly, the second exits at once.
enum Interrupt {
    static let count = Atomic<Int>(0)

    static func install() {
        let handler: @convention(c) (Int32) -> Void = { signal in
            let (seen, _) = Interrupt.count.add(1, ordering: .relaxed)
            if seen >= 2 {
                let text = "\noffswitch: interrupted twice, exiting now\n"
                _ = text.withCString { Glibc.write(2, $0, strlen($0)) }
                _exit(130)
            }
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
    }

    static var requested: Bool { count.load(ordering: .relaxed) > 0 }

    /// Cancels `task` as soon as an interrupt arrives; returns when the task is done.
    static func watch(_ task: Task<Void, any Error>) async {
        while !Task.isCancelled {
            if requested {
                task.cancel()
                return
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}
