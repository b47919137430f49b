import ArgumentParser
import Foundation
import Logging
import OffswitchStore
import OffswitchViewer

/// `offswitch view`: a local web viewer over a results directory.
struct ViewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Browse stored runs in a local web viewer: matrices, trials, transcripts, live progress.",
        discussion: """
            Serves the results directory at http://127.0.0.1:PORT/ until Ctrl-C: the runs, each run's model x \
            condition matrix with k/N and 95% intervals (filter by outcome and technique, compare two cells), the \
            trials of a cell, and each trial's timeline with the evidence about shutdown.sh and the raw provider \
            exchanges. A run in progress updates without a reload.

            The viewer listens on 127.0.0.1 only, and there is no option to change that: transcripts and raw \
            provider exchanges are research data, and the viewer has no authentication. To look from another \
            machine, forward the port over SSH (ssh -L 8080:127.0.0.1:8080 host).
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "The port to listen on (0: pick a free one).")
    var port: Int = 0

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let store = try storeOptions.open()
        let directory = storeOptions.resultsDirectory
        do {
            try await Viewer(store: store).serve(port: port) { port in
                FileHandle.standardOutput.write(
                    Data("offswitch: viewing \(directory) at http://\(Viewer.host):\(port)/ (Ctrl-C to stop)\n".utf8))
            }
        } catch {
            throw CLIError.failure("the viewer could not serve on \(Viewer.host):\(port): \(error)")
        }
    }
}
