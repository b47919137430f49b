import Foundation
import Synchronization

/// Gathers the requests of concurrent trials of one model into batches, submits them through a ``BatchWire``,
/// polls each batch until it ends and hands every trial its own answer.
///
/// A batch is submitted when every trial taking part (``join()``) is waiting, on this batch or an earlier one, or
/// when no request came for `gatherQuiet`, or at the latest `gatherLimit` after the first request queued: so all
/// trials advance one turn per batch. Entries that come back expired, cancelled or with a server error go into a
/// later batch, at most `maxResubmits` times; then the call fails saying so. With a ``BatchJournal`` every batch,
/// its entries (custom id and request digest) and each answer are stored: a resumed run's trials, which send the
/// same requests again, are answered from the store or wait on the batch already submitted.
public final class BatchGatherer: Sendable {
    /// How batches are gathered and polled.
    public struct Settings: Sendable, Equatable {
        /// The wait between two polls of a batch.
        public var pollInterval: Duration
        /// A batch is submitted once no request came for this long.
        public var gatherQuiet: Duration
        /// A batch is submitted at the latest this long after its first request queued.
        public var gatherLimit: Duration
        /// How often an expired or cancelled entry is put into a later batch before its call fails.
        public var maxResubmits: Int
        /// The most entries in one batch (a larger gathering is split).
        public var maxEntries: Int
        /// How often a submission or a poll that failed transiently is tried again.
        public var transientRetries: Int

        public init(
            pollInterval: Duration = .seconds(30), gatherQuiet: Duration = .seconds(10),
            gatherLimit: Duration = .seconds(120), maxResubmits: Int = 2, maxEntries: Int = 10_000,
            transientRetries: Int = 5
        ) {
            self.pollInterval = pollInterval
            self.gatherQuiet = gatherQuiet
            self.gatherLimit = gatherLimit
            self.maxResubmits = max(0, maxResubmits)
            self.maxEntries = max(1, maxEntries)
            self.transientRetries = max(0, transientRetries)
        }
    }

    /// One call waiting for its answer.
    struct Waiter: Sendable {
        var id: Int
        var customID: String
        var trial: String
        var digest: String
        var body: [UInt8]
        /// Batches it was in that ended without an answer for it.
        var resubmitted: Int
        var continuation: CheckedContinuation<[UInt8], any Error>
    }

    struct State: Sendable {
        var participants = Set<Int>()
        var nextID = 0
        var queue: [Waiter] = []
        /// Bumped on every request queued: a quiet timer submits only if none came since it started.
        var arrivals = 0
        /// Bumped on every submission: a limit timer submits only the gathering it was started for.
        var rounds = 0
        /// The waiters of each submitted batch that has not ended, by batch id.
        var batches: [String: [Waiter]] = [:]
        /// Batches some task is polling.
        var polled = Set<String>()
        /// Waiters cancelled before their batch was submitted or ended.
        var cancelled = Set<Int>()
    }

    public let wire: any BatchWire
    public let settings: Settings
    private let journal: (any BatchJournal)?
    private let run: RunID
    private let onWait: @Sendable (BatchWait) -> Void
    private let state = Mutex(State())

    /// Creates a gatherer for `wire`'s model.
    /// - Parameters:
    ///   - wire: The provider's batch API for the model.
    ///   - run: The run the batches belong to (the journal keys answers by run, trial and request digest).
    ///   - journal: Where batches and answers are stored, or nil.
    ///   - settings: Gathering and polling.
    ///   - onWait: Told on every poll what the batch is doing (progress shows it).
    public init(
        wire: any BatchWire, run: RunID, journal: (any BatchJournal)?, settings: Settings = Settings(),
        onWait: @escaping @Sendable (BatchWait) -> Void = { _ in }
    ) {
        self.wire = wire
        self.run = run
        self.journal = journal
        self.settings = settings
        self.onWait = onWait
    }

    /// Adds a trial to those the gatherer waits for before it submits; returns its token for ``leave(_:)``.
    public func join() -> Int {
        state.withLock { state in
            state.nextID += 1
            state.participants.insert(state.nextID)
            return state.nextID
        }
    }

    /// Removes a finished trial: the batch being gathered no longer waits for it.
    public func leave(_ token: Int) {
        let ready = state.withLock { state in
            state.participants.remove(token)
            return takeIfEveryoneWaits(&state)
        }
        submit(ready)
    }

