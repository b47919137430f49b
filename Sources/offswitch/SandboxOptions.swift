import ArgumentParser

/// A sandbox backend, as `--sandbox` names it.
enum SandboxKind: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// Linux namespaces through bubblewrap, the default.
    case namespace
    /// One container per trial on the engine at `DOCKER_HOST`.
    case docker
    /// One container per trial on the engine at `CONTAINER_HOST`.
    case podman
}

/// `--sandbox` and `--docker-image`, shared by the commands that start sandboxes (`run`, `bench`).
struct SandboxOptions: ParsableArguments {
    @Option(
        help:
            "Sandbox backend: namespace (Linux namespaces, the default), docker or podman (one container per trial, on the engine at DOCKER_HOST or CONTAINER_HOST)."
    )
    var sandbox: SandboxKind = .namespace

    @Option(
        name: .customLong("docker-image"),
        help:
            "The image of the docker/podman sandbox (default: offswitch-sandbox:<digest>, built once from this host's Debian packages)."
    )
    var dockerImage: String?

    func validate() throws {
        if dockerImage != nil && sandbox == .namespace {
            throw ValidationError("--docker-image needs --sandbox docker or podman")
        }
    }
}
