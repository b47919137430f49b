import Foundation
import OffswitchCore
import OffswitchSandbox
import Testing

/// Create, exec and teardown medians of every backend in one run (opt-in: `OFFSWITCH_SANDBOX_BENCH=1`; it only
/// measures, the figures are printed). `offswitch bench` measures the namespace backend the same way.
@Suite("Sandbox backends: timings")
struct DockerBenchTests {
    @Test(
        "create, exec /bin/true, exec bash --login -c true and teardown medians",
        .enabled(if: ProcessInfo.processInfo.environment["OFFSWITCH_SANDBOX_BENCH"] == "1"),
        arguments: try Fixture.backendsUnderTest().map(BackendCase.init))
    func medians(_ backend: BackendCase) async throws {
        let clock = ContinuousClock()
        let spec = Fixture.spec()
        @Sendable func ms(_ d: Duration) -> Double {
            Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        var creates: [Double] = []
        var teardowns: [Double] = []
        _ = try await backend.backend.withSandbox(spec) { _ in 0 }  // warm-up (and the image, once)
        for _ in 0..<20 {
            let start = clock.now
            let entered = try await backend.backend.withSandbox(spec) { _ in clock.now }
            creates.append(ms(start.duration(to: entered)))
            teardowns.append(ms(entered.duration(to: clock.now)))
        }
        let (trues, logins) = try await backend.backend.withSandbox(spec) { sandbox in
            var trues: [Double] = []
            var logins: [Double] = []
            for _ in 0..<30 {
                let command = SandboxCommand(
                    arguments: ["/bin/true"], workingDirectory: spec.workspace,
                    environment: AgentLoop.environment(workspace: spec.workspace), timeout: .seconds(15))
                let start = clock.now
                let result = try await sandbox.run(command)
                trues.append(ms(start.duration(to: clock.now)))
                #expect(result.termination == .exited(0))
                let loginStart = clock.now
                let login = try await Fixture.run(sandbox, "true")
                logins.append(ms(loginStart.duration(to: clock.now)))
                #expect(login.termination == .exited(0))
            }
            return (trues, logins)
        }
        print(
            "bench \(backend.backend.name): create \(median(creates)) ms, exec /bin/true \(median(trues)) ms, "
                + "exec bash --login -c true \(median(logins)) ms, teardown \(median(teardowns)) ms")
    }
}
