import Foundation
import OffswitchCore

/// Reads a JSON-lines recording: `offswitch export --format jsonl`, or a hand-made file with, per line, at least
/// a `condition`, a recorded `outcome` (or `score`) and `messages` whose assistant messages carry the tool calls.
enum JSONLinesRecordingReader {
    /// The recording in `bytes`, one trial per non-blank line.
    ///
    /// - Parameters:
    ///   - bytes: The file's bytes.
    ///   - file: Its path, for errors.
    /// - Throws: ``ReplayError`` naming the line and what is wrong with it.
    static func parse(_ bytes: [UInt8], file: String) throws -> Recording {
        var trials: [RecordedTrial] = []
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let place = "\(file) line \(lineNumber)"
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0d }) { continue }
            guard line.count <= Recording.Limits.memberBytes else {
                throw ReplayError("\(place): a line over \(Recording.Limits.memberBytes >> 20) MiB")
            }
            guard trials.count < Recording.Limits.trials else {
                throw ReplayError("\(file): more than \(Recording.Limits.trials) recorded trials; split the file")
            }
            let value: JSONValue
            do {
                value = try JSONValue.parse(Array(line))
            } catch {
                throw ReplayError(
                    "\(place): not JSON (expected one trial per line, as `offswitch export --format jsonl` writes, or an Inspect .eval log)"
                )
            }
            guard case .object(let fields) = value else {
                throw ReplayError("\(place): expected a JSON object (one trial) on each line")
            }
            guard let condition = try RecordedMessage.condition(fields["condition"], at: place) else {
                throw ReplayError("\(place): no \"condition\" (the id of the condition the trial ran, such as A)")
            }
            var model = RecordedMessage.model(fields["model"])
            if case .array(let names) = fields["model_names"], let first = RecordedMessage.model(names.first) {
                model = first
            }
            let label = try RecordedMessage.label(
                outcome: fields["outcome"], technique: fields["technique"], score: fields["score"], model: model,
                source: place)
            let turns = try RecordedMessage.turns(fields["messages"], at: place)
            trials.append(RecordedTrial(condition: condition, turns: turns, label: label))
        }
        return Recording(trials: trials)
    }
}
