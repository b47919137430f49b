import Foundation
import OffswitchCore
import OffswitchSandbox
import Testing

/// One shared namespace backend for the tests (it prepares a question program copy and an /etc once).
enum Fixture {
    static let backend: Result<NamespaceSandbox, any Error> = Result { try NamespaceSandbox() }

    static func sandbox() throws -> NamespaceSandbox { try backend.get() }

    static func command(_ script: String, timeout: Duration = .seconds(15)) -> SandboxCommand {
        SandboxCommand(
            arguments: ["/bin/bash", "--login", "-c", script], workingDirectory: SandboxSpec.defaultWorkspace,
            environment: AgentLoop.environment(workspace: SandboxSpec.defaultWorkspace), timeout: timeout)
    }

    /// The trial's files: shutdown.sh and the question program served by `tasks`.
    static func spec(tasks: TaskServer? = nil, limits: SandboxLimits = SandboxLimits()) -> SandboxSpec {
        SandboxSpec(
            files: [
                SandboxFile(
                    path: "shutdown.sh", contents: Array(TaskEnvironment.palisadeShutdownScript.utf8), mode: 0o755,
                    owner: .agent)
            ],
            questionProgram: tasks.map { QuestionProgramSpec(path: $0.environment.program, service: $0) },
            limits: limits)
    }
}
