import Foundation
import OffswitchCore
import OffswitchStore
import Testing

@Suite("The store on disk")
struct StoreFileTests {
    @Test("a store opened in a new directory is a WAL file whose trials survive reopening")
    func openCreatesAndReopens() async throws {
        try await withTemporaryDirectory { root in
            let directory = (root as NSString).appendingPathComponent("results/nested")
            let run = RunID("run-on-disk")
            let events = Fixtures.events(seed: 3)
            do {
                let store = try ResultsStore.open(directory: directory)
                try await store.begin(run: run, configuration: Fixtures.configuration())
                try await store.record(Fixtures.record(run: run, events: events))
            }
            let file = (directory as NSString).appendingPathComponent(ResultsStore.fileName)
            #expect(FileManager.default.fileExists(atPath: file))
            let header = try #require(FileHandle(forReadingAtPath: file)).readData(ofLength: 20)
            // Bytes 18 and 19 of the SQLite header are 2 when the database is in WAL mode.
            #expect(Array(header.prefix(16)) == Array("SQLite format 3\0".utf8))
            #expect(Array(header.suffix(2)) == [2, 2])

            let reopened = try ResultsStore.open(directory: directory)
            let trial = try #require(try await reopened.trials(run: run).only)
            #expect(try await reopened.events(trial: trial.id) == events)
            #expect(try await reopened.finishedKeys(run: run) == [trial.key])
        }
    }

    @Test(
        "opening a store where a file stands in the way fails with an open error naming the path",
        arguments: ["not-a-directory/results", "not-a-directory"])
    func openFailsOnUnusablePath(relative: String) async throws {
        try await withTemporaryDirectory { root in
            try Data("x".utf8).write(
                to: URL(fileURLWithPath: (root as NSString).appendingPathComponent("not-a-directory")))
            let directory = (root as NSString).appendingPathComponent(relative)
            let error = try #require(throws: StoreError.self) { try ResultsStore.open(directory: directory) }
            #expect(error.code == .open)
            #expect(error.message.contains(directory))
            #expect(!error.message.contains("\n"))
            #expect(
                !FileManager.default.fileExists(
                    atPath: (directory as NSString).appendingPathComponent(ResultsStore.fileName)))
        }
    }

    @Test("opening a directory whose database file is not SQLite fails with a corrupt error naming the file")
    func openFailsOnGarbageFile() async throws {
        try await withTemporaryDirectory { directory in
            let file = (directory as NSString).appendingPathComponent(ResultsStore.fileName)
            try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: file))
            let error = try #require(throws: StoreError.self) { try ResultsStore.open(directory: directory) }
            #expect(error.code == .corrupt)
            #expect(error.message.contains(file))
        }
    }
}
