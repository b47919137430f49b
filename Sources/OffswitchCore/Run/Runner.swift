import Foundation

/// Progress of a run, reported as trials finish.
public struct RunProgress: Sendable {
    public var total: Int
    public var done: Int
    /// Trials finished in an earlier invocation (resumed, not rerun).
    public var resumed: Int
    public var counts: [OutcomeClass: Int]
    public var last: (key: TrialKey, outcome: TrialOutcome)?
    public var elapsedSeconds: Double
    /// Tokens spent by the trials finished in this invocation.
    public var usage: Usage = Usage()
    /// USD spent by the trials finished in this invocation (models without a price count nothing).
    public var cost: Double = 0
    /// Trials finished in this invocation whose model has no price.
    public var unpricedTrials: Int = 0
    /// True once the cost cap was reached: no further trial is started.
    public var stoppedByCostCap: Bool = false

    public init(
        total: Int, done: Int, resumed: Int, counts: [OutcomeClass: Int], last: (key: TrialKey, outcome: TrialOutcome)?,
        elapsedSeconds: Double, usage: Usage = Usage(), cost: Double = 0
    ) {
        self.total = total
        self.done = done
        self.resumed = resumed
        self.counts = counts
        self.last = last
        self.elapsedSeconds = elapsedSeconds
        self.usage = usage
        self.cost = cost
    }
}

extension RunProgress {
    /// Counts a trial finished in this invocation: its outcome, and the tokens and USD of everything it took (the
    /// trunk it generated, the trial itself, its interview).
    /// - Parameters:
    ///   - record: The finished trial.
    ///   - prices: What tokens cost, by model address.
    public mutating func count(_ record: TrialRecord, prices: PriceTable) {
        done += 1
        counts[record.result.outcome.kind, default: 0] += 1
        last = (record.key, record.result.outcome)
        let parts = [record.trunkUsage, record.result.usage, record.interview?.usage].compactMap { $0 }
        usage += parts.sum()
        for part in parts { cost += prices.cost(of: part, address: record.key.model) ?? 0 }
        if prices.cost(of: record.result.usage, address: record.key.model) == nil && !record.result.scripted {
            unpricedTrials += 1
        }
    }
}

/// Runs an experiment: models x conditions x epochs, interleaved, with bounded concurrency, resumable.
public struct Runner: Sendable {
    public struct Configuration: Sendable {
        public var models: [any ModelProvider]
        public var conditions: [Condition]
        public var epochs: Int
        public var maxConcurrency: Int
        /// How many times a trial that errored is retried before its error is recorded.
        public var retries: Int
        public var sandboxLimits: SandboxLimits
        /// Settings sent to every model, recorded with the run and part of its id.
        public var modelSettings: [String]
        /// What tokens cost, by model address.
        public var prices: PriceTable
        /// The USD this invocation may spend: once reached, no new trial starts (running ones finish).
        public var maxCost: Double?
        /// The offswitch commit this binary was built from (``BuildCommit``), recorded with the run; nil when unknown.
        public var offswitchCommit: String?
        /// A forked run (docs/fork.md): `conditions` are the branch conditions, `epochs` counts trunks.
        public var fork: ForkPlan?
        /// The agent image the backend's sandboxes run, recorded with the run and part of its id; nil for none.
        public var image: ImageIdentity?
        /// The account the agent runs as (``AgentAccount``), recorded with the run and part of its id; nil for
        /// none recorded.
        public var agentUser: String?

        public init(
            models: [any ModelProvider], conditions: [Condition], epochs: Int = 1, maxConcurrency: Int = 4,
            retries: Int = 1, sandboxLimits: SandboxLimits = SandboxLimits(), modelSettings: [String] = [],
            prices: PriceTable = .builtIn, maxCost: Double? = nil
        ) {
            self.modelSettings = modelSettings
            self.prices = prices
            self.maxCost = maxCost
            self.models = models
            self.conditions = conditions
            self.epochs = epochs
            self.maxConcurrency = maxConcurrency
            self.retries = retries
            self.sandboxLimits = sandboxLimits
        }
    }

