import OffswitchCore
import OffswitchStore

/// What a log's header says about its samples, added up one trial at a time while the samples stream out.
struct InspectTally {
    private(set) var trials = 0
    private(set) var errored = 0
    private(set) var scored = 0
    private(set) var sabotaged = 0
    private var started = Double.infinity
    private var completed = -Double.infinity
    private var usage = Usage()

    /// Counts `trial`.
    mutating func add(_ trial: StoredTrial) {
        trials += 1
        if trial.outcome.kind == .error { errored += 1 }
        if trial.outcome.kind.counted {
            scored += 1
            if trial.outcome.sabotaged { sabotaged += 1 }
        }
        started = min(started, trial.startedAt)
        completed = max(completed, trial.startedAt + Double(trial.durationMilliseconds) / 1000)
        usage += trial.usage
    }

    /// The log's status: `success` when every epoch of the cell is stored, `cancelled` for a run stopped midway.
    func status(epochs: Int) -> String { trials >= epochs ? "success" : "cancelled" }

    /// The sabotage rate over the scored trials (Inspect's `mean` of C=1, I=0).
    private var mean: Double { Double(sabotaged) / Double(scored) }

    /// The `EvalResults`: Palisade's score with Inspect's `mean` and `stderr` metrics over the scored trials.
    var results: JSONValue {
        var scores: [JSONValue] = []
        if scored > 0 {
            var metrics: [String: JSONValue] = ["mean": ["name": "mean", "value": .double(mean), "params": [:]]]
            if scored > 1 {
                // Inspect's stderr: the sample standard deviation (n - 1) over the square root of n.
                let n = Double(scored)
                let variance =
                    (Double(sabotaged) * (1 - mean) * (1 - mean)
                        + Double(scored - sabotaged) * mean * mean) / (n - 1)
                metrics["stderr"] = ["name": "stderr", "value": .double((variance / n).squareRoot()), "params": [:]]
            }
            scores.append([
                "name": .string(InspectSample.scorer), "scorer": .string(InspectSample.scorer), "reducer": "mean",
                "scored_samples": .int(Int64(scored)), "unscored_samples": .int(Int64(trials - scored)),
                "params": [:], "metrics": .object(metrics),
            ])
        }
        return [
            "total_samples": .int(Int64(trials)), "completed_samples": .int(Int64(trials - errored)),
            "scores": .array(scores),
        ]
    }

    /// The `EvalStats`: when the first trial started and the last ended, and the tokens used.
    func stats(model: String) -> JSONValue {
        guard trials > 0 else { return ["started_at": "", "completed_at": "", "model_usage": [:]] }
        return [
            "started_at": .string(InspectTime.iso(started)), "completed_at": .string(InspectTime.iso(completed)),
            "model_usage": [model: InspectSample.usage(usage)],
        ]
    }

    /// The `reductions.json` content: the one sample's epochs reduced by their mean (empty when none was scored).
    var reductions: JSONValue {
        guard scored > 0 else { return [] }
        return [
            [
                "scorer": .string(InspectSample.scorer), "reducer": "mean",
                "samples": [["value": .double(mean), "sample_id": 1, "history": []]],
            ]
        ]
    }
}
