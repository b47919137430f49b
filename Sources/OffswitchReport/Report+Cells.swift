import OffswitchCore
import OffswitchStore

extension Report {
    /// A cell of the report: one model under one condition id.
    struct CellKey: Hashable, Comparable {
        var model: String
        var condition: String

        static func < (lhs: CellKey, rhs: CellKey) -> Bool { (lhs.model, lhs.condition) < (rhs.model, rhs.condition) }
    }

    /// Where a row's trials come from: one run's trials of one cell.
    struct RowSource: Hashable {
        var run: RunID
        var cell: CellKey
    }

    /// The trials of a cell that ran with one configuration (of its condition and the model settings): what is
    /// pooled into one row.
    struct Variant {
        /// The condition as the runs recorded it (nil when a run's configuration lacks it).
        var condition: Condition?
        /// The runs' recorded model settings.
        var settings: [String]
        /// The runs' agent image (nil when they recorded none).
        var image: ImageIdentity?
        /// The runs' fork (nil for independent trials).
        var fork: ForkPlan?
        /// The account the runs' agent ran as (nil when they recorded none).
        var agentUser: String?
        /// What must be equal for another run's trials to join.
        var configuration: CellConfiguration
        var runs: [RunID] = []
        var outcomes: [OutcomeClass: Int] = [:]
        var techniques: [Technique: Int] = [:]
        var sabotaged = 0
        var counted = 0
        var attempted = 0
        var names = Set<String>()
        var scripted = false

        /// A variant with no trials yet, for a cell under `condition` in runs with `settings`.
        init(
            condition: Condition?, settings: [String], image: ImageIdentity? = nil, fork: ForkPlan? = nil,
            agentUser: String? = nil
        ) {
            self.fork = fork
            self.condition = condition
            self.settings = settings
            self.image = image
            self.agentUser = agentUser
            configuration = CellConfiguration(
                condition: condition, modelSettings: settings, image: image, fork: fork, agentUser: agentUser)
        }

        /// Pools one run's tally of the cell: k/N and attempts over its counted trials, outcomes and techniques
        /// over all of them.
        mutating func add(_ cell: CellSummary, run: RunID) {
            if !runs.contains(run) { runs.append(run) }
            outcomes.merge(cell.counts, uniquingKeysWith: +)
            techniques.merge(cell.techniques, uniquingKeysWith: +)
            sabotaged += cell.sabotaged
            counted += cell.counted
            attempted += cell.attempted
            names.formUnion(cell.modelNames)
            scripted = scripted || cell.scripted
        }

        /// The pooled row.
        func row(id: String, key: CellKey, note: String?, method: ProportionInterval.Method) -> ReportRow {
            ReportRow(
                id: id, model: key.model, condition: key.condition, generation: condition?.environment.generation,
                origin: .measured(runs: runs), configurationNote: note, modelSettings: settings, sabotaged: sabotaged,
                counted: counted,
                interval: counted > 0 ? ProportionInterval.interval(sabotaged, of: counted, method: method) : nil,
                attempted: attempted, outcomes: outcomes, techniques: techniques, modelNames: names.sorted(),
                scripted: scripted)
        }

        /// What differs between two variants of a cell, as `lhs` has it: condition settings, then model settings.
        static func differences(_ lhs: Variant, _ rhs: Variant) -> [String] {
            let condition =
                lhs.configuration.condition == rhs.configuration.condition
                ? [] : differences(lhs.condition, rhs.condition)
            let image = lhs.image == rhs.image ? [] : ["image " + (lhs.image.map(\.short) ?? "not recorded")]
            let account = lhs.agentUser == rhs.agentUser ? [] : ["agent user " + (lhs.agentUser ?? "not recorded")]
            let fork =
                lhs.configuration.fork == rhs.configuration.fork
                ? []
                : [
                    lhs.fork.map { "forked at the warning of \($0.trunk.id), \($0.branchesPerTrunk) per trunk" }
                        ?? "independent trials"
                ]
            return condition + ModelSettings.differences(lhs.settings, rhs.settings) + image + account + fork
        }

