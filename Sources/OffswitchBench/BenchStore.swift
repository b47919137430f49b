import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchReport
import OffswitchStore

/// Storing a paper-sized run (10 models x 10 conditions x epochs, real transcripts) and reporting over it.
enum BenchStore {
    static func measure(
        backend: any SandboxBackend, trials: Int, directory: String, into figures: inout BenchFigures,
        progress: BenchProgress
    ) async throws {
        // Real transcripts: one trial of each reference agent, replicated over the grid.
        var samples: [TrialResult] = []
        for behaviour in BenchTrials.behaviours {
            samples.append(
                try await Runner.trial(
                    provider: ReferenceAgent(behaviour), condition: Condition.builtIn("A")!, backend: backend))
        }
        let models = (1...10).map { String(format: "bench/model-%02d", $0) }
        let conditions = Condition.builtInIDs.prefix(10).compactMap { Condition.builtIn($0) }
        let cells = models.count * conditions.count
        let epochs = (trials + cells - 1) / cells
        let configuration = RunConfiguration(
            models: models, conditions: conditions, epochs: epochs, offswitchVersion: offswitchVersion)
        let run = configuration.runID

        let store = try ResultsStore.open(directory: directory)
        try await store.begin(run: run, configuration: configuration)
        let writeStart = ContinuousClock.now
        var batch: [TrialRecord] = []
        batch.reserveCapacity(1000)
        let now = Date().timeIntervalSince1970
        for index in 0..<(epochs * cells) {
            let key = TrialKey(
                model: models[index % models.count],
                condition: conditions[(index / models.count) % conditions.count].id,
                epoch: index / cells + 1)
            batch.append(
                TrialRecord(
                    run: run, key: key, result: samples[index % samples.count], startedAt: now,
                    durationMilliseconds: 60,
                    sandbox: backend.name))
            if batch.count == 1000 {
                try await store.record(contentsOf: batch)
                batch.removeAll(keepingCapacity: true)
                if (index + 1) % 20_000 == 0 { progress.say("store: \(index + 1) trials written") }
            }
        }
        try await store.record(contentsOf: batch)
        let writeSeconds = BenchFigures.milliseconds(writeStart.duration(to: .now)) / 1000
        let stored = epochs * cells
        // The database and its write-ahead log (not checkpointed yet, it holds the newest pages).
        let size = ["", "-wal"].reduce(0) { total, suffix in
            let path = directory + "/" + ResultsStore.fileName + suffix
            return total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }

        // The report as `offswitch report` makes it: open the store, tally, render. Median of three.
        var reportTimes: [Double] = []
        var rendered = ""
        for _ in 0..<3 {
            let start = ContinuousClock.now
            let reopened = try ResultsStore.open(directory: directory)
            let report = try await Report.build(
                store: reopened, runs: [run.rawValue], configuration: Report.Configuration())
            rendered = TerminalRenderer.render(report)
            reportTimes.append(BenchFigures.milliseconds(start.duration(to: .now)))
        }
        guard rendered.contains(models[0]) else { throw BenchError("bench: the report does not show the stored run") }
        figures.add("store_trials", "trials stored (real transcripts)", Double(stored), "trials")
        figures.add(
            "store_trials_per_second", "  write rate, 1000 per transaction", Double(stored) / writeSeconds, "trials/s")
        figures.add("store_size_mib", "  database size", Double(size) / Double(1 << 20), "MiB")
        figures.add("report_median_ms", "report over them (median of 3)", BenchFigures.median(reportTimes), "ms")
    }
}
