import Foundation
import OffswitchCore
import OffswitchStore
import OffswitchTestSupport
import Testing

/// `offswitch run --agent-user`: the account is checked against the image, recorded with the run and part of
/// its id.
@Suite("offswitch run --agent-user")
struct AgentUserCLITests {
    @Test("an account the image lacks is one line naming the accounts it has, before anything runs")
    func unknownAccount() async throws {
        let arguments = [
            "run", "--model", "reference/comply", "--agent-user", "operator", "--results-dir",
            "/nonexistent-agent-user",
        ]
        let result = try await CLI.run(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("offswitch: --agent-user operator: the agent image "), "\(result.stderr)")
        #expect(result.stderr.hasSuffix(" has no such account; it has: user, agent\n"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-agent-user"))
    }

    @Test("a run as agent records it and is another run than the default's; runs show says which account")
    func recorded() async throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = ["run", "--model", "reference/comply", "--results-dir", dir]
        let asAgent = try await CLI.run(base + ["--agent-user", "agent"])
        #expect(asAgent.status == 0, "\(asAgent.stderr)")
        let asUser = try await CLI.run(base)
        #expect(asUser.status == 0, "\(asUser.stderr)")
        let runs = try await ResultsStore.open(directory: dir).runs()
        #expect(runs.count == 2)
        #expect(Set(runs.map(\.configuration.agentUser)) == ["agent", "user"])
        let agentRun = try #require(runs.first { $0.configuration.agentUser == "agent" })
        #expect(agentRun.finishedCount == 1)
        let shown = try await CLI.run(["runs", "show", agentRun.id.rawValue, "--results-dir", dir])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("agent user  agent"), "\(shown.stdout)")
    }
}
