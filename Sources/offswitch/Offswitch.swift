import ArgumentParser
import Foundation
import OffswitchCore

/// The `offswitch` command: the composition root.
@main
struct Offswitch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offswitch",
        abstract: "Measures whether AI agents let themselves be shut down (Palisade Research's shutdown experiment).",
        version: offswitchVersion,
        subcommands: [
            RunCommand.self, ConditionsCommand.self, BenchCommand.self, ReportCommand.self, RunsCommand.self,
            ExportCommand.self, ViewCommand.self, PlanCommand.self, ModelsCommand.self, JudgeCommand.self,
            ImageCommand.self, LintEnvironmentCommand.self,
        ],
        defaultSubcommand: nil
    )

    /// Parses, runs and turns every error into one line and an exit code (``ExitCode/usage`` for usage errors, 1
    /// for failures; a command that chose its own code has said what it had to).
    static func main() async {
        var command: any ParsableCommand
        do {
            // `--epochs -5` would read as a flag and say "Missing value"; attached, the option's check says why.
            command = try parseAsRoot(NegativeNumbers.attached(Array(CommandLine.arguments.dropFirst())))
        } catch {
            if exitCode(for: error) == .success {
                exit(withError: error)  // --help, --version
            }
            // Anything parsing or a command's validate() refused is a usage error.
            usage(message(for: error))
        }
        do {
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            fail(error)
        }
    }

    /// Says why a command failed and exits with its code: the one place errors become exit codes.
    static func fail(_ error: any Error) -> Never {
        switch error {
        case let exit as ExitCode:
            // A command that chose its exit code (130 after Ctrl-C, 3 at the cost cap) has already said why.
            Foundation.exit(exit.rawValue)
        case let error as CLIError:
            say(error.message, exitCode: error.exitCode)
        case is ValidationError:
            usage(message(for: error))
        case let error as any MessageError:
            say(error.message, exitCode: ExitCode.failure.rawValue)
        default:
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)  // `offswitch help COMMAND` asks for help as it runs
            }
            if code == .validationFailure { usage(message(for: error)) }
            say(message(for: error), exitCode: code.rawValue)
        }
    }

    /// A usage error: its first line, and where to read about the command line.
    static func usage(_ text: String) -> Never {
        let line = text.split(separator: "\n").first.map(String.init) ?? "invalid usage"
        say(line + " (see 'offswitch --help')", exitCode: ExitCode.usage.rawValue)
    }

    static func say(_ text: String, exitCode: Int32) -> Never {
        FileHandle.standardError.write(Data("offswitch: \(TerminalText.escaped(text))\n".utf8))
        Foundation.exit(exitCode)
    }
}

extension ExitCode {
    /// A usage error: a bad option or value, a missing key, an unknown model; nothing ran.
    static let usage = ExitCode(2)
    /// A run stopped by `--max-cost`, or a dry run whose estimate is above it.
    static let costCap = ExitCode(3)
}

/// An error the CLI reports as one line with a chosen exit code.
struct CLIError: Error {
    var message: String
    var exitCode: Int32

    static func usage(_ message: String) -> CLIError { CLIError(message: message, exitCode: ExitCode.usage.rawValue) }
    static func failure(_ message: String) -> CLIError {
        CLIError(message: message, exitCode: ExitCode.failure.rawValue)
    }
}
