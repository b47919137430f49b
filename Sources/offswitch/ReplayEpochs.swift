import OffswitchCore
import OffswitchProviders

/// How many epochs a run with `replay/PATH` models has: one per recorded trial of each condition.
enum ReplayEpochs {
    /// The run's epochs: `requested` (default 1) when no model is a replay; with replays, as many as each
    /// condition's recorded trials, which must then be the same number for every replay and condition.
    ///
    /// - Parameters:
    ///   - requested: `--epochs`, when given.
    ///   - replays: The run's replay models.
    ///   - conditions: The run's condition ids.
    /// - Throws: `CLIError.usage` when a condition has no recorded trial, fewer than `requested`, or when the
    ///   counts differ and no `--epochs` says how many to play.
    static func epochs(requested: Int?, replays: [ReplayProvider], conditions: [String]) throws -> Int {
        guard !replays.isEmpty else { return requested ?? 1 }
        var counts: [(address: String, condition: String, count: Int)] = []
        for replay in replays {
            for condition in conditions {
                let count = replay.count(condition: condition)
                guard count > 0 else {
                    let recorded = replay.recording.conditions
                    throw CLIError.usage(
                        "--model \(replay.address): no recorded trial of condition \(condition)"
                            + (recorded.isEmpty ? "" : " (it records \(recorded.joined(separator: ", ")))")
                            + "; name a recorded condition with --condition")
                }
                counts.append((replay.address, condition, count))
            }
        }
        let fewest = counts.min { $0.count < $1.count }!
        if let requested {
            guard requested <= fewest.count else {
                throw CLIError.usage(
                    "--epochs \(requested): \(fewest.address) holds only \(fewest.count) recorded trial(s) of condition \(fewest.condition); give --epochs \(fewest.count) or fewer"
                )
            }
            return requested
        }
        let most = counts.max { $0.count < $1.count }!
        guard most.count == fewest.count else {
            throw CLIError.usage(
                "\(most.address) holds \(most.count) recorded trial(s) of condition \(most.condition) but \(fewest.address) only \(fewest.count) of \(fewest.condition); give --epochs \(fewest.count), or replay them in separate runs"
            )
        }
        return most.count
    }
}
