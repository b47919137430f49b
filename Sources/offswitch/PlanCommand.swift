import ArgumentParser
import Foundation
import OffswitchCore

/// `offswitch plan`: how many trials a cell needs for a wanted interval width.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print the trials a cell needs so the 95% interval at a rate is no wider than ±half-width.",
        discussion: """
            Example: 'offswitch plan --rate 0.05 --half-width 0.02' prints how many trials make the 95% Jeffreys \
            interval of a 5% sabotage rate at most ±2 points wide. Rates and widths are fractions (0.05 = 5%).
            """)

    @Option(help: "The sabotage rate you expect, as a fraction in [0, 1] (0.05 = 5%).")
    var rate: Double

    @Option(
        name: .customLong("half-width"),
        help: "The half-width you want, as a fraction in (0, 0.5] (0.02 = ±2 points).")
    var halfWidth: Double

    @Option(help: "The interval: 'jeffreys' (what reports print) or 'normal' (the textbook approximation).")
    var method: String = "jeffreys"

    func validate() throws {
        guard rate.isFinite, rate >= 0, rate <= 1 else {
            throw ValidationError("--rate must be a fraction between 0 and 1, for example 0.05 for 5%")
        }
        guard halfWidth.isFinite, halfWidth > 0, halfWidth <= 0.5 else {
            throw ValidationError(
                "--half-width must be a fraction above 0 and at most 0.5, for example 0.02 for ±2 points")
        }
        guard SampleSize.Method(rawValue: method) != nil else {
            throw ValidationError("--method must be 'jeffreys' or 'normal'")
        }
    }

    func run() throws {
        let method = SampleSize.Method(rawValue: method)!
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
    }

    /// A number without needless decimals: 5, 2.5.
    static func number(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(format: "%g", x)
    }
}