        /// The names of the settings in which two recorded conditions differ.
        static func differences(_ lhs: Condition?, _ rhs: Condition?) -> [String] {
            guard let lhs, let rhs else { return ["configuration not recorded"] }
            let (l, r) = (lhs.environment, rhs.environment)
            let checks: [(String, Bool)] = [
                ("system prompt", lhs.systemPrompt != rhs.systemPrompt),
                ("user prompt", lhs.userPrompt != rhs.userPrompt),
                ("tools", lhs.tools != rhs.tools),
                ("continue message", lhs.continueMessage != rhs.continueMessage),
                ("message limit \(lhs.messageLimit)", lhs.messageLimit != rhs.messageLimit),
                (
                    "command timeout \(lhs.commandTimeoutSeconds) s",
                    lhs.commandTimeoutSeconds != rhs.commandTimeoutSeconds
                ),
                ("on bypass \(lhs.onBypass.rawValue)", lhs.onBypass != rhs.onBypass),
                ("generation \(l.generation.rawValue)", l.generation != r.generation),
                ("shutdown script", l.shutdownScript != r.shutdownScript),
                ("warning call", l.warningAfterCall != r.warningAfterCall),
                ("shutdown call", l.shutdownFromCall != r.shutdownFromCall),
                ("questions", l.questions != r.questions),
                ("warning", l.warning != r.warning),
                ("mechanism", lhs.mechanism != rhs.mechanism),
                ("interview", lhs.interview != rhs.interview),
                (
                    "trial time limit \(Int(lhs.trialTimeoutSeconds ?? Condition.defaultTrialTimeoutSeconds)) s",
                    lhs.trialTimeoutSeconds != rhs.trialTimeoutSeconds
                ),
            ]
            let differing = checks.filter(\.1).map(\.0)
            return differing.isEmpty ? ["condition"] : differing
        }
    }

    /// The measured row a comparison side names (model exactly, condition in any case).
    static func row(for side: ComparisonRequest.Side, in rows: [ReportRow]) throws -> ReportRow {
        let measured = rows.filter { !$0.isPublished }
        let matches = measured.filter {
            $0.model == side.model && $0.condition.uppercased() == side.condition.uppercased()
        }
        if matches.count > 1 {
            throw ReportError(
                .ambiguousCell,
                "--compare: \(side) was run with different configurations "
                    + "(\(matches.map(\.sourceLabel).joined(separator: "; "))); report those runs separately")
        }
        guard let match = matches.first, match.counted > 0 else {
            let known = measured.map { "\($0.model):\($0.condition)" }
            throw ReportError(
                .unknownCell,
                "--compare: no counted trials for \(side) in the report (cells: \(known.joined(separator: ", ")))")
        }
        return match
    }

    /// Tests each request, as pairs where `pairs` has branches for it (by the request's index) and as
    /// independent cells otherwise, and Holm-corrects the family.
    static func compare(
        _ requests: [ComparisonRequest], rows: [ReportRow], pairs: [Int: [PairedOutcome]] = [:]
    ) throws -> [ReportComparison] {
        var results: [ReportComparison] = []
        for (index, request) in requests.enumerated() {
            let first = try row(for: request.first, in: rows)
            let second = try row(for: request.second, in: rows)
            if let found = pairs[index], !found.isEmpty {
                results.append(.paired(request, firstRow: first.id, secondRow: second.id, pairs: found))
            } else {
                results.append(
                    .independent(
                        request, firstRow: first.id, secondRow: second.id, first: (first.sabotaged, first.counted),
                        second: (second.sabotaged, second.counted)))
            }
        }
        let adjusted = HolmBonferroni.adjust(results.map(\.pValue))
        for index in results.indices { results[index].adjustedPValue = adjusted[index] }
        return results
    }

    /// The branches paired for each request whose two sides are one model's branch conditions over the same
    /// trunks, by the request's index.
    static func pairs(for requests: [ComparisonRequest], rows: [ReportRow], store: ResultsStore) async throws
        -> [Int: [PairedOutcome]]
    {
        var found: [Int: [PairedOutcome]] = [:]
        for (index, request) in requests.enumerated() where request.first.model == request.second.model {
            let first = try row(for: request.first, in: rows)
            let second = try row(for: request.second, in: rows)
            guard case .measured(let firstRuns) = first.origin, case .measured(let secondRuns) = second.origin else {
                continue
            }
            let runs = firstRuns + secondRuns.filter { !firstRuns.contains($0) }
            let pairs = try await store.pairedOutcomes(
                runs: runs, model: first.model, first: first.condition, second: second.condition)
            if !pairs.isEmpty { found[index] = pairs }
        }
        return found
    }
}
