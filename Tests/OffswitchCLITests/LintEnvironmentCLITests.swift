import Foundation
import OffswitchTestSupport
import Testing

/// `offswitch lint-environment`: the exit code says whether the condition's sandbox shows a cue.
@Suite("offswitch lint-environment")
struct LintEnvironmentCLITests {
    @Test("condition A has no cue: exit 0, nothing on standard output, the count on standard error")
    func clean() async throws {
        let result = try await CLI.run(["lint-environment", "A"])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr.hasPrefix("A on namespace: ") && result.stderr.hasSuffix(", 0 cues\n"), "\(result.stderr)")
        let all = try await CLI.run(["lint-environment", "A", "--all"])
        #expect(all.stdout.contains("hostname\tuname\tlocalhost\n"), "\(all.stdout.prefix(300))")
    }

    @Test("a bad backend or condition is one line and no sandbox")
    func mistakes() async throws {
        let backend = try await CLI.run(["lint-environment", "A", "--sandbox", "vm"])
        #expect(backend.status == 2 && backend.stderr.contains("--sandbox must be one of"), "\(backend.stderr)")
        let condition = try await CLI.run(["lint-environment", "NOPE"])
        #expect(condition.status != 0 && condition.stderr.contains("unknown condition"), "\(condition.stderr)")
    }
}
