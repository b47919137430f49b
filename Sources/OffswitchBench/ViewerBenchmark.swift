import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOHTTP1
import OffswitchCore
import OffswitchStore
import OffswitchViewer

/// Measures the viewer over a results directory of synthetic trials: how long the matrix page and a filtered
/// trial list take to build (the route handlers' work), and their HTTP round trips through a live server.
public enum ViewerBenchmark {
    /// Median times in milliseconds.
    public struct Figures: Sendable, Codable, Equatable {
        /// Trials in the store.
        public var trials: Int
        /// Times each figure was measured (after one unmeasured warm-up).
        public var repetitions: Int
        /// Seconds it took to write the synthetic trials (one transaction each, as a run writes them).
        public var fillSeconds: Double
        /// Building the run page: the matrix with intervals and the outcome breakdown, filtered by outcome, when
        /// the run's report is cached (the run has not changed since the page was last built).
        public var matrixMilliseconds: Double
        /// The same, building the run's report from the store first (the first view, or after a new trial).
        public var matrixUncachedMilliseconds: Double
        /// Building the first page of the run's trials filtered by outcome and technique, with the match count.
        public var filteredListMilliseconds: Double
        /// Building the runs list.
        public var runsMilliseconds: Double
        /// GET of the matrix page over HTTP on 127.0.0.1.
        public var matrixRoundTripMilliseconds: Double
        /// GET of the filtered trial list over HTTP on 127.0.0.1.
        public var filteredListRoundTripMilliseconds: Double
    }

    /// Fills a new results directory with `trials` synthetic trials and measures the viewer over it.
    ///
    /// - Parameters:
    ///   - trials: How many trials (spread over 4 models x 5 conditions; rounded up to a multiple of 20).
    ///   - repetitions: How many times each figure is measured; the median is reported.
    ///   - directory: Where to create the results directory (it is removed afterwards); nil for the system's
    ///     temporary directory.
    /// - Returns: The medians.
    /// - Throws: ``StoreError`` when the store fails, or the error of a failed HTTP request.
    public static func measure(trials: Int, repetitions: Int = 9, directory: String? = nil)
        async throws -> Figures
    {
        let path = ((directory ?? NSTemporaryDirectory()) as NSString).appendingPathComponent(
            "offswitch-viewer-bench-\(UUID().uuidString)")
        defer {
            do { try FileManager.default.removeItem(atPath: path) } catch {
                FileHandle.standardError.write(Data("offswitch: could not remove \(path): \(error)\n".utf8))
            }
        }
        let store = try ResultsStore.open(directory: path)
        let clock = ContinuousClock()
        let fillStart = clock.now
        let run = try await fill(store, trials: trials)
        let fill = clock.now - fillStart
        let viewer = Viewer(store: store)
        let outcome = ResultsStore.TrialFilter(outcome: .bypassed)
        let narrow = ResultsStore.TrialFilter(outcome: .bypassed, technique: .overwrite)

        func median(_ body: () async throws -> Void) async throws -> Double {
            try await body()
            var times: [Double] = []
            for _ in 0..<repetitions {
                let start = clock.now
                try await body()
                times.append(milliseconds(clock.now - start))
            }
            return times.sorted()[times.count / 2]
        }
        let matrix = try await median { _ = try await viewer.runPage(run.rawValue, filter: outcome) }
        let uncached = try await median { _ = try await Viewer(store: store).runPage(run.rawValue, filter: outcome) }
        let list = try await median { _ = try await viewer.trialList(run: run.rawValue, filter: narrow, page: 1) }
        let runs = try await median { _ = try await viewer.runsPage() }

        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await viewer.serve(port: 0, stopOnSignals: false) { continuation.yield($0) }
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let base = "http://\(Viewer.host):\(port)/runs/\(run.rawValue)"
            let matrixTrip = try await median { try await get(base + "?outcome=bypassed") }
            let listTrip = try await median { try await get(base + "/trials?outcome=bypassed&technique=overwrite") }
            group.cancelAll()
            return Figures(
                trials: trials, repetitions: repetitions,
                fillSeconds: milliseconds(fill) / 1000, matrixMilliseconds: matrix,
                matrixUncachedMilliseconds: uncached,
                filteredListMilliseconds: list,
                runsMilliseconds: runs, matrixRoundTripMilliseconds: matrixTrip,
                filteredListRoundTripMilliseconds: listTrip)
        }
    }

    /// Writes one run of about `trials` synthetic trials, each with a short transcript; returns its id.
    static func fill(_ store: ResultsStore, trials: Int) async throws -> RunID {
        let models = (1...4).map { "bench/model-\($0)" }
        let conditions = ["A", "B", "C", "D", "E"].compactMap { Condition.builtIn($0) }
        let epochs = max(1, (trials + 19) / 20)
        let configuration = RunConfiguration(
            models: models, conditions: conditions, epochs: epochs, offswitchVersion: "bench")
        try await store.begin(run: configuration.runID, configuration: configuration)
        let verdicts: [TrialOutcome] = [
            TrialOutcome(kind: .shutDown, reason: "shut down", questionCalls: 4),
            TrialOutcome(kind: .bypassed, technique: .overwrite, reason: "bypassed", attempts: ["edited"]),
            TrialOutcome(kind: .shutDown, reason: "shut down", questionCalls: 4),
            TrialOutcome(kind: .bypassed, technique: .chmod, reason: "bypassed", attempts: ["chmod"]),
            TrialOutcome(kind: .stoppedEarly, reason: "submitted"),
            TrialOutcome(kind: .shutDownAfterFailedAttempt, reason: "failed", attempts: ["edit failed"]),
            TrialOutcome(kind: .excluded, reason: "message limit reached"),
        ]
        var index = 0
        for epoch in 1...epochs {
            for model in models {
                for condition in conditions {
                    let verdict = verdicts[(index * 7 + epoch) % verdicts.count]
                    index += 1
                    let events = [
                        TranscriptEvent(atMilliseconds: 0, kind: .message(.system(condition.systemPrompt))),
                        TranscriptEvent(atMilliseconds: 0, kind: .message(.user(condition.userPrompt))),
                        TranscriptEvent(atMilliseconds: 5, kind: .note("outcome: \(verdict.kind.rawValue)")),
                    ]
                    try await store.record(
                        TrialRecord(
                            run: configuration.runID,
                            key: TrialKey(model: model, condition: condition.id, epoch: epoch),
                            result: TrialResult(
                                outcome: verdict, events: events, modelNames: [model],
                                usage: Usage(inputTokens: 1000, outputTokens: 100), scripted: false),
                            startedAt: 1_750_000_000 + Double(index), durationMilliseconds: 1000, sandbox: "bench"))
                }
            }
        }
        return configuration.runID
    }

    /// GETs `url`, reads the whole page and checks the answer is 200. Through AsyncHTTPClient, as the model
    /// adapters: URLSession would link FoundationNetworking (and libcurl) into the binary for this alone.
    static func get(_ url: String) async throws {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
        _ = try await response.body.collect(upTo: 256 << 20)
        guard response.status == .ok else { throw BenchError("GET \(url) did not answer 200") }
    }

    /// A duration in milliseconds.
    static func milliseconds(_ duration: Duration) -> Double {
        duration.inMilliseconds
    }
}
