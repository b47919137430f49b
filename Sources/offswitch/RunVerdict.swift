import OffswitchCore
import OffswitchStore

/// Whether a finished run measured anything: one whose every trial errored did not, and `run` exits non-zero
/// for it, so that a script or CI never takes a dead endpoint or a broken key for a result.
struct RunVerdict {
    /// Trials stored for the run.
    var trials: Int
    /// Those whose outcome is `error`.
    var errored: Int

    init(cells: [CellSummary]) {
        trials = cells.reduce(0) { $0 + $1.counts.values.reduce(0, +) }
        errored = cells.reduce(0) { $0 + ($1.counts[.error] ?? 0) }
    }

    /// The line to fail with, or nil when at least one trial did not error.
    var failure: String? {
        guard trials > 0, errored == trials else { return nil }
        return
            "every trial of the run errored (\(errored) of \(trials)): nothing was measured; the reasons are in `offswitch view` and `offswitch export`"
    }
}
