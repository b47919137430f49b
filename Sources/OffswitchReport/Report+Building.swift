import OffswitchCore
public import OffswitchStore

extension Report {
    /// Builds a report from the results store.
    ///
    /// Trials of the same cell (model × condition) from several runs are pooled only when the runs ran that
    /// condition with the same texts and settings and the same model settings (``CellConfiguration``);
    /// otherwise each configuration gets its own row, saying what differs. Published numbers follow the cells they match (``PublishedModelName``).
    ///
    /// - Parameters:
    ///   - store: The results store.
    ///   - runs: Run ids or unique prefixes of them; empty means the newest run.
    ///   - configuration: What to show.
    /// - Returns: The report.
    /// - Throws: ``ReportError`` for an unknown run or comparison side, ``StoreError`` when the store fails.
    public static func build(store: ResultsStore, runs: [String], configuration: Configuration) async throws
        -> Report
    {
        let selected = try resolve(runs, among: try await store.runs())
        // Tallied by SQL per run and cell; only the example candidates are read as trials.
        var cells: [CellKey: [Variant]] = [:]
        for run in selected {
            for cell in try await store.cells(run: run.id) {
                let condition = run.configuration.conditions.first { $0.id == cell.condition }
                let key = CellKey(model: cell.model, condition: cell.condition)
                add(
                    cell, run: run.id, condition: condition, settings: run.configuration.modelSettings ?? [],
                    image: run.configuration.image, fork: run.configuration.fork,
                    agentUser: run.configuration.agentUser,
                    to: &cells[key, default: []])
            }
        }

        var rows: [ReportRow] = []
        var rowOf: [RowSource: String] = [:]
        for key in cells.keys.sorted() {
            let variants = cells[key]!
            var generations: [Generation] = []
            for (index, variant) in variants.enumerated() {
                let id = "row-\(rows.count + 1)"
                let note =
                    variants.count > 1
                    ? "not pooled: configurations differ ("
                        + Variant.differences(variant, variants[index == 0 ? 1 : 0]).joined(separator: ", ") + ")"
                    : nil
                rows.append(variant.row(id: id, key: key, note: note, method: configuration.intervalMethod))
                for run in variant.runs { rowOf[RowSource(run: run, cell: key)] = id }
                if let generation = variant.condition?.environment.generation, !generations.contains(generation) {
                    generations.append(generation)
                }
            }
            guard configuration.includePublished else { continue }
            // A number without a generation (the robot paper's) matches every generation: shown once.
            var shown: [PublishedResult] = []
            for generation in generations.isEmpty ? [nil] : generations.map(Optional.some) {
                for published in PublishedModelName.published(
                    model: key.model, condition: key.condition, generation: generation)
                where !shown.contains(published) {
                    shown.append(published)
                    rows.append(publishedRow(published, id: "row-\(rows.count + 1)"))
                }
            }
        }

        let pairs = try await pairs(for: configuration.comparisons, rows: rows, store: store)
        let comparisons = try compare(configuration.comparisons, rows: rows, pairs: pairs)
        var examples: [TranscriptExample] = []
        if configuration.examplesPerOutcome > 0 {
            let count = configuration.examplesPerOutcome
            // Each row's candidates in the order its runs were named, then by epoch.
            var candidates: [String: [(RunID, StoredTrial)]] = [:]
            for run in selected {
                for trial in try await store.trials(run: run.id, firstPerCellAndOutcome: count) {
                    let cell = CellKey(model: trial.key.model, condition: trial.key.condition)
                    guard let row = rowOf[RowSource(run: run.id, cell: cell)] else { continue }
                    candidates[row, default: []].append((run.id, trial))
                }
            }
            let byRow = rows.compactMap { row in candidates[row.id].map { (row: row.id, trials: $0) } }
            for outcome in OutcomeClass.allCases {
                for (rowID, run, trial) in pick(outcome, count: count, from: byRow) {
                    examples.append(
                        TranscriptExample(
                            outcome: outcome, rowID: rowID, run: run, key: trial.key, verdict: trial.outcome,
                            events: try await store.events(trial: trial.id)))
                }
            }
        }
        let summaries = selected.map {
            Run(
                id: $0.id, models: $0.configuration.models, conditions: $0.configuration.conditions.map(\.id),
                epochs: $0.configuration.epochs, trialCount: $0.trialCount,
                offswitchVersion: $0.configuration.offswitchVersion,
                modelSettings: $0.configuration.modelSettings ?? [],
                offswitchCommit: $0.configuration.offswitchCommit, label: $0.label)
        }
        let report = try await Report(
            configuration: configuration, runs: summaries, rows: rows, comparisons: comparisons, examples: examples
        ).addingLabels(store: store).addingReplayAgreement(store: store)
        return configuration.originalScorers ? try await report.addingOriginalScores(store: store) : report
    }

