import Foundation
import OffswitchBench
import Testing

/// The viewer benchmark runs end to end (a live server included) and reports its medians; no time is asserted.
@Suite("offswitch view: benchmark")
struct ViewerBenchmarkTests {
    @Test("the benchmark fills a store, builds the pages, fetches them over HTTP and reports medians")
    func benchmark() async throws {
        // OFFSWITCH_VIEWER_BENCH_TRIALS=10000 measures at full size; the default keeps the suite quick.
        let trials = ProcessInfo.processInfo.environment["OFFSWITCH_VIEWER_BENCH_TRIALS"].flatMap { Int($0) } ?? 200
        let figures = try await ViewerBenchmark.measure(trials: trials, repetitions: 5)
        #expect(figures.trials == trials)
        let times = [
            figures.matrixMilliseconds, figures.filteredListMilliseconds, figures.runsMilliseconds,
            figures.matrixRoundTripMilliseconds, figures.filteredListRoundTripMilliseconds,
        ]
        #expect(times.allSatisfy { $0 > 0 && $0.isFinite })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print("viewer benchmark: " + String(decoding: try encoder.encode(figures), as: UTF8.self))
    }
}
