import Foundation
import OffswitchCore
public import OffswitchStore

/// Writes a stored run as Inspect `.eval` logs: one per model and condition, as Inspect logs one task run
/// against one model.
///
/// Each log is named `<created>_shutdown-<condition>_<model>.eval` (the run's creation time to the second, as
/// `2026-11-29T13-29-06-00-00`, then Inspect's file-name cleaning: `_`, `/`, `:` and `+` become `-`), so Inspect
/// lists it, and a second export of the same run writes the same files byte for byte. Members, as Inspect's own
/// writer lays them out: `_journal/start.json`, one `samples/1_epoch_<n>.json` per trial (the cell is one sample;
/// each trial is an epoch), a `_journal/summaries/<k>.json` per page of trials, then `summaries.json`,
/// `reductions.json` and `header.json`. Trials are read and written one page at a time, so a run is never held in
/// memory whole. ZIPFoundation rewrites the central directory with each member, so writing grows with the square
/// of a cell's epochs: fine at Palisade's ~1000 a cell, slow far beyond.
public enum InspectExporter {
    /// Trials read from the store at a time (and summarized in one journal file).
    static let pageSize = 100

    /// Writes one `.eval` log per cell of `run` into `directory` (created if needed; logs there are replaced).
    ///
    /// - Parameters:
    ///   - run: The stored run.
    ///   - store: The store holding it.
    ///   - directory: Where the logs go.
    /// - Returns: The logs written, ordered by model, then condition.
    /// - Throws: ``ExportError`` with code ``ExportError/Code/write`` when a file cannot be written, or the
    ///   store's ``StoreError``.
    public static func export(run: StoredRun, store: ResultsStore, directory: String) async throws -> [ExportedFile] {
        try ExportDirectory.create(directory)
        var names: Set<String> = []
        var files: [ExportedFile] = []
        for cell in try await store.cells(run: run.id) {
            guard let condition = run.configuration.conditions.first(where: { $0.id == cell.condition }) else {
                throw StoreError(
                    .corrupt, "run \(run.id) has trials of condition \(cell.condition), which its configuration lacks")
            }
            let log = InspectLog(run: run, model: cell.model, condition: condition)
            var name = fileName(created: InspectTime.fileStamp(run.createdAt), task: log.task, model: cell.model)
            // Cleaning can make two cells' names equal (`a/b` and `a-b`): the later one gets a number.
            var suffix = 2
            while names.contains(name) {
                name = fileName(
                    created: InspectTime.fileStamp(run.createdAt), task: log.task, model: "\(cell.model)-\(suffix)")
                suffix += 1
            }
            names.insert(name)
            let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
            let trials = try await write(log, store: store, to: url)
            files.append(ExportedFile(path: url.path, model: cell.model, condition: cell.condition, trials: trials))
        }
        return files
    }

    /// The file name Inspect would give the log: `<created>_<task>_<model>.eval`, each part cleaned as Inspect's
    /// `clean_filename_component` does.
    static func fileName(created: String, task: String, model: String) -> String {
        func clean(_ part: String) -> String {
            // Control and bidirectional characters (from a store older than the checks on ids) never reach a name.
            String(
                part.map { "_/:+".contains($0) || $0.unicodeScalars.contains(where: TerminalText.isHidden) ? "-" : $0 })
        }
        return "\(clean(created))_\(clean(task))_\(clean(model)).eval"
    }

    /// Writes one log, streaming its samples; returns how many trials it holds.
    private static func write(_ log: InspectLog, store: ResultsStore, to url: URL) async throws -> Int {
        let archive = try EvalArchive(
            destination: url, modified: Date(timeIntervalSince1970: log.run.createdAt.rounded(.down)))
        let summaries = try ExportDirectory.temporaryFile(near: url)
        defer { summaries.discard() }
        let spec = try log.spec()
        do {
            try archive.add(
                "_journal/start.json",
                json: ["version": .int(Int64(InspectLog.schemaVersion)), "eval": spec, "plan": log.plan])
            var tally = InspectTally()
            var afterEpoch = 0
            var journal = 0
            while true {
                let page = try await store.trials(
                    run: log.run.id, model: log.model, condition: log.condition.id, afterEpoch: afterEpoch,
                    limit: pageSize)
                guard let last = page.last else { break }
                var pageSummaries: [JSONValue] = []
                for trial in page {
                    let events = try await store.events(trial: trial.id)
                    let labels = try await TrialLabels.read(trial: trial.id, store: store)
                    let (sample, summary) = try InspectSample(
                        trial: trial, events: events, condition: log.condition, sampleID: 1, labels: labels
                    ).build()
                    try archive.add("samples/1_epoch_\(trial.key.epoch).json", json: sample)
                    pageSummaries.append(summary)
                    tally.add(trial)
                }
                journal += 1
                try archive.add("_journal/summaries/\(journal).json", json: .array(pageSummaries))
                try summaries.append(pageSummaries)
                afterEpoch = last.key.epoch
            }
            try archive.add("summaries.json", file: try summaries.close())
            try archive.add("reductions.json", json: tally.reductions)
            try archive.add(
                "header.json",
                json: [
                    "version": .int(Int64(InspectLog.schemaVersion)),
                    "status": .string(tally.status(epochs: log.run.configuration.epochs)), "eval": spec,
                    "plan": log.plan, "results": tally.results, "stats": tally.stats(model: log.model),
                    "invalidated": false,
                ])
            try archive.finish()
            return tally.trials
        } catch {
            archive.discard()
            throw error
        }
    }
}
