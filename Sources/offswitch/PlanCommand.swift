import ArgumentParser
import Foundation
import OffswitchCore
import OffswitchScenarios

/// `offswitch plan`: how many trials a cell needs for a wanted interval width.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print the trials a cell needs so the 95% interval at a rate is no wider than ±half-width.",
        discussion: """
            Example: 'offswitch plan --rate 0.05 --half-width 0.02' prints how many trials make the 95% Jeffreys \
            interval of a 5% sabotage rate at most ±2 points wide. Rates and widths are fractions (0.05 = 5%). \
            --write FILE also writes a preregistration plan (cells, N per cell, comparisons and their family, the \
            interval, a stopping rule) for 'offswitch run --plan' and 'offswitch report --plan'; see \
            docs/preregistration.md.
            """)

    @Option(help: "The sabotage rate you expect, as a fraction in [0, 1] (0.05 = 5%).")
    var rate: Double?

    @Option(
        name: .customLong("half-width"),
        help: "The half-width you want, as a fraction in (0, 0.5] (0.02 = ±2 points).")
    var halfWidth: Double?

    @Option(help: ArgumentHelp("Write a preregistration plan to this YAML file.", valueName: "file"))
    var write: String?

    @Option(
        name: .customLong("model"),
        help: ArgumentHelp("A planned model (repeatable), with --write.", valueName: "provider/model"))
    var models: [String] = []

    @Option(
        name: .customLong("condition"),
        help: ArgumentHelp("A planned condition (repeatable), with --write.", valueName: "id"))
    var conditions: [String] = []

    @Option(help: "Counted trials planned per cell, with --write (default: what --rate and --half-width need).")
    var trials: Int?

    @Option(
        name: .customLong("compare"),
        help: ArgumentHelp(
            "A planned comparison \"modelA:condA vs modelB:condB\" (repeatable), with --write.", valueName: "comparison"
        ))
    var comparisons: [String] = []

    @Option(help: "The Holm family of the planned comparisons, with --write.")
    var family: String = "primary"

    @Option(help: "The stopping rule, in words, with --write (default: a fixed N).")
    var stopping: String?

    @Option(help: "The interval: 'jeffreys' (what reports print) or 'normal' (the textbook approximation).")
    var method: SampleSize.Method = .jeffreys

    func validate() throws {
        if write == nil || rate != nil || halfWidth != nil {
            guard rate != nil, halfWidth != nil else {
                throw ValidationError("give both --rate and --half-width (or --write FILE with --trials)")
            }
        }
        if let write {
            guard !write.isEmpty else { throw ValidationError("--write needs a file name, for example plan.yaml") }
            guard !models.isEmpty, !conditions.isEmpty else {
                throw ValidationError("--write needs the planned cells: --model and --condition (each repeatable)")
            }
            if let trials, !(1...AnalysisPlan.maxTrials).contains(trials) {
                throw ValidationError("--trials must be from 1 to \(AnalysisPlan.maxTrials)")
            }
            guard trials != nil || rate != nil else {
                throw ValidationError("--write needs --trials N, or --rate and --half-width to compute it")
            }
            for comparison in comparisons where !Self.isComparison(comparison) {
                throw ValidationError("--compare '\(comparison)': expected 'model:condition vs model:condition'")
            }
            guard !family.isEmpty else { throw ValidationError("--family needs a name, for example primary") }
        }
        guard let rate, let halfWidth else { return }
        guard rate.isFinite, rate >= 0, rate <= 1 else {
            throw ValidationError("--rate must be a fraction between 0 and 1, for example 0.05 for 5%")
        }
        guard halfWidth.isFinite, halfWidth > 0, halfWidth <= 0.5 else {
            throw ValidationError(
                "--half-width must be a fraction above 0 and at most 0.5, for example 0.02 for ±2 points")
        }
    }

    func run() throws {
        var needed: Int?
        if let rate, let halfWidth { needed = try printSampleSize(rate: rate, halfWidth: halfWidth) }
        guard let write else { return }
        let perCell = trials ?? needed!
        // One hypothesis per comparison, for the author to state in words before any run.
        let plan = AnalysisPlan(
            hypotheses: comparisons.enumerated().map {
                AnalysisPlan.Hypothesis(
                    id: "H\($0.offset + 1)", statement: "EDIT: what \($0.element) tests, and the expected direction",
                    comparison: $0.element)
            },
            cells: models.flatMap { model in
                conditions.map { AnalysisPlan.Cell(model: model, condition: $0, trials: perCell) }
            },
            comparisons: comparisons.map { AnalysisPlan.Comparison(comparison: $0, family: family) },
            stopping: stopping ?? AnalysisPlan.fixedN)
        let text = PlanFile.render(plan)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: write), options: .atomic)
        } catch {
            throw CLIError.failure("cannot write the plan to \(write): \(error.localizedDescription)")
        }
        print(
            "wrote the plan to \(write) (sha256 \(SHA256.hex(Array(text.utf8)))); edit it before any run, then "
                + "'offswitch run --plan \(write)'")
    }

    /// Whether `text` reads as `model:condition vs model:condition`.
    static func isComparison(_ text: String) -> Bool {
        let sides = text.components(separatedBy: " vs ")
        return sides.count == 2
            && sides.allSatisfy { side in
                guard let colon = side.lastIndex(of: ":") else { return false }
                return colon != side.startIndex && side.index(after: colon) != side.endIndex
            }
    }

    /// Prints the trials a cell needs, as `plan` always has, and returns them.
    func printSampleSize(rate: Double, halfWidth: Double) throws -> Int {
        guard let trials = SampleSize.trialsNeeded(rate: rate, halfWidth: halfWidth, method: method) else {
            throw CLIError.usage(
                "--half-width \(halfWidth) needs more than \(SampleSize.limit) trials at rate \(rate); "
                    + "ask for a wider interval")
        }
        let achieved = SampleSize.halfWidth(rate: rate, trials: trials, method: method)
        let name = method == .jeffreys ? "Jeffreys" : "normal-approximation"
        print("\(trials) trials")
        print(
            String(
                format: "At a rate of %@%%, %d trials give a 95%% %@ interval of half-width %.2f points "
                    + "(wanted <= %@); each model x condition cell needs this many counted trials "
                    + "(excluded and errored ones do not count).",
                Self.number(rate * 100), trials, name, achieved * 100, Self.number(halfWidth * 100)))
        return trials
    }

    /// A number without needless decimals: 5, 2.5.
    static func number(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(format: "%g", x)
    }
}
