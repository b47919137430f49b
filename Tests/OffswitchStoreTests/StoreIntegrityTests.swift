import Foundation
import OffswitchCore
import OffswitchStore
import Testing

@Suite("The store's integrity check")
struct StoreIntegrityTests {
    /// A marker written into each trial's transcript, so the test finds a transcript page in the file.
    static let marker = "TRANSCRIPT-PAGE-MARKER"

    /// Fills a store in `directory` with trials whose transcripts span many pages, then closes it (the WAL is
    /// checkpointed into the main file when the last connection closes).
    static func fill(_ directory: String) async throws {
        let store = try ResultsStore.open(directory: directory)
        let run = RunID("run-integrity")
        try await store.begin(run: run, configuration: Fixtures.configuration())
        for epoch in 1...20 {
            var events = Fixtures.events(seed: epoch)
            events.append(
                TranscriptEvent(
                    atMilliseconds: 70, kind: .note(Self.marker + String(repeating: "x", count: 3000) + "\(epoch)")))
            try await store.record(Fixtures.record(run: run, epoch: epoch, events: events))
        }
    }

    /// Overwrites the page of `file` holding the first occurrence of the marker past the file's middle.
    static func damageTranscriptPage(_ file: String) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: file))
        let pageSize = Int(data[16]) << 8 | Int(data[17])
        let needle = Data(Self.marker.utf8)
        let found = try #require(data.range(of: needle, in: data.count / 2..<data.count))
        let page = found.lowerBound / pageSize
        data.replaceSubrange(page * pageSize..<(page + 1) * pageSize, with: Data(repeating: 0xA5, count: pageSize))
        try data.write(to: URL(fileURLWithPath: file))
    }

    @Test("a sound store passes")
    func soundStorePasses() async throws {
        try await withTemporaryDirectory { directory in
            try await Self.fill(directory)
            try await ResultsStore.open(directory: directory).checkIntegrity()
        }
    }

    @Test("a damaged transcript page the run's queries never read is found at once, naming the file")
    func damagedPageIsFound() async throws {
        try await withTemporaryDirectory { directory in
            try await Self.fill(directory)
            let file = (directory as NSString).appendingPathComponent(ResultsStore.fileName)
            let wal =
                FileManager.default.fileExists(atPath: file + "-wal")
                ? try FileManager.default.attributesOfItem(atPath: file + "-wal")[.size] as? Int : 0
            #expect(wal == 0, "the closed store left its WAL, so the damage would miss the transcripts")
            try Self.damageTranscriptPage(file)
            let store = try ResultsStore.open(directory: directory)
            // What run and report read still works: the damage would otherwise go unnoticed.
            #expect(try await store.cells(run: RunID("run-integrity")).count == 1)
            let error = await #expect(throws: StoreError.self) { try await store.checkIntegrity() }
            #expect(error?.code == .corrupt)
            #expect(error?.message.contains(file) == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("damaged") == true)
            #expect(error?.message.contains("\n") == false)
        }
    }
}
