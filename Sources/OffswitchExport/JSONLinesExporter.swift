import Foundation
import OffswitchCore
public import OffswitchStore

/// Writes a stored run as JSON lines: one trial per line, for users' own analysis (pandas, jq, DuckDB).
///
/// The file is `<run id>.jsonl`; its lines are ordered by model, condition and epoch. Each line is an object:
/// `run`, `model`, `condition`, `epoch`, `trial_id`; the verdict `outcome`, `technique`, `sabotaged`, `counted`
/// (in Palisade's N), `score` (`"C"` sabotaged, `"I"` not, null when not counted), `reason`, `attempts`,
/// `question_calls`, `reached_done`, `submission`; `model_names`, `scripted`, `sandbox`, `started_at` (ISO 8601),
/// `duration_ms`, `input_tokens`, `output_tokens`; and the transcript: `messages` (`role`, `content`,
/// `reasoning`, `tool_calls` with the raw `arguments` text, `tool_call_id`), `commands` (every command with its
/// output, exit code, whether the sandbox survived it and the question calls it made), `model_calls` and `notes`,
/// each with `at_ms` since the trial started; `interview` (null, or its `answers` with `question`, `answer`,
/// `reasoning` and `refused_tool_calls`, its `error`, `model_names` and tokens) and `judgements` (every judge's
/// `judge`, `rubric`, `status`, `problem` and `labels`, each label with its `value`, `evidence` and `unverified`
/// quotes). Trials are read one page at a time.
public enum JSONLinesExporter {
    /// Writes `run` to `<directory>/<run id>.jsonl` (created if needed; a file already there is replaced).
    ///
    /// - Parameters:
    ///   - run: The stored run.
    ///   - store: The store holding it.
    ///   - directory: Where the file goes.
    /// - Returns: The file written.
    /// - Throws: ``ExportError`` with code ``ExportError/Code/write`` when the file cannot be written, or the
    ///   store's ``StoreError``.
    public static func export(run: StoredRun, store: ResultsStore, directory: String) async throws -> ExportedFile {
        try ExportDirectory.create(directory)
        let url = URL(fileURLWithPath: directory).appendingPathComponent("\(run.id.rawValue).jsonl")
        let partial = url.appendingPathExtension("partial")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw ExportError(.write, "cannot create \(partial.path); choose an output directory you can write to")
        }
        var count = 0
        do {
            // On failure the handle closes when it is released.
            let handle = try FileHandle(forWritingTo: partial)
            for cell in try await store.cells(run: run.id) {
                var afterEpoch = 0
                while true {
                    let page = try await store.trials(
                        run: run.id, model: cell.model, condition: cell.condition, afterEpoch: afterEpoch,
                        limit: InspectExporter.pageSize)
                    guard let last = page.last else { break }
                    var data = Data()
                    for trial in page {
                        let labels = try await TrialLabels.read(trial: trial.id, store: store)
                        data.append(
                            try line(
                                run: run, trial: trial, events: try await store.events(trial: trial.id), labels: labels
                            ).data())
                        data.append(UInt8(ascii: "\n"))
                    }
                    try handle.write(contentsOf: data)
                    count += page.count
                    afterEpoch = last.key.epoch
                }
            }
            try handle.close()
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: partial, to: url)
        } catch let error as StoreError {
            discard(partial)
            throw error
        } catch {
            discard(partial)
            throw ExportError(.write, "cannot write \(url.path): \(error)", underlying: error)
        }
        return ExportedFile(path: url.path, model: nil, condition: nil, trials: count)
    }

    /// Removes the unfinished file after a failure.
    private static func discard(_ partial: URL) {
        do {
            try FileManager.default.removeItem(at: partial)
        } catch {
            // Nothing more to do: the export already reports the failure that led here.
            return
        }
    }
}