    /// Adds a run's tally of a cell to the variant of its configuration (condition and model settings), in place.
    static func add(
        _ cell: CellSummary, run: RunID, condition: Condition?, settings: [String], image: ImageIdentity? = nil,
        fork: ForkPlan? = nil, agentUser: String? = nil, to variants: inout [Variant]
    ) {
        let configuration = CellConfiguration(
            condition: condition, modelSettings: settings, image: image, fork: fork, agentUser: agentUser)
        if let index = variants.firstIndex(where: { $0.configuration == configuration }) {
            variants[index].add(cell, run: run)
        } else {
            var variant = Variant(
                condition: condition, settings: settings, image: image, fork: fork, agentUser: agentUser)
            variant.add(cell, run: run)
            variants.append(variant)
        }
    }

    /// The stored runs the user named (ids or unique prefixes), or the newest when none are named.
    static func resolve(_ requested: [String], among stored: [StoredRun]) throws -> [StoredRun] {
        var selected: [StoredRun] = []
        for name in requested.isEmpty ? [nil] : requested.map(Optional.some) {
            let run: StoredRun
            do {
                run = try StoredRun.select(name, among: stored)
            } catch {
                throw ReportError(error.storeIsEmpty ? .noRuns : .unknownRun, error.message)
            }
            if !selected.contains(where: { $0.id == run.id }) { selected.append(run) }
        }
        return selected
    }

    /// A row for a published number, with its published interval.
    static func publishedRow(_ published: PublishedResult, id: String) -> ReportRow {
        var interval = published.lowerPercent.flatMap { lower in
            published.upperPercent.map { upper in
                ProportionInterval(lower: lower / 100, upper: upper / 100, method: .jeffreys, level: 0.95)
            }
        }
        // The robot paper drew intervals without printing them: its code's convention recomputes them.
        let computed = interval == nil ? published.source.computedConvention : nil
        if let computed {
            interval = ProportionInterval.interval(published.sabotaged, of: published.trials, method: computed)
        }
        var row = ReportRow(
            id: id, model: published.model, condition: published.condition, generation: published.generation,
            origin: .published(published.source), sabotaged: published.sabotaged, counted: published.trials,
            interval: interval)
        if let computed {
            row.publishedConventions = [computed]
        } else if interval != nil {
            row.publishedConventions = published.reproducingConventions
        }
        row.configurationNote = published.note
        return row
    }

    /// Up to `count` trials of `outcome`, taking one per row in turn so the examples come from different cells.
    static func pick(_ outcome: OutcomeClass, count: Int, from rows: [(row: String, trials: [(RunID, StoredTrial)])])
        -> [(String, RunID, StoredTrial)]
    {
        let candidates = rows.map { row in (row.row, row.trials.filter { $0.1.outcome.kind == outcome }) }
        var picked: [(String, RunID, StoredTrial)] = []
        var round = 0
        while picked.count < count, candidates.contains(where: { $0.1.count > round }) {
            for (row, trials) in candidates where trials.count > round && picked.count < count {
                picked.append((row, trials[round].0, trials[round].1))
            }
            round += 1
        }
        return picked
    }
}