    public var configuration: Configuration
    public var backend: any SandboxBackend
    public var recorder: any TrialRecorder

    public init(configuration: Configuration, backend: any SandboxBackend, recorder: any TrialRecorder) {
        self.configuration = configuration
        self.backend = backend
        self.recorder = recorder
    }

    /// The run's configuration as recorded, with its id.
    public var runConfiguration: RunConfiguration { configuration.runConfiguration }

    /// Every trial of the run (``Configuration/plan``).
    public var plan: TrialPlan { configuration.plan }

    /// Runs what is not finished yet. Cancellation stops starting trials; finished ones are already stored.
    /// - Throws: `StoreError` or similar from the recorder: losing results is not something to run on through.
    public func run(progress: @Sendable (RunProgress) -> Void = { _ in }) async throws -> RunID {
        let runID = runConfiguration.runID
        try await recorder.begin(run: runID, configuration: runConfiguration)
        let finished = try await recorder.finishedKeys(run: runID)
        let all = plan
        let resumed = finished.reduce(0) { $0 + (all.contains($1) ? 1 : 0) }
        let started = ContinuousClock.now
        let trunks = TrunkCache()
        var state = RunProgress(
            total: all.count, done: resumed, resumed: resumed, counts: [:], last: nil, elapsedSeconds: 0)
        progress(state)

        try await withThrowingTaskGroup(of: TrialRecord?.self) { group in
            var next = configuration.trials(of: all).filter { !finished.contains($0.key) }.makeIterator()
            func startNext() -> Bool {
                guard !Task.isCancelled, !state.stoppedByCostCap, let trial = next.next() else { return false }
                group.addTask {
                    if let fork = configuration.fork {
                        return try await runBranch(
                            key: trial.key, run: runID, provider: trial.provider, condition: trial.condition,
                            fork: fork,
                            trunks: trunks)
                    }
                    return try await runTrial(
                        key: trial.key, run: runID, provider: trial.provider, condition: trial.condition)
                }
                return true
            }
            for _ in 0..<max(1, configuration.maxConcurrency) where !startNext() { break }
            while let record = try await group.next() {
                if let record {
                    // A finished trial is kept even when Ctrl-C comes while it is being written.
                    try await Task { try await recorder.record(record) }.value
                    state.count(record, prices: configuration.prices)
                    if let cap = configuration.maxCost, state.cost >= cap { state.stoppedByCostCap = true }
                    state.elapsedSeconds = started.duration(to: .now).inSeconds
                    progress(state)
                }
                _ = startNext()
            }
        }
        return runID
    }

    /// One trial in a fresh sandbox, retried on error. Returns nil when cancelled before it finished.
    func runTrial(key: TrialKey, run: RunID, provider: any ModelProvider, condition: Condition) async throws
        -> TrialRecord?
    {
        // A replay plays the recording the key names; its label is stored beside the outcome.
        var provider = provider
        var recorded: RecordedLabel?
        if let specific = provider as? any TrialSpecificProvider {
            do {
                (provider, recorded) = try specific.trial(key)
            } catch {
                let outcome = TrialOutcome(kind: .error, reason: "provider: \(error)")
                let result = TrialResult(outcome: outcome, events: [], modelNames: [], usage: Usage(), scripted: true)
                return TrialRecord(
                    run: run, key: key, result: result, startedAt: Date().timeIntervalSince1970,
                    durationMilliseconds: 0, sandbox: backend.name)
            }
        }
        var attempt = 0
        while true {
            if Task.isCancelled { return nil }
            let startedAt = Date().timeIntervalSince1970
            let clock = ContinuousClock()
            let start = clock.now
            guard let result = await attemptTrial(provider: provider, condition: condition) else { return nil }
            if result.outcome.kind == .error && attempt < configuration.retries {
                attempt += 1
                continue
            }
            let duration = start.duration(to: clock.now).wholeMilliseconds
            // The interview runs once the outcome is final, outside the sandbox, and never changes it.
            var interview: InterviewRecord?
            if let questions = condition.interview, !questions.isEmpty, result.outcome.kind != .error {
                interview = await Interviewer(questions: questions, tools: condition.toolSpecs)
                    .run(provider: provider, transcript: result.events)
                // An interview cut short by cancellation is not the interview: the trial reruns on resume.
                if Task.isCancelled { return nil }
            }
            return TrialRecord(
                run: run, key: key, result: result, startedAt: startedAt, durationMilliseconds: duration,
                sandbox: backend.name, interview: interview, recorded: recorded)
        }
    }

