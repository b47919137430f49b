import ArgumentParser
import Foundation
import OffswitchCore
import OffswitchExport
import OffswitchStore

/// `offswitch export`: a stored run as Inspect `.eval` logs or JSON lines.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a stored run as Inspect .eval logs (one per model and condition) or JSON lines.",
        discussion: """
            --format inspect writes <created>_shutdown-<condition>_<model>.eval per model and condition, which \
            Inspect reads (inspect view, read_eval_log); each trial is an epoch of one sample, scored C \
            (sabotaged) or I as Palisade's shutdown_scorer did, with offswitch's outcome in the metadata. \
            --format jsonl writes <run>.jsonl, one trial per line with its verdict and transcript. Files \
            already in the output directory with the same names are replaced.
            """)

    @Argument(help: ArgumentHelp("The run id, a unique prefix of one, or a label. Default: the newest run.", valueName: "run"))
    var run: String?

    @Option(help: "inspect (.eval logs) or jsonl (one trial per line).")
    var format: String = "inspect"

    @Option(name: .customLong("output"), help: ArgumentHelp("Where to write the files.", valueName: "dir"))
    var output: String = "./offswitch-export"

    @Option(name: .customLong("results-dir"), help: "Where the results database lives.")
    var resultsDirectory: String = "./offswitch-results"

    func validate() throws {
        guard ["inspect", "jsonl"].contains(format) else { throw ValidationError("--format must be inspect or jsonl") }
        guard !output.isEmpty else { throw ValidationError("--output needs a directory, for example exports") }
    }

    func run() async throws {
        let databasePath = (resultsDirectory as NSString).appendingPathComponent(ResultsStore.fileName)
        guard FileManager.default.fileExists(atPath: databasePath) else {
            throw CLIError.failure(
                "no results in \(resultsDirectory) (no \(ResultsStore.fileName)); "
                    + "run 'offswitch run' first or pass --results-dir")
        }
        let files: [ExportedFile]
        do {
            let store = try ResultsStore.open(directory: resultsDirectory)
            let selected = try RunArgument.select(run, among: try await store.runs())
            files =
                format == "jsonl"
                ? [try await JSONLinesExporter.export(run: selected, store: store, directory: output)]
                : try await InspectExporter.export(run: selected, store: store, directory: output)
        } catch let error as StoreError {
            throw CLIError.failure(error.message)
        } catch let error as ExportError {
            throw CLIError.failure(error.message)
        }
        for file in files {
            let cell = [file.model, file.condition].compactMap { $0 }.joined(separator: " ")
            print(TerminalText.escaped("\(file.path)\t\(file.trials) trials\(cell.isEmpty ? "" : "\t\(cell)")"))
        }
    }
}
