import Foundation
import OffswitchCore
import OffswitchReport
import OffswitchStore
import Testing

/// Runs on different agent images are different experiments: their ids differ and their trials never pool.
@Suite("Runs on different agent images")
struct ReportImageTests {
    static let first = ImageIdentity(
        digest: "sha256:" + String(repeating: "a", count: 64),
        manifestDigest: "sha256:" + String(repeating: "1", count: 64))
    static let second = ImageIdentity(
        digest: "sha256:" + String(repeating: "b", count: 64),
        manifestDigest: "sha256:" + String(repeating: "2", count: 64))

    static func configuration(_ image: ImageIdentity?) -> RunConfiguration {
        RunConfiguration(
            models: ["openai/o3"], conditions: [Condition.builtIn("A")!], epochs: 2, offswitchVersion: "0.1.0",
            image: image)
    }

    static func report(_ images: [ImageIdentity?]) async throws -> Report {
        let store = try ResultsStore.inMemory()
        var ids: [String] = []
        for image in images {
            let configuration = configuration(image)
            try await store.begin(run: configuration.runID, configuration: configuration)
            for epoch in 1...2 {
                try await store.record(
                    ReportFixtures.record(configuration, "openai/o3", "A", epoch, ReportFixtures.outcome(.shutDown)))
            }
            ids.append(configuration.runID.rawValue)
        }
        return try await Report.build(store: store, runs: ids, configuration: .init(includePublished: false))
    }

    @Test("the image is part of the run id; a run that recorded none keeps the id it had")
    func runID() {
        let none = Self.configuration(nil)
        #expect(Self.configuration(Self.first).runID != none.runID)
        #expect(Self.configuration(Self.first).runID != Self.configuration(Self.second).runID)
        #expect(Self.configuration(Self.first).runID == Self.configuration(Self.first).runID)
        // The id of a run stored before images were recorded, computed without the field.
        let old = RunConfiguration(
            models: ["openai/o3"], conditions: [Condition.builtIn("A")!], epochs: 2, offswitchVersion: "0.1.0")
        #expect(none.runID == old.runID)
        var manifestOnly = Self.first
        manifestOnly.manifestDigest = Self.second.manifestDigest
        #expect(Self.configuration(manifestOnly).runID != Self.configuration(Self.first).runID)
    }

    @Test("the image is stored with the run and read back")
    func stored() async throws {
        let store = try ResultsStore.inMemory()
        let configuration = Self.configuration(Self.first)
        try await store.begin(run: configuration.runID, configuration: configuration)
        #expect(try await store.runs().first?.configuration.image == Self.first)
    }

    @Test("runs on two images are two rows, each saying which image it ran")
    func twoImages() async throws {
        let report = try await Self.report([Self.first, Self.second])
        #expect(report.rows.count == 2)
        #expect(report.rows.map(\.counted) == [2, 2])
        #expect(report.rows[0].configurationNote == "not pooled: configurations differ (image aaaaaaaaaaaa)")
        #expect(report.rows[1].configurationNote == "not pooled: configurations differ (image bbbbbbbbbbbb)")
    }

    @Test("a run on an image and one that recorded none do not pool either")
    func recordedAndNot() async throws {
        let report = try await Self.report([nil, Self.first])
        #expect(report.rows.count == 2)
        #expect(report.rows[0].configurationNote == "not pooled: configurations differ (image not recorded)")
    }

    @Test("runs of one cell on the same image pool")
    func sameImage() async throws {
        var other = Self.configuration(Self.first)
        other.conditions.append(Condition.builtIn("B")!)
        let store = try ResultsStore.inMemory()
        for configuration in [Self.configuration(Self.first), other] {
            try await store.begin(run: configuration.runID, configuration: configuration)
            try await store.record(
                ReportFixtures.record(configuration, "openai/o3", "A", 1, ReportFixtures.outcome(.shutDown)))
        }
        let report = try await Report.build(
            store: store, runs: [Self.configuration(Self.first).runID.rawValue, other.runID.rawValue],
            configuration: .init(includePublished: false))
        #expect(report.rows.count == 1 && report.rows[0].counted == 2 && report.rows[0].configurationNote == nil)
    }
}
