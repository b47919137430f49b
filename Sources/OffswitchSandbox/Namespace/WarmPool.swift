import OffswitchCore
import Synchronization

/// Sandboxes started ahead of the trials that will take them, so a trial does not wait for one to start.
///
/// A warm sandbox is blank: nothing has run in it and its workspace holds only the question program's mount
/// point. It is made a trial's when the trial takes it (``NamespaceSandbox/handOver(_:to:)`` places the files
/// and connects the question service), which is also what a sandbox started on the spot goes through, so both
/// paths give the trial the same sandbox. Each take starts a replacement in the background, up to
/// ``capacity`` per kind; ``drain()`` stops what was never taken.
final class WarmPool: Sendable {
    /// What must be fixed when a sandbox starts: sandboxes of the same key are interchangeable.
    struct Key: Hashable, Sendable {
        var limits: SandboxLimits
        var hostname: String
        var workspace: String
        /// The question program's path in the workspace: bound read-only over a file made before the start.
        var questionProgram: String?
        /// The account init drops to before anything runs.
        var account: AgentAccount

        init(_ spec: SandboxSpec, account: AgentAccount) {
            self.account = account
            limits = spec.limits
            hostname = spec.hostname
            workspace = spec.workspace
            questionProgram = spec.questionProgram?.path
        }
    }

    private struct State {
        var ready: [Key: [NamespaceSandbox.Handle]] = [:]
        var starting: [Key: Int] = [:]
        var refills: [Int: Task<Void, Never>] = [:]
        var nextRefill = 0
        var closed = false
    }

    /// How many sandboxes of one key are kept started or starting; 0 turns the pool off.
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// A warm sandbox of `key` whose init is still there, or nil.
    func take(_ key: Key) -> NamespaceSandbox.Handle? {
        while true {
            let handle: NamespaceSandbox.Handle? = state.withLock { state in
                guard var ready = state.ready[key], !ready.isEmpty else { return nil }
                let handle = ready.removeFirst()
                state.ready[key] = ready
                return handle
            }
            guard let handle else { return nil }
            if handle.sandbox.connection.isOpen { return handle }
            // Init went away while the sandbox waited (it should not): never hand that to a trial.
            Task { await handle.stop() }
        }
    }

    /// Starts sandboxes of `key` in the background until `capacity` of them are warm or starting.
    func refill(_ key: Key, start: @escaping @Sendable () async throws -> NamespaceSandbox.Handle) {
        state.withLock { state in
            guard !state.closed else { return }
            let missing = capacity - (state.ready[key]?.count ?? 0) - (state.starting[key] ?? 0)
            guard missing > 0 else { return }
            state.starting[key, default: 0] += missing
            for _ in 0..<missing {
                let id = state.nextRefill
                state.nextRefill += 1
                // Registered under the lock the task needs to finish: it cannot remove itself before this.
                state.refills[id] = Task { await self.finishRefill(id, key: key, handle: try? await start()) }
            }
        }
    }

    /// Puts a sandbox a refill started among the warm ones, or stops it when the pool was drained meanwhile.
    private func finishRefill(_ id: Int, key: Key, handle: NamespaceSandbox.Handle?) async {
        let leftOver: NamespaceSandbox.Handle? = state.withLock { state in
            state.starting[key, default: 1] -= 1
            state.refills[id] = nil
            guard let handle else { return nil }
            if state.closed { return handle }
            state.ready[key, default: []].append(handle)
            return nil
        }
        await leftOver?.stop()
    }

    /// Stops every warm sandbox and those still starting; the pool starts no more.
    func drain() async {
        let (ready, refills) = state.withLock { state in
            state.closed = true
            defer { state.ready = [:] }
            return (state.ready.values.flatMap { $0 }, Array(state.refills.values))
        }
        // A start in flight is cancelled (it kills its half-made sandbox) rather than awaited: under load a
        // start takes seconds, and a run stopping on Ctrl-C must not wait for sandboxes it will never use.
        for refill in refills { refill.cancel() }
        for refill in refills { await refill.value }
        await withTaskGroup(of: Void.self) { group in
            for handle in ready { group.addTask { await handle.stop() } }
        }
    }

    /// How many sandboxes are warm now.
    var warmCount: Int { state.withLock { $0.ready.values.reduce(0) { $0 + $1.count } } }

    /// The warm sandboxes, left in the pool (for tests).
    func peek() -> [NamespaceSandbox.Handle] { state.withLock { $0.ready.values.flatMap { $0 } } }
}
