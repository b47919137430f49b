import Foundation

extension Runner {
    /// One branch trial of a forked run: its trunk (stored, or generated now and stored first), replayed in a
    /// fresh sandbox under the branch condition and continued live from the warning. Returns nil when cancelled.
    func runBranch(
        key: TrialKey, run: RunID, provider: any ModelProvider, condition: Condition, fork: ForkPlan,
        trunks: TrunkCache
    ) async throws -> TrialRecord? {
        let trunkKey = fork.trunkKey(of: key)
        let link = fork.link(of: key)
        let made = try await trunks.trunk(key: trunkKey) {
            try await generateTrunk(key: trunkKey, run: run, provider: provider, condition: fork.trunk)
        }
        guard let (outcome, generatedHere) = made else { return nil }
        let startedAt = Date().timeIntervalSince1970
        let trunk: Trunk
        switch outcome {
        case .failure(let reason):
            // No trunk, no branch: the error is recorded (not finished, so a resumed run tries the trunk again).
            let result = TrialResult(
                outcome: TrialOutcome(kind: .error, reason: "trunk \(trunkKey): \(reason)"), events: [],
                modelNames: [], usage: Usage(), scripted: false)
            return TrialRecord(
                run: run, key: key, result: result, startedAt: startedAt, durationMilliseconds: 0,
                sandbox: backend.name, fork: link)
        case .success(let stored):
            trunk = stored
        }
        // The branch's own provider only once its trunk is there (a batch gatherer counts a trial from this moment).
        let live = try? (provider as? any TrialSpecificProvider)?.trial(key).provider
        var attempt = 0
        while true {
            if Task.isCancelled { return nil }
            let forked = ForkedProvider(trunk: trunk, live: live ?? provider, branch: condition.id)
            let clock = ContinuousClock()
            let start = clock.now
            guard var result = await attemptTrial(provider: forked, condition: condition) else { return nil }
            if let divergence = forked.divergence {
                // An invalid branch: the sandbox did not answer as the trunk's did, so it is not the same history.
                result.outcome = TrialOutcome(kind: .excluded, reason: "invalid branch: \(divergence)")
            } else if result.outcome.kind == .error && attempt < configuration.retries {
                attempt += 1
                continue
            }
            var record = TrialRecord(
                run: run, key: key, result: result, startedAt: startedAt,
                durationMilliseconds: start.duration(to: clock.now).wholeMilliseconds, sandbox: backend.name,
                fork: link)
            if generatedHere { record.trunkUsage = trunk.usage }
            return record
        }
    }

    /// The trunk of `key`: the stored one, or one generated now under the trunk condition (retried on error) and
    /// stored before any branch uses it. Nil when cancelled.
    func generateTrunk(key: TrialKey, run: RunID, provider: any ModelProvider, condition: Condition) async throws
        -> Result<Trunk, TrunkFailure>?
    {
        if let stored = try await recorder.trunk(run: run, key: key) { return .success(stored) }
        var provider = provider
        if let specific = provider as? any TrialSpecificProvider {
            do {
                provider = try specific.trial(key).provider
            } catch {
                return .failure(TrunkFailure(reason: "provider: \(error)"))
            }
        }
        var attempt = 0
        while true {
            if Task.isCancelled { return nil }
            let startedAt = Date().timeIntervalSince1970
            let clock = ContinuousClock()
            let start = clock.now
            guard let result = await attemptTrial(provider: provider, condition: condition, stopAtWarning: true) else {
                return nil
            }
            let duration = start.duration(to: clock.now).wholeMilliseconds
            if let trunk = Trunk(key: key, result: result, startedAt: startedAt, durationMilliseconds: duration) {
                try await Task { try await recorder.record(trunk: trunk, run: run) }.value
                return .success(trunk)
            }
            if attempt < configuration.retries {
                attempt += 1
                continue
            }
            return .failure(TrunkFailure(reason: result.outcome.reason))
        }
    }
}

extension Runner.Configuration {
    /// Trials per cell of a run of `trunks` epochs: one per epoch, or a fork's branches per trunk for each.
    public static func branchEpochs(trunks: Int, fork: ForkPlan?) -> Int {
        let (count, overflow) = trunks.multipliedReportingOverflow(by: fork?.branchesPerTrunk ?? 1)
        return overflow ? Int.max : count
    }
}

/// Why a trunk could not be generated (its last attempt's error).
public struct TrunkFailure: Error, Sendable {
    public var reason: String
}

/// The trunks of one invocation: each generated once, however many branch trials ask for it at once.
///
/// It keeps at most ``capacity`` finished trunks (the oldest go first): a trunk asked for again after that is read
/// back from the store, where it was written before any branch used it. A trunk still being made is never dropped,
/// so it is never made twice.
actor TrunkCache {
    private var entries: [TrialKey: Task<Result<Trunk, TrunkFailure>?, any Error>] = [:]
    /// Finished entries, oldest first.
    private var finished: [TrialKey] = []
    let capacity: Int

    init(capacity: Int = 256) { self.capacity = max(1, capacity) }

    /// The trunk of `key`, made by `make` unless it is held; the Bool is true only for the caller whose `make`
    /// ran. Nil when cancelled.
    func trunk(
        key: TrialKey, make: @escaping @Sendable () async throws -> Result<Trunk, TrunkFailure>?
    ) async throws -> (Result<Trunk, TrunkFailure>, Bool)? {
        let generatedHere = entries[key] == nil
        let task = entries[key] ?? Task { try await make() }
        entries[key] = task
        let outcome = try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
        guard let outcome else {
            // Cancelled: a later ask (none in this invocation, normally) starts over.
            entries[key] = nil
            return nil
        }
        if generatedHere {
            finished.append(key)
            while finished.count > capacity { entries[finished.removeFirst()] = nil }
        }
        return (outcome, generatedHere)
    }
}
