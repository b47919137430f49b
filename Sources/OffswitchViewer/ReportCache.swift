import OffswitchCore
import OffswitchReport
import OffswitchStore
import Synchronization

/// The matrix report of each run, kept until the run's trials change: filters and reloads of a finished run
/// then read only the counts they add, and a live run is rebuilt once per recorded trial, not per request.
final class ReportCache: Sendable {
    /// The newest report of each run, with the store version it was built at.
    private let reports = Mutex<[RunID: (version: String, report: Report)]>([:])

    /// The report of `run` as the store now has it: its trials, their model-judged labels and the original scorers.
    func report(store: ResultsStore, run: RunID) async throws -> Report {
        let version = try await store.version(run: run) + "/" + store.labelVersion(run: run)
        if let cached = reports.withLock({ $0[run] }), cached.version == version { return cached.report }
        var configuration = Report.Configuration()
        configuration.originalScorers = true
        let report = try await Report.build(store: store, runs: [run.rawValue], configuration: configuration)
        reports.withLock { $0[run] = (version, report) }
        return report
    }
}
