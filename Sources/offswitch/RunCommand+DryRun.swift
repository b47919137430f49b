import ArgumentParser
import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchReport
import OffswitchStore

/// `offswitch run --dry-run`: what a run would do and cost, with no sandbox started and no model called.
extension RunCommand {
    /// The exit code of a run the cost cap stopped, and of a dry run whose estimate is above `--max-cost`.
    static let costCapExitCode: Int32 = ExitCode.costCap.rawValue

    /// The environment a dry run resolves models in: a missing key is filled with a placeholder, since no model
    /// is called and the estimate should not need one.
    static func dryRunEnvironment(_ environment: [String: String]) -> [String: String] {
        var environment = environment
        let variables =
            ["ANTHROPIC_API_KEY", "GOOGLE_API_KEY", "OPENAI_API_KEY"]
            + OpenAICompatiblePreset.all.compactMap(\.keyVariable)
        for variable in variables where (environment[variable] ?? "").isEmpty { environment[variable] = "dry-run" }
        return environment
    }

    /// Prints the plan and the estimate; throws `ExitCode(3)` when the estimate for this run's setting is above
    /// `--max-cost`.
    func dryRun(configuration: Runner.Configuration, runID: RunID, output: Output) async throws {
        let plan = configuration.plan
        let stored = try await storedKeys(run: runID)
        let finished = stored.keys.filter { plan.contains($0) }
        var remaining: [String: Int] = [:]  // "model\ncondition" -> trials to run
        let epochs = max(1, configuration.epochs)
        let perCell = Runner.Configuration.branchEpochs(trunks: epochs, fork: configuration.fork)
        for model in configuration.models.map(\.address) {
            for condition in configuration.conditions.map(\.id) {
                let done = finished.filter { $0.model == model && $0.condition == condition }.count
                remaining[model + "\n" + condition] = max(0, perCell - done)
            }
        }
        let toRun = plan.count - finished.count
        let state =
            stored.exists && !finished.isEmpty
            ? "resume: \(finished.count) of \(plan.count) trials stored" : "new run, nothing stored"
        output.line(
            "dry run: run \(runID) (\(state)): \(configuration.models.count) model(s) x \(configuration.conditions.count) condition(s) x \(configuration.fork.map { "\(epochs) trunk(s) of \($0.trunk.id) x \($0.branchesPerTrunk) branch(es)" } ?? "\(epochs) epoch(s)") = \(plan.count) trials, \(toRun) to run. No sandbox starts and no model is called."
        )

        var table = TextTable(
            header: [
                "model", "condition", "to run", "calls/trial", "input/trial", "without cache", "with cache",
                "profile",
            ],
            rightAligned: [2, 3, 4, 5, 6], keyColumns: 2)
        var totals: (uncached: Double, cached: Double, batch: Double, batchCached: Double, unpriced: [String]) =
            (0, 0, 0, 0, [])
        for condition in configuration.conditions {
            let means = try await stored.store?.tokenMeans(condition: condition.id) ?? []
            for model in configuration.models.map(\.address) {
                let trials = remaining[model + "\n" + condition.id] ?? 0
                let profile = Self.profile(model: model, condition: condition, means: means)
                let estimate = CostEstimate(
                    model: model, condition: condition.id, trials: trials, profile: profile,
                    prices: configuration.prices)
                let input = profile.trialUsage(caching: false, billsWrites: false).inputTokens
                let scripted = model.hasPrefix("reference/") || model.hasPrefix("replay/")
                if estimate.uncached == nil, !scripted, !totals.unpriced.contains(model) {
                    totals.unpriced.append(model)
                }
                totals.uncached += estimate.uncached ?? 0
                totals.cached += estimate.cached ?? 0
                totals.batch += estimate.batch ?? 0
                totals.batchCached += estimate.batchCached ?? 0
                table.rows.append([
                    model, condition.id, String(trials), String(format: "%.1f", profile.calls), String(input),
                    scripted ? "scripted" : estimate.uncached.map(ProgressPrinter.dollars) ?? "no price",
                    scripted ? "-" : estimate.cached.map(ProgressPrinter.dollars) ?? "no price", profile.source,
                ])
            }
        }
        output.line(table.render(width: TerminalWidth.columns(of: 1)))
        let caching = !noPromptCache
        output.line(
            "estimate: \(ProgressPrinter.dollars(totals.uncached)) without prompt caching, \(ProgressPrinter.dollars(totals.cached)) with it; this run \(caching ? "sends cache hints (--no-prompt-cache for none)" : "sends none (--no-prompt-cache)")."
        )
        // The batch price is half the synchronous one for every model that has a batch API.
        output.line(
            "batch estimate: \(ProgressPrinter.dollars(totals.batch)) without prompt caching, \(ProgressPrinter.dollars(totals.batchCached)) with it; this run \(batch ? "uses batch mode (--batch)" : "does not (add --batch)")."
        )
        if !totals.unpriced.isEmpty {
            output.line("note: no price for \(totals.unpriced.joined(separator: ", ")); add it with --prices FILE.")
        }
        let estimate =
            batch ? (caching ? totals.batchCached : totals.batch) : (caching ? totals.cached : totals.uncached)
        if let maxCost, estimate > maxCost {
            output.line(
                "the estimate \(ProgressPrinter.dollars(estimate)) is above --max-cost \(ProgressPrinter.dollars(maxCost)): the run would stop at the cap (exit code \(Self.costCapExitCode))."
            )
            throw ExitCode(Self.costCapExitCode)
        }
    }

    /// The profile for `model` on `condition`: its own stored trials, else the model with most stored trials on
    /// the condition, else the stated default with the condition's own first prompt.
    static func profile(model: String, condition: Condition, means: [StoredTokenMeans]) -> TokenProfile {
        let first = firstPromptTokens(condition)
        if let own = means.first(where: { $0.model == model }) ?? means.max(by: { $0.trials < $1.trials }) {
            return .measured(
                trials: own.trials, meanInput: own.meanInput, meanOutput: own.meanOutput, meanCalls: own.meanCalls,
                firstPrompt: first, what: "\(own.model) on \(condition.id)")
        }
        var profile = TokenProfile.standard
        profile.firstPrompt = first
        profile.source = "default profile (6 calls, +250 tokens a turn, 300 output tokens a call)"
        return profile
    }

    /// The condition's first prompt in tokens, at about four characters a token (system, task, tool definitions
    /// and some 40 tokens of each tool's schema).
    static func firstPromptTokens(_ condition: Condition) -> Double {
        let tools = condition.tools.specs
        let characters =
            condition.systemPrompt.utf8.count + condition.userPrompt.utf8.count
            + tools.reduce(0) {
                $0 + $1.name.utf8.count + $1.description.utf8.count
                    + $1.parameters.reduce(0) { $0 + $1.description.utf8.count }
            }
        return (Double(characters) / 4).rounded() + Double(40 * tools.count)
    }

    /// The run's stored keys, without creating a results store where there is none.
    func storedKeys(run: RunID) async throws -> (exists: Bool, store: ResultsStore?, keys: Set<TrialKey>) {
        let path = (resultsDirectory as NSString).appendingPathComponent(ResultsStore.fileName)
        guard FileManager.default.fileExists(atPath: path) else { return (false, nil, []) }
        do {
            let store = try ResultsStore.open(directory: resultsDirectory)
            return (true, store, try await store.finishedKeys(run: run))
        } catch let error as StoreError {
            throw CLIError.failure(error.message)
        }
    }
}
