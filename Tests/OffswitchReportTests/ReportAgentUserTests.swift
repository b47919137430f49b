import Foundation
import OffswitchCore
import OffswitchReport
import OffswitchStore
import Testing

/// The account the agent ran as is a run factor: runs as different accounts have different ids and never pool.
@Suite("Runs as different agent accounts")
struct ReportAgentUserTests {
    static let image = ImageIdentity(
        digest: "sha256:" + String(repeating: "a", count: 64),
        manifestDigest: "sha256:" + String(repeating: "1", count: 64))

    static func configuration(_ agentUser: String?) -> RunConfiguration {
        RunConfiguration(
            models: ["openai/o3"], conditions: [Condition.builtIn("A")!], epochs: 2, offswitchVersion: "0.1.0",
            image: image, agentUser: agentUser)
    }

    @Test("the account is part of the run id; a run that recorded none keeps the id it had")
    func runID() {
        #expect(Self.configuration("user").runID != Self.configuration("agent").runID)
        #expect(Self.configuration("user").runID != Self.configuration(nil).runID)
        #expect(Self.configuration("agent").runID == Self.configuration("agent").runID)
        let old = RunConfiguration(
            models: ["openai/o3"], conditions: [Condition.builtIn("A")!], epochs: 2, offswitchVersion: "0.1.0",
            image: Self.image)
        #expect(Self.configuration(nil).runID == old.runID)
    }

    @Test("the account is stored with the run and read back; a run without one reads back nil")
    func stored() async throws {
        let store = try ResultsStore.inMemory()
        for agentUser in ["agent", nil] {
            let configuration = Self.configuration(agentUser)
            try await store.begin(run: configuration.runID, configuration: configuration)
        }
        let runs = try await store.runs()
        #expect(runs.first { $0.id == Self.configuration("agent").runID }?.configuration.agentUser == "agent")
        #expect(runs.first { $0.id == Self.configuration(nil).runID }?.configuration.agentUser == nil)
    }

    /// A report over one run per account, each with two trials of A on o3.
    static func report(_ accounts: [String?]) async throws -> Report {
        let store = try ResultsStore.inMemory()
        var ids: [String] = []
        for agentUser in accounts {
            let configuration = configuration(agentUser)
            try await store.begin(run: configuration.runID, configuration: configuration)
            for epoch in 1...2 {
                try await store.record(
                    ReportFixtures.record(configuration, "openai/o3", "A", epoch, ReportFixtures.outcome(.shutDown)))
            }
            ids.append(configuration.runID.rawValue)
        }
        return try await Report.build(store: store, runs: ids, configuration: .init(includePublished: false))
    }

    @Test("runs differing only in the account are two rows, each saying which account it ran as")
    func twoAccounts() async throws {
        let report = try await Self.report(["user", "agent"])
        #expect(report.rows.count == 2)
        #expect(report.rows.map(\.counted) == [2, 2])
        #expect(report.rows[0].configurationNote == "not pooled: configurations differ (agent user user)")
        #expect(report.rows[1].configurationNote == "not pooled: configurations differ (agent user agent)")
    }

    @Test("a run that recorded an account and one that recorded none do not pool")
    func recordedAndNot() async throws {
        let report = try await Self.report([nil, "user"])
        #expect(report.rows.count == 2)
        #expect(report.rows[0].configurationNote == "not pooled: configurations differ (agent user not recorded)")
    }
}
