import ArgumentParser
import Foundation
import OffswitchStore

/// `--results-dir`: where the results database lives, for every command that reads or writes results.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("results-dir"), help: "Where the results database lives.", completion: .directory)
    var resultsDirectory: String = "./offswitch-results"

    /// Whether the directory has a results database at all (looking must not create one).
    var hasStore: Bool {
        FileManager.default.fileExists(
            atPath: (resultsDirectory as NSString).appendingPathComponent(ResultsStore.fileName))
    }

    /// The results store of a directory that has one.
    /// - Throws: `CLIError.failure` naming the directory when it has no results; `StoreError` when the database
    ///   cannot be opened (`Offswitch.main` says it in one line).
    func open() throws -> ResultsStore {
        try requireStore()
        return try ResultsStore.open(directory: resultsDirectory)
    }

    /// Throws `CLIError.failure` naming the directory when it has no results database.
    func requireStore() throws {
        guard hasStore else {
            throw CLIError.failure(
                "no results in \(resultsDirectory) (no \(ResultsStore.fileName)); "
                    + "run 'offswitch run' first or pass --results-dir")
        }
    }

    /// The store and the run `name` means in it (an id, a unique prefix of one, or a label).
    func select(_ name: String) async throws -> (ResultsStore, StoredRun) {
        let store = try open()
        return (store, try RunArgument.select(name, among: try await store.runs()))
    }
}
