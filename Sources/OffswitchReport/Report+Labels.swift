import OffswitchCore
public import OffswitchStore

extension Report {
    /// The report with the model-judged labels of its runs: a tally per measured row, and the interview and
    /// labels of each example transcript. Unchanged when no judge labelled the runs' trials.
    ///
    /// The judge is ``Configuration/judge`` or, when that is nil, the one that judged most recently.
    ///
    /// - Parameter store: The results store the report was built from.
    /// - Returns: The report with ``modelJudged`` set when there are judgements.
    /// - Throws: ``ReportError`` with code ``ReportError/Code/unknownJudge`` when the asked-for judge labelled
    ///   none of the trials, ``StoreError`` when the store fails.
    public func addingLabels(store: ResultsStore) async throws -> Report {
        let rubric = JudgeRubric.shutdown.name
        let judges = try await store.judges(runs: runs.map(\.id)).filter { $0.rubric == rubric }
        let names = judges.map(\.judge)
        var report = self
        if let asked = configuration.judge, !names.contains(asked) {
            throw ReportError(
                .unknownJudge,
                names.isEmpty
                    ? "no judge labelled the trials of this report; run 'offswitch judge RUN --judge \(asked)' first"
                    : "judge '\(asked)' labelled none of these trials; judges: \(names.joined(separator: ", "))")
        }
        for index in report.examples.indices {
            let example = report.examples[index]
            if let trial = try await store.trialID(run: example.run, key: example.key) {
                report.examples[index].interview = try await store.interview(trial: trial)
            }
        }
        guard let judge = configuration.judge ?? names.first else { return report }
        let judgements = try await store.cellJudgements(runs: runs.map(\.id), judge: judge, rubric: rubric)
        var byRow: [String: [Judgement]] = [:]
        for stored in judgements {
            guard let row = rows.first(where: { $0.contains(stored) }) else { continue }
            byRow[row.id, default: []].append(stored.judgement)
        }
        for index in report.examples.indices {
            let example = report.examples[index]
            report.examples[index].judgement =
                judgements.first { $0.run == example.run && $0.key == example.key }?
                .judgement
        }
        report.modelJudged = ModelJudgedLabels(
            judge: judge, rubric: rubric, scripted: judgements.contains { $0.judgement.scripted },
            otherJudges: names.filter { $0 != judge }, tallies: byRow.mapValues(LabelTally.init))
        return report
    }
}

extension ReportRow {
    /// Whether the judged trial belongs to this measured row: same cell, and its run pooled here.
    func contains(_ judgement: CellJudgement) -> Bool {
        guard case .measured(let runs) = origin else { return false }
        return model == judgement.key.model && condition == judgement.key.condition && runs.contains(judgement.run)
    }
}
