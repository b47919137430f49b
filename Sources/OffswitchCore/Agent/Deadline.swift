/// The instant a trial must be over by (the condition's trial time limit), and the waits it bounds: a model call
/// still running then is cancelled, and no command's timeout reaches past it.
struct Deadline: Sendable {
    /// Thrown by ``run(_:)`` when the deadline passes before the operation ends.
    struct Expired: Error {}

    let end: ContinuousClock.Instant

    /// The deadline `limit` after now.
    init(after limit: Duration) {
        end = ContinuousClock.now.advanced(by: limit)
    }

    /// Whether the deadline has passed.
    var hasPassed: Bool { ContinuousClock.now >= end }

    /// The time left, zero once the deadline has passed.
    var remaining: Duration { max(.zero, ContinuousClock.now.duration(to: end)) }

    /// `timeout`, shortened to the time left.
    func bounding(_ timeout: Duration) -> Duration { min(timeout, remaining) }

    /// Runs `operation`, cancelling it once the deadline passes.
    /// - Throws: ``Expired`` when the deadline passed first; otherwise what `operation` throws
    ///   (`CancellationError` when the calling task is cancelled).
    func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let end = self.end
        return try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(until: end, clock: .continuous)
                throw Expired()
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}
