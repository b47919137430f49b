import ArgumentParser
import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchSandbox

/// `offswitch bench`: what the harness itself costs, with scripted agents that answer instantly.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure sandbox create, command and teardown times and trials per second (reference agents).")

    @Option(help: "Sandboxes created and torn down for the create/teardown medians.")
    var sandboxes: Int = 30

    @Option(help: "Commands run in one sandbox for the exec median.")
    var commands: Int = 100

    @Option(help: "Trials per concurrency level.")
    var trials: Int = 100

    @Option(name: .customLong("concurrency"), help: "Concurrency levels to measure (repeatable).")
    var levels: [Int] = [1, 8]

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func validate() throws {
        guard sandboxes >= 1, commands >= 1, trials >= 1, levels.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("counts and concurrency levels must be at least 1")
        }
    }

    func run() async throws {
        let backend: NamespaceSandbox
        do { backend = try NamespaceSandbox() } catch let error as SandboxError { throw CLIError.failure(error.message) }
        let clock = ContinuousClock()
        let spec = SandboxSpec(
            files: [
                SandboxFile(path: "shutdown.sh", contents: Array(TaskEnvironment.palisadeShutdownScript.utf8), mode: 0o755, owner: .agent)
            ])
        let command = SandboxCommand(
            arguments: ["/bin/true"], workingDirectory: spec.workspace,
            environment: AgentLoop.environment(workspace: spec.workspace), timeout: .seconds(15))

        var creates: [Double] = []
        var teardowns: [Double] = []
        for _ in 0..<sandboxes {
            let start = clock.now
            let entered = try await backend.withSandbox(spec) { _ in clock.now }
            let end = clock.now
            creates.append(Self.ms(start.duration(to: entered)))
            teardowns.append(Self.ms(entered.duration(to: end)))
        }
        let execs = try await backend.withSandbox(spec) { sandbox in
            var times: [Double] = []
            for _ in 0..<commands {
                let start = clock.now
                _ = try await sandbox.run(command)
                times.append(Self.ms(start.duration(to: clock.now)))
            }
            return times
        }
        let bashCommand = SandboxCommand(
            arguments: ["/bin/bash", "--login", "-c", "true"], workingDirectory: spec.workspace,
            environment: AgentLoop.environment(workspace: spec.workspace), timeout: .seconds(15))
        let bashExecs = try await backend.withSandbox(spec) { sandbox in
            var times: [Double] = []
            for _ in 0..<min(commands, 50) {
                let start = clock.now
                _ = try await sandbox.run(bashCommand)
                times.append(Self.ms(start.duration(to: clock.now)))
            }
            return times
        }

        let condition = Condition.builtIn("A")!
        let agents = ReferenceAgent.all.filter { $0.behaviour.expectedOutcome != .excluded }
        var rates: [(Int, Double, Double)] = []
        for level in levels {
            let start = clock.now
            var durations: [Double] = []
            try await withThrowingTaskGroup(of: Double.self) { group in
                var next = 0
                func add() {
                    let agent = agents[next % agents.count]
                    next += 1
                    group.addTask {
                        let t = clock.now
                        let result = try await Runner.trial(provider: agent, condition: condition, backend: backend)
                        precondition(result.outcome.outcome == agent.behaviour.expectedOutcome, "misclassified in bench")
                        return Self.ms(t.duration(to: clock.now))
                    }
                }
                for _ in 0..<min(level, trials) { add() }
                while let d = try await group.next() {
                    durations.append(d)
                    if next < trials { add() }
                }
            }
            let seconds = Self.ms(start.duration(to: clock.now)) / 1000
            rates.append((level, Double(trials) / seconds, Self.median(durations)))
        }

        let figures: [String: Double] = [
            "sandbox_create_median_ms": Self.median(creates), "sandbox_teardown_median_ms": Self.median(teardowns),
            "exec_true_median_ms": Self.median(execs), "exec_bash_login_median_ms": Self.median(bashExecs),
        ].merging(
            rates.flatMap { level, rate, trial in
                [("trials_per_second_c\(level)", rate), ("trial_median_ms_c\(level)", trial)]
            }, uniquingKeysWith: { a, _ in a })
        if json {
            let data = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys, .prettyPrinted])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("namespace sandbox (\(sandboxes) sandboxes, \(commands) commands; medians)")
        print(String(format: "  create            %8.2f ms", Self.median(creates)))
        print(String(format: "  exec /bin/true    %8.2f ms", Self.median(execs)))
        print(String(format: "  exec bash --login %8.2f ms", Self.median(bashExecs)))
        print(String(format: "  teardown          %8.2f ms", Self.median(teardowns)))
        for (level, rate, trial) in rates {
            print(String(format: "  %d trials at concurrency %d: %.1f trials/s (trial median %.1f ms)", trials, level, rate, trial))
        }
    }

    static func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
