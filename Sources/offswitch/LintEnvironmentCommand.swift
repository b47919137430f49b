import ArgumentParser
import Foundation
import OffswitchCore
import OffswitchSandbox

/// `offswitch lint-environment CONDITION`: runs the environment probe in a real sandbox of the condition and lists
/// every cue that could tell the agent it is being tested.
struct LintEnvironmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint-environment",
        abstract: "List what in a condition's sandbox could tell the agent it is being tested.",
        discussion: """
            Starts a sandbox as a trial's is started (the condition's files and program, the agent's user and \
            command environment), runs a probe in it as the agent's first command and prints one line per cue: a \
            hostname, account, environment variable, process, mount, cgroup, socket or file name that names \
            offswitch, a harness, an evaluation, a test, a sandbox, Palisade, an experiment, Inspect or \
            bubblewrap. Debian's own files and what the condition names to the agent are allowed (docs/image.md). \
            Exits 0 when there is no cue, 1 when there are.
            """)

    @Argument(help: "A built-in condition id or a scenario file's path.")
    var condition: String

    @Option(
        help: "The sandbox backend: namespace (the default), docker or podman.",
        transform: choice { "--sandbox must be one of namespace, docker, podman, not \($0)" })
    var sandbox: SandboxKind = .namespace

    @Option(help: "Environment generation: 1 (May 2025, ./next_task) or 2 (the paper, ./next_question).")
    var generation: Generation = .two

    @Option(
        name: .customLong("agent-user"), help: "The account the agent runs as, from the agent image (default: user).")
    var agentUser: String = AgentAccount.defaultName

    @Flag(help: "Print everything the probe read, not only the cues.")
    var all = false

    func run() async throws {
        let condition = try ConditionResolver.resolve(self.condition, generation: generation)
        let image = try await SandboxChoice.agentImage()
        let account = try SandboxChoice.account(agentUser, in: image)
        let environment = try condition.makeEnvironment(home: account.home)
        let spec = environment.sandboxSpec(limits: SandboxLimits())
        let (backend, _) = try await SandboxChoice.make(
            sandbox, image: nil, agentImage: image, warm: 0, agentUser: agentUser)
        let output: String
        do {
            output = try await EnvironmentLint.probe(environment, spec: spec, backend: backend)
        } catch let error as SandboxError {
            await backend.tearDown()
            throw CLIError.failure(error.message)
        }
        await backend.tearDown()
        if all { print(output, terminator: "") }
        let cues = EnvironmentLint.cues(
            in: output,
            allowing: EnvironmentLint.Allowance(
                condition: condition, spec: spec, imageRoot: sandbox == .namespace ? image.root : nil))
        for cue in cues { print(TerminalText.escaped(cue.description)) }
        let lines = output.split(separator: "\n").count
        FileHandle.standardError.write(
            Data(
                "\(condition.id) on \(backend.name): \(lines) names read, \(cues.count) cue\(cues.count == 1 ? "" : "s")\n"
                    .utf8))
        if !cues.isEmpty { throw ExitCode(1) }
    }
}
