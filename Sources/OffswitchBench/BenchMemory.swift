import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchStore
import Synchronization

/// Peak memory with many trials in flight against a model that takes its time, as a real provider does.
enum BenchMemory {
    static func measure(
        backend: any SandboxBackend, inFlight: Int, modelDelay: Duration, directory: String,
        into figures: inout BenchFigures
    ) async throws {
        // Every trial's first model call waits until all trials have their sandbox: the peak is then truly
        // `inFlight` live sandboxes at once (otherwise the first trials end before the last ones start).
        let barrier = Barrier(count: inFlight)
        let agents = BenchTrials.behaviours.map {
            DelayedProvider(agent: ReferenceAgent($0), delay: modelDelay, barrier: barrier)
        }
        let store = try ResultsStore.open(directory: directory)
        let recorder = CheckingRecorder(
            store: store,
            expected: Dictionary(uniqueKeysWithValues: agents.map { ($0.address, $0.agent.behaviour.expectedOutcome) }))
        let runner = Runner(
            configuration: Runner.Configuration(
                models: Array(agents), conditions: [Condition.builtIn("A")!],
                epochs: (inFlight + agents.count - 1) / agents.count,
                maxConcurrency: inFlight, retries: 0),
            backend: backend, recorder: recorder)
        let sampler = MemorySampler(interval: 0.1)
        let start = ContinuousClock.now
        defer { _ = sampler.stop() }
        _ = try await runner.run()
        let seconds = BenchFigures.milliseconds(start.duration(to: .now)) / 1000
        let peak = sampler.stop()
        let summary = try recorder.summary()
        let mib = 1.0 / Double(1 << 20)
        figures.add(
            "memory_trials", "trials with a \(Int(BenchFigures.milliseconds(modelDelay))) ms model",
            Double(summary.trials), "trials")
        figures.add(
            "memory_sandboxes_alive_peak", "  sandboxes alive at once (peak)", Double(peak.sandboxes), "sandboxes")
        figures.add("memory_peak_total_mib", "  peak memory, harness + sandboxes", Double(peak.total) * mib, "MiB")
        figures.add(
            "memory_peak_harness_rss_mib", "  harness resident at that peak", Double(peak.harnessAtPeak) * mib, "MiB")
        figures.add(
            "memory_peak_harness_hwm_mib", "  harness resident, high-water mark", Double(peak.harnessHighWater) * mib,
            "MiB")
        figures.add("memory_seconds", "  wall time", seconds, "s")
    }
}

/// A reference agent that answers after `delay`, like a remote model; its first answer in a trial also
/// waits at `barrier`.
struct DelayedProvider: ModelProvider {
    let agent: ReferenceAgent
    let delay: Duration
    let barrier: Barrier

    var address: String { agent.address }

    func generate(_ request: ModelRequest) async throws -> ModelOutput {
        if !request.messages.contains(where: { $0.role == .assistant }) { await barrier.arrive() }
        try await Task.sleep(for: delay)
        return try await agent.generate(request)
    }
}

/// Holds every arriving task until `count` have arrived, or two minutes after the first arrived (a trial
/// whose sandbox failed to start never arrives; its error is reported, not waited for).
actor Barrier {
    private let count: Int
    private var arrived = 0
    private var open = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { self.count = count }

    func arrive() async {
        arrived += 1
        if arrived == 1 {
            Task {
                try? await Task.sleep(for: .seconds(120))
                self.release()
            }
        }
        if open || arrived >= count {
            release()
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        open = true
        waiting.forEach { $0.resume() }
        waiting.removeAll()
    }
}

/// Samples the harness's resident memory and the memory charged to this harness's sandbox cgroups, on a
/// thread of its own (its file reads block, and must not take a thread from the trials' concurrency pool).
final class MemorySampler: Sendable {
    struct Peak: Sendable {
        var total = 0
        var harnessAtPeak = 0
        var harnessHighWater = 0
        var sandboxes = 0
    }

    private let state = Mutex<(peak: Peak, stopped: Bool)>((Peak(), false))

    init(interval: TimeInterval) {
        Thread.detachNewThread { [self] in
            while !state.withLock({ $0.stopped }) {
                let harness = Self.residentBytes()
                let (sandboxBytes, count) = Self.sandboxBytes()
                state.withLock { state in
                    if harness + sandboxBytes > state.peak.total {
                        state.peak.total = harness + sandboxBytes
                        state.peak.harnessAtPeak = harness
                    }
                    state.peak.sandboxes = max(state.peak.sandboxes, count)
                }
                Thread.sleep(forTimeInterval: interval)
            }
        }
    }

    /// Stops sampling and returns the peaks.
    func stop() -> Peak {
        state.withLock { state in
            state.stopped = true
            var peak = state.peak
            peak.harnessHighWater = Self.statusField("VmHWM:")
            return peak
        }
    }

    static func residentBytes() -> Int { statusField("VmRSS:") }

    /// A `kB` field of /proc/self/status, in bytes.
    static func statusField(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            let digits = line.dropFirst(name.count).filter(\.isNumber)
            return (Int(digits) ?? 0) * 1024
        }
        return 0
    }

    /// Memory charged to this process's sandbox cgroups (processes, their page tables, tmpfs pages they wrote),
    /// and how many there are.
    static func sandboxBytes() -> (bytes: Int, sandboxes: Int) {
        let unified = access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0
        let parent = unified ? "/sys/fs/cgroup/offswitch" : "/sys/fs/cgroup/memory/offswitch"
        let file = unified ? "memory.current" : "memory.usage_in_bytes"
        let prefix = "sbx\(getpid())-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return (0, 0) }
        var total = 0
        var count = 0
        for name in names where name.hasPrefix(prefix) {
            guard let text = try? String(contentsOfFile: parent + "/" + name + "/" + file, encoding: .utf8),
                let bytes = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            else { continue }
            total += bytes
            count += 1
        }
        return (total, count)
    }
}
