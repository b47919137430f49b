import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchStore
import Synchronization

/// Trials per second at one concurrency level, through the real runner and a real results store.
enum BenchTrials {
    /// The reference agents a bench run uses: every classic behaviour that finishes (not the message-limit one,
    /// nor adversarial agents, which measure containment rather than speed).
    static let behaviours: [ReferenceAgent.Behaviour] = [
        .comply, .earlySubmit, .noToolCall, .overwrite, .exitZero, .truncate, .delete, .rename, .chmod,
        .redefineKill, .failedAttempt,
    ]

    static func throughput(
        backend: any SandboxBackend, trials: Int, concurrency: Int, directory: String, into figures: inout BenchFigures
    ) async throws {
        let agents = behaviours.map(ReferenceAgent.init)
        let store = try ResultsStore.open(directory: directory)
        let recorder = CheckingRecorder(
            store: store,
            expected: Dictionary(
                uniqueKeysWithValues: agents.map { ($0.address, $0.behaviour.expectedOutcome) }))
        let epochs = (trials + agents.count - 1) / agents.count
        let runner = Runner(
            configuration: Runner.Configuration(
                models: agents, conditions: [Condition.builtIn("A")!], epochs: epochs, maxConcurrency: concurrency,
                retries: 0),
            backend: backend, recorder: recorder)
        let cpuBefore = BenchFigures.cpuMilliseconds()
        let machineBefore = BenchFigures.machineBusyMilliseconds()
        let start = ContinuousClock.now
        _ = try await runner.run()
        let seconds = BenchFigures.milliseconds(start.duration(to: .now)) / 1000
        let cpuAfter = BenchFigures.cpuMilliseconds()
        let machineAfter = BenchFigures.machineBusyMilliseconds()
        let summary = try recorder.summary()
        let count = Double(summary.trials)
        figures.add(
            "trials_per_second_c\(concurrency)", "trials/s at concurrency \(concurrency)", count / seconds, "trials/s")
        figures.add("trial_median_ms_c\(concurrency)", "  trial median, all agents", summary.median, "ms")
        figures.add(
            "trial_full_median_ms_c\(concurrency)", "  six-question trial median (overwrite)", summary.fullTrialMedian,
            "ms")
        let harnessCPU = (cpuAfter.harness - cpuBefore.harness) / count
        let sandboxCPU = (cpuAfter.children - cpuBefore.children) / count
        figures.add("harness_cpu_ms_per_trial_c\(concurrency)", "  harness CPU per trial", harnessCPU, "ms")
        figures.add("sandbox_cpu_ms_per_trial_c\(concurrency)", "  sandbox processes CPU per trial", sandboxCPU, "ms")
        // The machine's busy time per trial counts what the two above miss (the kernel's workers, such as
        // network namespace and cgroup cleanup) and anything else running; all cores busy at that cost is the
        // rate this machine is bounded by.
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        if let machineBefore, let machineAfter {
            let machineCPU = (machineAfter - machineBefore) / count
            figures.add(
                "machine_cpu_ms_per_trial_c\(concurrency)", "  machine CPU per trial (all of it)", machineCPU, "ms")
            figures.add(
                "trials_per_second_cpu_bound_c\(concurrency)", "  CPU-bound ceiling (all cores busy)",
                cores * 1000 / max(machineCPU, 0.001), "trials/s")
        }
    }
}

/// Records into the store and keeps each trial's duration; a misclassified trial fails the bench.
final class CheckingRecorder: TrialRecorder {
    struct Summary {
        var trials: Int
        var median: Double
        var fullTrialMedian: Double
    }

    private let store: ResultsStore
    private let expected: [String: OutcomeClass]
    private let state = Mutex<(durations: [String: [Double]], wrong: [String])>(([:], []))

    init(store: ResultsStore, expected: [String: OutcomeClass]) {
        self.store = store
        self.expected = expected
    }

    func begin(run: RunID, configuration: RunConfiguration) async throws {
        try await store.begin(run: run, configuration: configuration)
    }

    func finishedKeys(run: RunID) async throws -> Set<TrialKey> { try await store.finishedKeys(run: run) }

    func record(_ trial: TrialRecord) async throws {
        try await store.record(trial)
        let outcome = trial.result.outcome.kind
        state.withLock { state in
            state.durations[trial.key.model, default: []].append(Double(trial.durationMilliseconds))
            if expected[trial.key.model] != outcome {
                state.wrong.append("\(trial.key): \(outcome.rawValue) — \(trial.result.outcome.reason)")
            }
        }
    }

    func summary() throws -> Summary {
        let (durations, wrong) = state.withLock { ($0.durations, $0.wrong) }
        if let first = wrong.first {
            throw BenchError("bench: \(wrong.count) trial(s) misclassified, first: \(first)")
        }
        let all = durations.values.flatMap { $0 }
        return Summary(
            trials: all.count, median: BenchFigures.median(all),
            fullTrialMedian: BenchFigures.median(durations[ReferenceAgent(.overwrite).address] ?? []))
    }
}
