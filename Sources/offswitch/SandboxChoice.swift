import Foundation
import OffswitchCore
import OffswitchSandbox

/// The sandbox backend a command was asked for (`--sandbox namespace|docker|podman`), made ready to use.
enum SandboxChoice {
    /// How many blank namespace sandboxes a run keeps started ahead of its trials (`NamespaceSandbox`'s warm
    /// pool): enough to take the start off a trial's critical path; more only holds memory.
    static let warmSandboxes = 2

    /// Makes the backend `kind`; a Docker or Podman backend talks to the engine at `DOCKER_HOST` /
    /// `CONTAINER_HOST` and has its image ready (built once when it is the default) before this returns.
    /// `warm` blank sandboxes are kept started ahead of the trials (namespace backend); `drain()` it at the end.
    /// - Returns: The backend, and the container backend again when it is one (a run labels its containers).
    /// - Throws: `CLIError.failure` with the backend's one-line reason when it cannot run here.
    /// The agent runs as `agentUser` (an account of the image's: ``account(_:in:)``).
    static func make(
        _ kind: SandboxKind, image: String?, agentImage: AgentImage?, warm: Int = warmSandboxes,
        agentUser: String = AgentAccount.defaultName
    ) async throws -> (any SandboxBackend, DockerSandbox?) {
        do {
            if kind == .namespace {
                return (
                    try NamespaceSandbox(
                        configuration: NamespaceSandbox.Configuration(
                            agentUser: agentUser, warmSandboxes: warm, image: agentImage)), nil
                )
            }
            let engine: DockerSandbox.Configuration.Engine = kind == .podman ? .podman : .docker
            let host = ProcessInfo.processInfo.environment[engine == .podman ? "CONTAINER_HOST" : "DOCKER_HOST"]
            var configuration = DockerSandbox.Configuration(
                engine: engine, host: host, image: image, agentUser: agentUser)
            configuration.agentImage = image == nil ? agentImage : nil
            let docker = try DockerSandbox(configuration: configuration)
            try await docker.prepare()
            return (docker, docker)
        } catch let error as SandboxError {
            throw CLIError.failure(error.message)
        }
    }

    /// The account `--agent-user NAME` names, as `image` has it (without one: as the image recipe writes it).
    /// - Throws: `CLIError.usage` naming the accounts there are when there is no account `name`.
    static func account(_ name: String, in image: AgentImage?) throws -> AgentAccount {
        let accounts: [AgentAccount]
        do {
            accounts = try AgentImage.accounts(in: image)
        } catch let error as SandboxError {
            throw CLIError.failure(error.message)
        }
        guard let account = accounts.first(where: { $0.name == name }) else {
            let which = image.map { "the agent image \($0.identity.short)" } ?? "the agent image"
            throw CLIError.usage(
                "--agent-user \(name): \(which) has no such account; it has: "
                    + accounts.map(\.name).joined(separator: ", "))
        }
        return account
    }

    /// The pinned agent image (``ImageRecipe``'s default), built now with progress on standard error when it is
    /// not cached yet.
    /// - Throws: `CLIError.failure` when it cannot be built here.
    static func agentImage() async throws -> AgentImage {
        do {
            return try await ImageCache().ensure(ImageRecipe()) { line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
        } catch let error as SandboxError {
            throw CLIError.failure(error.message)
        }
    }
}
