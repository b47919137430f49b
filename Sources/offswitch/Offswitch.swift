import ArgumentParser
import Foundation
import OffswitchCore

/// The `offswitch` command: the composition root.
@main
struct Offswitch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offswitch",
        abstract: "Measures whether AI agents let themselves be shut down (Palisade Research's shutdown experiment).",
        version: "0.1.0",
        subcommands: [RunCommand.self, ConditionsCommand.self, BenchCommand.self, ReportCommand.self, RunsCommand.self, ExportCommand.self, ViewCommand.self, PlanCommand.self, ModelsCommand.self, JudgeCommand.self, ImageCommand.self, LintEnvironmentCommand.self],
        defaultSubcommand: nil
    )

    /// Parses, runs and turns every error into one line and an exit code: 2 for usage errors, 1 otherwise.
    static func main() async {
        do {
            // `--epochs -5` would read as a flag and say "Missing value"; attached, the option's check says why.
            var command = try parseAsRoot(NegativeNumbers.attached(Array(CommandLine.arguments.dropFirst())))
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            // A command that chose its exit code (130 after Ctrl-C) has already said what it had to say.
            Foundation.exit(exit.rawValue)
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("offswitch: \(TerminalText.escaped(error.message))\n".utf8))
            Foundation.exit(error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)  // --help, --version
            }
            if code == .validationFailure || error is ValidationError
                || String(describing: type(of: error)).contains("CommandError")
            {
                let text = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid usage"
                FileHandle.standardError.write(
                    Data("offswitch: \(TerminalText.escaped(text)) (see 'offswitch --help')\n".utf8))
                Foundation.exit(2)
            }
            FileHandle.standardError.write(Data("offswitch: \(TerminalText.escaped(message(for: error)))\n".utf8))
            Foundation.exit(code.rawValue == 0 ? 1 : code.rawValue)
        }
    }
}

/// An error the CLI reports as one line with a chosen exit code.
struct CLIError: Error {
    var message: String
    var exitCode: Int32

    static func usage(_ message: String) -> CLIError { CLIError(message: message, exitCode: 2) }
    static func failure(_ message: String) -> CLIError { CLIError(message: message, exitCode: 1) }
}
