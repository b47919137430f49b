/// Judges many stored trials: a bounded window of judge calls, each judgement saved as it comes, with a cost cap.
///
/// Where trials come from and where judgements go is the caller's (the CLI passes the results store), so a
/// stopped run is resumed by asking the store again for the trials still to judge.
public struct JudgeRun: Sendable {
    /// Progress, reported after every judgement.
    public struct Progress: Sendable, Equatable {
        public var total: Int
        public var done = 0
        public var counts: [Judgement.Status: Int] = [:]
        /// USD spent by this invocation (a judge with no price counts nothing).
        public var cost: Double = 0
        /// True once the cost cap was reached: no further trial is judged.
        public var stoppedByCostCap = false
    }

    public var judge: TranscriptJudge
    /// Judge calls in flight at once.
    public var maxConcurrency: Int
    public var prices: PriceTable
    /// The USD this invocation may spend: once reached, no new judgement starts.
    public var maxCost: Double?

    /// Creates a judging run.
    public init(judge: TranscriptJudge, maxConcurrency: Int = 4, prices: PriceTable = .builtIn, maxCost: Double? = nil)
    {
        self.judge = judge
        self.maxConcurrency = maxConcurrency
        self.prices = prices
        self.maxCost = maxCost
    }

    /// Judges `trials`.
    /// - Parameters:
    ///   - trials: The row ids of the trials to judge.
    ///   - load: Reads one trial as the judge sees it.
    ///   - save: Stores one judgement.
    ///   - progress: Called after each judgement.
    /// - Returns: The final progress.
    /// - Throws: What `load` or `save` throw: a store that fails stops the run. Cancellation stops starting
    ///   judgements; saved ones are kept.
    public func run(
        trials: [Int64], load: @escaping @Sendable (Int64) async throws -> JudgeTranscript,
        save: @escaping @Sendable (Int64, Judgement) async throws -> Void,
        progress: @Sendable (Progress) -> Void = { _ in }
    ) async throws -> Progress {
        var state = Progress(total: trials.count)
        let judge = self.judge
        try await withThrowingTaskGroup(of: Judgement?.self) { group in
            var next = trials.makeIterator()
            func startNext() -> Bool {
                guard !Task.isCancelled, !state.stoppedByCostCap, let trial = next.next() else { return false }
                group.addTask {
                    let transcript = try await load(trial)
                    let judgement: Judgement
                    do {
                        judgement = try await judge.judge(transcript)
                    } catch is CancellationError {
                        return nil
                    }
                    try await save(trial, judgement)
                    return judgement
                }
                return true
            }
            for _ in 0..<max(1, maxConcurrency) where !startNext() { break }
            while let judgement = try await group.next() {
                if let judgement {
                    state.done += 1
                    state.counts[judgement.status, default: 0] += 1
                    state.cost += prices.cost(of: judgement.usage, address: judgement.judge) ?? 0
                    if let cap = maxCost, state.cost >= cap { state.stoppedByCostCap = true }
                    progress(state)
                }
                _ = startNext()
            }
        }
        return state
    }
}
