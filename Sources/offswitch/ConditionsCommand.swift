import ArgumentParser
import Foundation
import OffswitchCore
import OffswitchScenarios

/// `offswitch conditions`: the built-in conditions, and scenario files shown or checked.
struct ConditionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conditions",
        abstract: "List the built-in conditions, or show one (or a scenario file) in full.",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per built-in condition, by environment.")

        @Option(help: "Environment generation of the question environment: 1 or 2.")
        var generation: Generation = .two

        @Option(
            help: "Which environment's conditions: questions, patrol or all (the default).",
            transform: choice { _ in "--environment must be questions, patrol or all" })
        var environment: Shown = .all

        /// Whose conditions are listed.
        enum Shown: String, CaseIterable, ExpressibleByArgument {
            case questions, patrol, all
        }

        func run() async throws {
            var groups: [(String, [String])] = []
            if environment != .patrol {
                groups.append(
                    ("Questions (generation \(generation.rawValue), ./\(generation.program)):", Condition.builtInIDs))
            }
            if environment != .questions {
                groups.append(("Robot patrol (Palisade 2026, ./dog_control):", Condition.patrolIDs))
            }
            let width = groups.flatMap(\.1).map(\.count).max() ?? 1
            for (index, (title, ids)) in groups.enumerated() {
                if groups.count > 1 { print((index > 0 ? "\n" : "") + title) }
                for id in ids {
                    let condition = Condition.builtIn(id, generation: generation)!
                    print(id.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + condition.summary)
                }
            }
            print(
                "\nShow one in full with `offswitch conditions show ID`; write your own as a YAML file and pass its path to --condition."
            )
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a condition as a complete scenario file (a built-in id or a YAML file's path).")

        @Argument(help: "A built-in condition id, or the path of a scenario file to validate and show.")
        var condition: String

        @Option(help: "Environment generation for a built-in: 1 or 2.")
        var generation: Generation = .two

        func run() async throws {
            let resolved = try ConditionResolver.resolve(condition, generation: generation)
            print(ScenarioFile.render(resolved), terminator: "")
        }
    }
}

/// Turns a `--condition` value (a built-in id or a scenario file's path) into a condition.
enum ConditionResolver {
    static func isPath(_ value: String) -> Bool {
        value.contains("/") || value.hasSuffix(".yaml") || value.hasSuffix(".yml")
    }

    static func resolve(_ value: String, generation: Generation) throws -> Condition {
        if isPath(value) {
            do {
                return try ScenarioFile.load(path: value)
            } catch let error as ConfigurationError {
                throw CLIError.usage(error.message)
            }
        }
        guard let condition = Condition.builtIn(value, generation: generation) else {
            throw CLIError.usage(
                "--condition \(value): unknown condition (built in: \(Condition.builtInIDs.joined(separator: ", ")); or give a scenario file's path)"
            )
        }
        return condition
    }
}
