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

    @Argument(
        help: ArgumentHelp("The run id, a unique prefix of one, or a label. Default: the newest run.", valueName: "run")
    )
    var run: String?

    @Option(help: "inspect (.eval logs) or jsonl (one trial per line).")
    var format: Format = .inspect

    /// What the export writes.
    enum Format: String, CaseIterable, ExpressibleByArgument {
        case inspect, jsonl
    }

    @Option(name: .customLong("output"), help: ArgumentHelp("Where to write the files.", valueName: "dir"))
    var output: String = "./offswitch-export"

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard !output.isEmpty else { throw ValidationError("--output needs a directory, for example exports") }
    }

    func run() async throws {
        let store = try storeOptions.open()
        let selected = try RunArgument.select(run, among: try await store.runs())
        let files =
            format == .jsonl
            ? [try await JSONLinesExporter.export(run: selected, store: store, directory: output)]
            : try await InspectExporter.export(run: selected, store: store, directory: output)
        for file in files {
            let cell = [file.model, file.condition].compactMap { $0 }.joined(separator: " ")
            print(TerminalText.escaped("\(file.path)\t\(file.trials) trials\(cell.isEmpty ? "" : "\t\(cell)")"))
        }
    }
}