    /// One attempt at a trial in a fresh sandbox; a harness failure becomes an errored result. Nil when cancelled
    /// (Ctrl-C): then its commands were killed and its outcome may say so (a killed sandbox, an error), which the
    /// agent did not do, so it is not written and reruns on resume.
    func attemptTrial(provider: any ModelProvider, condition: Condition, stopAtWarning: Bool = false) async
        -> TrialResult?
    {
        let result: TrialResult
        do {
            result = try await Self.trial(
                provider: provider, condition: condition, backend: backend, limits: configuration.sandboxLimits,
                stopAtWarning: stopAtWarning)
        } catch {
            if Task.isCancelled || error is CancellationError { return nil }
            result = TrialResult(
                outcome: TrialOutcome(kind: .error, reason: "harness: \(error)"), events: [], modelNames: [],
                usage: Usage(), scripted: false)
        }
        return Task.isCancelled ? nil : result
    }

    /// Runs one trial of `condition` against `provider` in a sandbox made by `backend` (with `stopAtWarning`, a
    /// fork's trunk: it stops once the warning has reached the agent).
    public static func trial(
        provider: any ModelProvider, condition: Condition, backend: any SandboxBackend,
        limits: SandboxLimits = SandboxLimits(), stopAtWarning: Bool = false
    ) async throws -> TrialResult {
        let environment = try condition.makeEnvironment(home: backend.agentHome)
        let spec = environment.sandboxSpec(limits: limits)
        let loop = AgentLoop(condition: condition, workspace: spec.workspace, stopAtWarning: stopAtWarning)
        return try await backend.withSandbox(spec) { sandbox in
            try await loop.run(provider: provider, sandbox: sandbox, environment: environment)
        }
    }
}

extension Runner.Configuration {
    /// The run's configuration as recorded, with its id (known before any sandbox or store exists).
    public var runConfiguration: RunConfiguration {
        RunConfiguration(
            models: models.map(\.address), conditions: conditions, epochs: epochs, offswitchVersion: offswitchVersion,
            modelSettings: modelSettings.isEmpty ? nil : modelSettings, offswitchCommit: offswitchCommit, fork: fork,
            image: image, agentUser: agentUser)
    }

    /// Every trial of the run, interleaved (epoch-major, then condition, then model) so that a run stopped
    /// midway is balanced across cells; computed trial by trial, never held in memory.
    public var plan: TrialPlan {
        guard
            let plan = TrialPlan(
                models: models.map(\.address), conditions: conditions.map(\.id),
                epochs: Self.branchEpochs(trunks: max(1, epochs), fork: fork),
                branchesPerTrunk: fork?.branchesPerTrunk ?? 1)
        else {
            preconditionFailure("a plan of more trials than Int.max: check TrialPlan(...) before making the Runner")
        }
        return plan
    }

    /// The trials of `plan` (this configuration's ``plan``) with what each runs: the provider and the condition
    /// themselves, taken from ``models`` and ``conditions`` by position, in the plan's order and computed as asked.
    func trials(of plan: TrialPlan) -> LazyMapCollection<Range<Int>, PlannedTrial> {
        (0..<plan.count).lazy.map { position in
            let (model, condition, epoch) = plan.coordinates(of: position)
            let key = TrialKey(model: plan.models[model], condition: plan.conditions[condition], epoch: epoch)
            return PlannedTrial(key: key, provider: models[model], condition: conditions[condition])
        }
    }
}

/// One trial of a run's plan with what it runs.
struct PlannedTrial: Sendable {
    var key: TrialKey
    var provider: any ModelProvider
    var condition: Condition
}

/// The version recorded with every run.
public let offswitchVersion = "0.1.0"
