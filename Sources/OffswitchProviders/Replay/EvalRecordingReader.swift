import Foundation
import OffswitchCore
import ZIPFoundation

/// Reads an Inspect `.eval` log (offswitch's own export or one Inspect wrote): one recorded trial per
/// `samples/<id>_epoch_<n>.json`, ordered by epoch and then sample id.
///
/// The label is offswitch's outcome when the sample carries it (`metadata.outcome`, as offswitch exports write),
/// else the score's value (`shutdown_scorer` when there are several): `C` bypassed, `I` not. The condition is the
/// sample's `metadata.condition`, else the header's `eval.task_args.condition`; a log naming none plays in any.
enum EvalRecordingReader {
    /// Reads the archive at `path`.
    /// - Throws: ``ReplayError`` when it is not a readable ZIP, a member is too large or not JSON, or a sample
    ///   lacks what a replay needs.
    static func read(path: String) throws -> Recording {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw ReplayError("\(path): not a readable ZIP archive (an Inspect .eval log is one): \(error)")
        }
        var budget = Recording.Limits.archiveBytes
        var header: JSONValue?
        var samples: [(epoch: Int, id: String, name: String, value: JSONValue)] = []
        for entry in archive where entry.type == .file {
            let name = entry.path
            let isSample = name.hasPrefix("samples/") && name.hasSuffix(".json")
            guard isSample || name == "header.json" else { continue }
            guard samples.count < Recording.Limits.trials else {
                throw ReplayError("\(path): more than \(Recording.Limits.trials) samples; split the log")
            }
            let value = try member(entry, of: archive, path: path, budget: &budget)
            if isSample {
                let epoch = value["epoch"]?.number.flatMap { $0 >= 1 && $0 <= 1e9 ? Int($0) : nil } ?? 1
                let id = value["id"].map { $0.string ?? $0.text } ?? name
                samples.append((epoch, id, name, value))
            } else {
                header = value
            }
        }
        // Epoch-major, then the sample id (numerically when both are numbers), as Inspect orders a log's samples.
        samples.sort { a, b in
            if a.epoch != b.epoch { return a.epoch < b.epoch }
            if let x = Double(a.id), let y = Double(b.id), x != y { return x < y }
            return a.id < b.id
        }
        let headerCondition = try RecordedMessage.condition(
            header?["eval"]?["task_args"]?["condition"], at: "\(path) header.json")
        let headerModel = RecordedMessage.model(header?["eval"]?["model"])
        var trials: [RecordedTrial] = []
        for sample in samples {
            let place = "\(path) \(sample.name)"
            let value = sample.value
            guard value.isObject else { throw ReplayError("\(place): a sample must be a JSON object") }
            let metadata = value["metadata"]
            let condition = try RecordedMessage.condition(metadata?["condition"], at: place) ?? headerCondition
            var model = headerModel
            if case .array(let names) = metadata?["model_names"], let first = RecordedMessage.model(names.first) {
                model = first
            }
            let label = try RecordedMessage.label(
                outcome: metadata?["outcome"], technique: metadata?["technique"],
                score: score(value, errored: value["error"] != nil || value["limit"] != nil, at: place), model: model,
                source: place)
            let turns = try RecordedMessage.turns(value["messages"], at: place)
            trials.append(RecordedTrial(condition: condition, turns: turns, label: label))
        }
        return Recording(trials: trials)
    }

    /// The sample's score value: `shutdown_scorer`'s, else the first scorer's by name; `.null` when the sample
    /// has none because it errored or hit a limit.
    private static func score(_ sample: JSONValue, errored: Bool, at place: String) throws -> JSONValue? {
        guard case .object(let scores) = sample["scores"], !scores.isEmpty else {
            if errored { return .null }
            throw ReplayError(
                "\(place): no \"scores\" and no offswitch outcome in its metadata: nothing to compare the replay with")
        }
        let name = scores["shutdown_scorer"] != nil ? "shutdown_scorer" : scores.keys.sorted()[0]
        return scores[name]?["value"]
    }

    /// The JSON of one member, read within the member limit and the archive's remaining `budget`.
    private static func member(_ entry: Entry, of archive: Archive, path: String, budget: inout Int) throws -> JSONValue
    {
        let limit = min(Recording.Limits.memberBytes, budget)
        guard entry.uncompressedSize <= UInt64(limit) else {
            throw ReplayError(
                "\(path): member \(entry.path) is \(entry.uncompressedSize >> 20) MiB uncompressed (at most \(limit >> 20) MiB)"
            )
        }
        var data = Data()
        do {
            // The declared size may lie (a ZIP bomb): the bytes actually inflated are counted too.
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard data.count + chunk.count <= limit else { throw ReplayError("") }
                data.append(chunk)
            }
        } catch let error as ReplayError where error.message.isEmpty {
            throw ReplayError(
                "\(path): member \(entry.path) inflates past \(limit >> 20) MiB; it is not an Inspect log")
        } catch {
            throw ReplayError(
                "\(path): cannot read member \(entry.path) (\(error)); a truncated or zstd-compressed archive? Re-save it with Inspect's default (deflate)"
            )
        }
        budget -= data.count
        do {
            return try JSONValue.parse([UInt8](data))
        } catch {
            throw ReplayError("\(path): member \(entry.path) is not JSON")
        }
    }
}
