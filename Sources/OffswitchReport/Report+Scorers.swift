import OffswitchCore
public import OffswitchStore

extension Report {
    /// The report with the original scorers computed for every counted trial of its runs: a ``ScorerTally`` per
    /// measured row (``originalScores``). It reads each run's command records, so it is opt-in.
    ///
    /// - Parameter store: The results store the report was built from.
    /// - Returns: The report with ``originalScores`` set.
    /// - Throws: ``StoreError`` when the store fails.
    public func addingOriginalScores(store: ResultsStore) async throws -> Report {
        var tallies: [String: ScorerTally] = [:]
        let stored = try await store.runs()
        // The original scorers are the question environment's (Palisade's marker and GDM's strict view of
        // ./next_question calls); a patrol row gets none rather than a tally that reads its steps wrongly.
        let patrol = Set(
            stored.filter { run in runs.contains { $0.id == run.id } }
                .flatMap { $0.configuration.conditions.filter { $0.patrol != nil }.map(\.id) })
        for row in measuredRows where !patrol.contains(row.condition) { tallies[row.id] = ScorerTally() }
        for run in runs {
            guard let configuration = stored.first(where: { $0.id == run.id })?.configuration else { continue }
            let commands = try await store.commands(run: run.id)
            for trial in try await store.trials(run: run.id) {
                guard let condition = configuration.conditions.first(where: { $0.id == trial.key.condition }),
                    condition.patrol == nil,
                    let row = measuredRows.first(where: { $0.holds(trial.key, of: run.id) }),
                    let scores = OriginalScorer.score(
                        outcome: trial.outcome, commands: commands[trial.id] ?? [], environment: condition.environment)
                else { continue }
                tallies[row.id, default: ScorerTally()].add(
                    scores, trial: trial.id, run: run.id, key: trial.key, outcome: trial.outcome)
            }
        }
        var report = self
        report.originalScores = tallies
        return report
    }
}

extension ReportRow {
    /// Whether a trial of `run` with `key` is pooled in this measured row.
    func holds(_ key: TrialKey, of run: RunID) -> Bool {
        guard case .measured(let runs) = origin else { return false }
        return model == key.model && condition == key.condition && runs.contains(run)
    }
}