    /// The digest of a request body: SHA-256 of its JSON with sorted keys. The adapters encode objects in no fixed
    /// key order, so the same request is the same digest only once its keys are put in order.
    public static func digest(of body: [UInt8]) -> String {
        // A body that is not JSON (no adapter sends one) is digested as it is.
        guard let value = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]),
            let canonical = try? JSONSerialization.data(
                withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return SHA256.hex(body) }
        return SHA256.hex(canonical)
    }

    /// The id an entry of `trial` with request digest `digest` has in its batch.
    public static func customID(trial: String, digest: String) -> String {
        "o" + SHA256.hex(Array(trial.utf8)).prefix(16) + "_" + digest.prefix(40)
    }

    /// The model's answer to `request`, made by trial `trial`, through a batch (or the store).
    /// - Throws: `ProviderError` when the batch failed the request; `CancellationError` when cancelled.
    public func generate(_ request: ModelRequest, trial: String) async throws -> ModelOutput {
        let body = try wire.body(for: request)
        let digest = Self.digest(of: body)
        let customID = Self.customID(trial: trial, digest: digest)
        let lookup = try await journal?.batchLookup(run: run, trial: trial, digest: digest) ?? BatchLookup.none
        let answer: [UInt8]
        switch lookup {
        case .answered(let stored):
            answer = stored
        case .pending(let batch, let storedID):
            let order = try await journal?.batchEntries(batch: batch) ?? []
            answer = try await wait(customID: storedID, trial: trial, digest: digest, body: body) { waiter in
                self.attach(waiter, to: batch, order: order)
            }
        case .none:
            answer = try await wait(customID: customID, trial: trial, digest: digest, body: body) { waiter in
                self.enqueue(waiter)
            }
        }
        return try wire.output(answer: answer, request: request)
    }

    /// Suspends until a batch answers the call that `place` files.
    private func wait(
        customID: String, trial: String, digest: String, body: [UInt8], place: @escaping @Sendable (Waiter) -> Void
    ) async throws -> [UInt8] {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                place(
                    Waiter(
                        id: id, customID: customID, trial: trial, digest: digest, body: body, resubmitted: 0,
                        continuation: continuation))
            }
        } onCancel: {
            self.cancel(id)
        }
    }

    /// Resumes a cancelled call at once; its batch goes on (a resumed run waits on it).
    private func cancel(_ id: Int) {
        let waiter = state.withLock { state -> Waiter? in
            if let index = state.queue.firstIndex(where: { $0.id == id }) { return state.queue.remove(at: index) }
            for (batch, waiters) in state.batches {
                if let index = waiters.firstIndex(where: { $0.id == id }) {
                    return state.batches[batch]!.remove(at: index)
                }
            }
            state.cancelled.insert(id)
            return nil
        }
        waiter?.continuation.resume(throwing: CancellationError())
    }

    private func enqueue(_ waiter: Waiter) {
        let (ready, arrival, round, first) = state.withLock { state in
            if state.cancelled.remove(waiter.id) != nil {
                waiter.continuation.resume(throwing: CancellationError())
                return ([Waiter](), 0, 0, false)
            }
            let first = state.queue.isEmpty
            state.queue.append(waiter)
            state.arrivals += 1
            return (takeIfEveryoneWaits(&state), state.arrivals, state.rounds, first)
        }
        if !ready.isEmpty {
            submit(ready)
            return
        }
        let settings = settings
        // The timers are never cancelled (no task owns them); a sleep that throws submits at once.
        Task {
            await Self.sleep(for: settings.gatherQuiet)
            submit(state.withLock { state in state.arrivals == arrival ? take(&state) : [] })
        }
        if first {
            Task {
                await Self.sleep(for: settings.gatherLimit)
                submit(state.withLock { state in state.rounds == round ? take(&state) : [] })
            }
        }
    }

    /// The gathered queue when every participant is waiting, else nothing.
    private func takeIfEveryoneWaits(_ state: inout State) -> [Waiter] {
        let waiting = state.queue.count + state.batches.values.reduce(0) { $0 + $1.count }
        guard !state.queue.isEmpty, waiting >= state.participants.count else { return [] }
        return take(&state)
    }

    private func take(_ state: inout State) -> [Waiter] {
        guard !state.queue.isEmpty else { return [] }
        state.rounds += 1
        defer { state.queue = [] }
        return state.queue
    }

    /// Submits `waiters` (in batches of at most `maxEntries`) and polls each batch until it ends.
    private func submit(_ waiters: [Waiter]) {
        guard !waiters.isEmpty else { return }
        for start in stride(from: 0, to: waiters.count, by: settings.maxEntries) {
            let part = Array(waiters[start..<min(waiters.count, start + settings.maxEntries)])
            Task { await self.submitAndPoll(part) }
        }
    }

    private func submitAndPoll(_ waiters: [Waiter]) async {
        let entries = waiters.map { BatchEntry(customID: $0.customID, body: $0.body) }
        let status: BatchStatus
        do {
            status = try await transient { try await self.wire.submit(entries) }
        } catch {
            waiters.forEach { $0.continuation.resume(throwing: error) }
            return
        }
        // A call cancelled while its batch was being submitted is let go now; the batch goes on without it.
        let cancelled = state.withLock { state in
            let (gone, kept) = (
                waiters.filter { state.cancelled.contains($0.id) }, waiters.filter { !state.cancelled.contains($0.id) }
            )
            gone.forEach { state.cancelled.remove($0.id) }
            state.batches[status.id, default: []] += kept
            state.polled.insert(status.id)
            return gone
        }
        cancelled.forEach { $0.continuation.resume(throwing: CancellationError()) }
        let journalEntries = waiters.map {
            BatchJournalEntry(customID: $0.customID, trial: $0.trial, digest: $0.digest)
        }
        do {
            try await journal?.batchSubmitted(run: run, model: wire.address, status: status, entries: journalEntries)
        } catch {
            // Unrecorded, the batch would be submitted again on resume: the calls fail loudly instead.
            return fail(status.id, error)
        }
        await poll(status, order: waiters.map(\.customID))
    }

    /// Files `waiter` with a batch an earlier process submitted, polling it unless some task already does.
    private func attach(_ waiter: Waiter, to batch: String, order: [String]) {
        let start = state.withLock { state in
            if state.cancelled.remove(waiter.id) != nil {
                waiter.continuation.resume(throwing: CancellationError())
                return false
            }
            state.batches[batch, default: []].append(waiter)
            return state.polled.insert(batch).inserted
        }
        guard start else { return }
        Task {
            let status = BatchStatus(id: batch, state: "resumed", ended: false)
            await self.poll(status, order: order)
        }
    }

    /// Polls a batch until it ends, then hands out its results.
    private func poll(_ submitted: BatchStatus, order: [String]) async {
        let clock = ContinuousClock()
        let started = clock.now
        var status = submitted
        var failures = 0
        while !status.ended {
            let waiting = state.withLock { $0.batches[status.id]?.count ?? 0 }
            // Nobody waits any more (the run was interrupted): a resumed run polls it again.
            guard waiting > 0 else { return finish(status.id, results: [:], stop: true) }
            onWait(
                BatchWait(
                    provider: wire.address, batch: status.id, requests: order.count, state: status.state,
                    elapsed: started.duration(to: clock.now)))
            await Self.sleep(for: settings.pollInterval)
            do {
                status = try await wire.status(of: status.id)
                failures = 0
                try await journal?.batchUpdated(status)
            } catch let error as ProviderError where error.code.isRetryable && failures < settings.transientRetries {
                failures += 1
            } catch {
                return fail(status.id, error)
            }
        }
        do {
            let ended = status
            let results = try await transient { try await self.wire.results(of: ended, customIDs: order) }
            for (customID, result) in results {
                if case .answered(let answer) = result {
                    try await journal?.batchAnswered(batch: status.id, customID: customID, answer: answer)
                }
            }
            finish(status.id, results: results, state: status.state)
        } catch {
            fail(status.id, error)
        }
    }

    /// Hands out an ended batch's results: answers, failures, and the entries to put into a later batch.
    private func finish(
        _ batch: String, results: [String: BatchEntryResult], state word: String = "", stop: Bool = false
    ) {
        let waiters = state.withLock { state in
            state.polled.remove(batch)
            return state.batches.removeValue(forKey: batch) ?? []
        }
        guard !stop else { return }
        var again: [Waiter] = []
        for var waiter in waiters {
            switch results[waiter.customID] ?? .resubmit("had no result when the batch ended (\(word))") {
            case .answered(let answer):
                waiter.continuation.resume(returning: answer)
            case .failed(let error):
                waiter.continuation.resume(throwing: error)
            case .resubmit(let reason):
                guard waiter.resubmitted < settings.maxResubmits else {
                    let times = waiter.resubmitted + 1
                    waiter.continuation.resume(
                        throwing: ProviderError(
                            .server,
                            "\(wire.address): the request \(reason) in batch \(batch), after \(times) batch\(times == 1 ? "" : "es"); it was not submitted again"
                        ))
                    continue
                }
                waiter.resubmitted += 1
                again.append(waiter)
            }
        }
        for waiter in again { enqueue(waiter) }
    }

    private func fail(_ batch: String, _ error: any Error) {
        let waiters = state.withLock { state in
            state.polled.remove(batch)
            return state.batches.removeValue(forKey: batch) ?? []
        }
        waiters.forEach { $0.continuation.resume(throwing: error) }
    }

    /// Sleeps in a task nothing cancels; a cancelled one (nothing does) simply returns early.
    private static func sleep(for duration: Duration) async {
        do {
            try await Task.sleep(for: duration)
        } catch {
            return
        }
    }

    /// `body`, tried again after a transient provider failure (a wait of one poll interval), a few times.
    private func transient<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let error as ProviderError where error.code.isRetryable && attempt < settings.transientRetries {
                attempt += 1
                await Self.sleep(for: max(settings.pollInterval, error.retryAfter ?? .zero))
            }
        }
    }
}
