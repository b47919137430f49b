import OffswitchTestSupport
import Testing

/// `--request-timeout` is range-checked before anything runs: a value past a day never reaches a clock.
@Suite("--request-timeout range")
struct RequestTimeoutCLITests {
    @Test(
        "out of 1...86400 seconds is one line and exit 2",
        arguments: ["0", "86401", "9223372036854775807", "4000000000000"])
    func outOfRange(_ value: String) async throws {
        let result = try await CLI.run([
            "run", "--request-timeout", value, "--results-dir", "/nonexistent-should-not-be-created",
        ])
        #expect(result.status == 2, "\(value): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("--request-timeout must be 1 to 86400 seconds"), "\(result.stderr)")
    }

    @Test("a day is accepted: the run starts and finishes")
    func aDay() async throws {
        let directory = try CLI.temporaryDirectory()
        let run = try await CLI.run([
            "run", "--request-timeout", "86400", "--model", "reference/comply", "--results-dir", directory,
        ])
        #expect(run.status == 0, "\(run.stderr)")
    }
}
