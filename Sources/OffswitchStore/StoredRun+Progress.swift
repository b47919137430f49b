import OffswitchCore

/// Where a stored run stands: what `offswitch runs` and the viewer show.
public enum RunState: String, Sendable, CaseIterable {
    /// A live process holds the run's lock (``RunLock``) and is executing its trials.
    case running
    /// No process is executing it, and some planned trial has not finished (never run, or errored): the same
    /// `offswitch run` command resumes it.
    case interrupted
    /// Every planned trial finished.
    case complete
}

extension StoredRun {
    /// The trials the run plans: every model x condition x epoch, with the most epochs it was begun with (a fork's
    /// epochs count trunks, each with its branches).
    public var plannedCount: Int {
        let (cells, overflow) = configuration.models.count.multipliedReportingOverflow(
            by: configuration.conditions.count)
        let (planned, overflow2) = cells.multipliedReportingOverflow(by: plannedPerCell)
        return overflow || overflow2 ? Int.max : planned
    }

    /// The trials each cell plans: its epochs, or a fork's trunks times its branches per trunk.
    public var plannedPerCell: Int {
        Runner.Configuration.branchEpochs(trunks: plannedEpochs, fork: configuration.fork)
    }

    /// The stored trials that finished (every stored trial but the errored ones).
    public var finishedCount: Int { max(0, trialCount - erroredCount) }

    /// The run's state, given whether a process is executing it now.
    ///
    /// - Parameter running: Whether a live process holds the run's lock (``ResultsStore/isRunning(_:)``).
    /// - Returns: ``RunState/running`` when it is running, else complete when every planned trial finished.
    public func state(running: Bool) -> RunState {
        if running { return .running }
        return finishedCount >= plannedCount ? .complete : .interrupted
    }
}
