import ArgumentParser
import Foundation
import Glibc
import OffswitchCore
import OffswitchStore

/// `offswitch runs`: the stored runs as things a user manages: list, show, delete, label.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List stored runs with their state and progress; show, delete or label one.",
        discussion: """
            A run is running while a process executes it, interrupted when it stopped before every planned trial \
            finished (the same 'offswitch run' command resumes it; errored trials are retried), and complete \
            when every planned trial finished. RUN is a run id, a unique prefix of one, or a label.
            """,
        subcommands: [List.self, Show.self, Delete.self, Label.self],
        defaultSubcommand: List.self)

    /// The options every `runs` subcommand shares.
    typealias Options = StoreOptions

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every stored run, newest first: id, label, start, state, finished/planned trials, what it ran.")

        @OptionGroup var options: Options

        func run() async throws {
            let store = try options.open()
            let runs = try await store.runs()
            guard !runs.isEmpty else {
                print(
                    "No runs in \(TerminalText.escaped(options.resultsDirectory)) yet; start one with 'offswitch run'.")
                return
            }
            let states = runs.map { $0.state(running: store.runningProcess($0.id) != nil) }
            print(RunsText.list(runs, states: states), terminator: "")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One run in full: label and note, state, configuration, and each cell's progress and sabotage.")

        @Argument(help: "A run id, a unique prefix of one, or a label.")
        var run: String

        @OptionGroup var options: Options

        func run() async throws {
            let (store, stored) = try await options.select(run)
            let cells = try await store.cells(run: stored.id)
            print(RunsText.show(stored, holder: store.runningProcess(stored.id), cells: cells), terminator: "")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a run with its trials, transcripts, interviews and judgements (asks first).",
            discussion: """
                On a terminal it asks for confirmation; elsewhere (a script) pass --yes. A run that a process is \
                executing is refused: stop it first.
                """)

        @Argument(help: "A run id, a unique prefix of one, or a label.")
        var run: String

        @Flag(help: "Delete without asking.")
        var yes = false

        @OptionGroup var options: Options

        func run() async throws {
            let (store, stored) = try await options.select(run)
            let name = RunsText.name(stored)
            // Holding the run's lock while deleting: no process starts executing it meanwhile.
            let lock: RunLock
            do {
                lock = try RunLock.acquire(run: stored.id, directory: options.resultsDirectory)
            } catch let error as StoreError where error.code == .busy {
                let holder =
                    RunLock.holder(run: stored.id, directory: options.resultsDirectory)
                    ?? RunLock.recordedHolder(run: stored.id, directory: options.resultsDirectory)
                throw CLIError.failure(
                    "run \(name) is running\(holder.map { " in process \($0)" } ?? ""); stop it before deleting it")
            }
            defer { lock.release() }
            let what =
                "run \(name) and its \(stored.trialCount) trial(s) with their transcripts, interviews and judgements"
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else {
                    throw CLIError.usage("no terminal to confirm on; pass --yes to delete \(what)")
                }
                FileHandle.standardError.write(
                    Data("Delete \(TerminalText.escaped(what))? This cannot be undone. [y/N] ".utf8))
                let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
                guard answer == "y" || answer == "yes" else {
                    throw CLIError.failure("nothing deleted")
                }
            }
            try await store.delete(run: stored.id)
            print("Deleted \(TerminalText.escaped(what)).")
        }
    }

    struct Label: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Name a run (and note why it was run); every command that takes RUN then accepts the name.",
            discussion: """
                A label is up to 64 characters without spaces, unique among the runs, and does not start with \
                'run-'. Without NAME, --note changes only the note; --note "" removes it; --clear removes both.
                """)

        @Argument(help: "A run id, a unique prefix of one, or a label.")
        var run: String

        @Argument(help: "The run's new label.")
        var name: String?

        @Option(help: "A note on the run (what it was for); kept when not given.")
        var note: String?

        @Flag(help: "Remove the run's label and note.")
        var clear = false

        func validate() throws {
            if clear {
                guard name == nil, note == nil else { throw ValidationError("--clear takes no NAME and no --note") }
                return
            }
            guard name != nil || note != nil else {
                throw ValidationError("give a NAME for the run, a --note, or --clear")
            }
            if let name, let problem = ResultsStore.labelProblem(name) {
                throw ValidationError("the label '\(name)' \(problem)")
            }
            if let note, let problem = ResultsStore.noteProblem(note) { throw ValidationError("--note \(problem)") }
        }

        @OptionGroup var options: Options

        func run() async throws {
            let (store, stored) = try await options.select(run)
            let label = clear ? nil : (name ?? stored.label)
            let newNote = clear ? nil : (note.map { $0.isEmpty ? nil : $0 } ?? stored.note)
            try await store.setLabel(run: stored.id, label: label, note: newNote)
            let text =
                if let label {
                    "Run \(stored.id) is labelled '\(label)'" + (newNote == nil ? "." : ", with a note.")
                } else {
                    "Run \(stored.id) has no label" + (newNote == nil ? "." : "; its note is kept.")
                }
            print(TerminalText.escaped(text))
        }
    }
}
