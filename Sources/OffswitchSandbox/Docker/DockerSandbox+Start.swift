import Foundation
import Glibc
import Logging
import NIOCore
import OffswitchCore

extension DockerSandbox {
    /// A started container and what it takes to remove it.
    struct Handle: Sendable {
        let sandbox: LiveContainer
        let client: EngineClient
        let relay: any Channel
        let directory: String
        let workspace: String
        let logger: Logger

        /// Removes the container and everything it had on the host.
        func stop() async {
            let id = sandbox.liveness.containerID
            if !id.isEmpty {
                do {
                    let removed = try await client.run(["rm", "--force", id])
                    if removed.exitCode != 0 {
                        logger.warning("could not remove container \(id): \(removed.errorText)")
                    }
                } catch {
                    logger.warning("could not remove container \(id): \(error)")
                }
            }
            do {
                try await relay.close()
            } catch {
                logger.debug("question socket already closed", metadata: ["error": "\(error)"])
            }
            DockerSandbox.removeDirectory(directory, workspace: workspace, logger: logger)
        }
    }

    func start(_ spec: SandboxSpec, image: String) async throws -> Handle {
        let id = "sbx\(getpid())-" + NamespaceSandbox.randomHex(6)
        let directory = instanceDirectory + "/" + id
        let workspace = directory + "/ws"
        let sockets = directory + "/q"
        do {
            try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: sockets, withIntermediateDirectories: true)
            chmod(sockets, 0o755)
            // The workspace: a size-limited tmpfs, root-owned and sticky (the agent can create files and change its
            // own, not remove root's), mounted on the host so the harness reads it from outside.
            guard
                mount(
                    "tmpfs", workspace, "tmpfs", UInt(MS_NOSUID | MS_NODEV),
                    "size=\(spec.limits.workspaceBytes),mode=1777") == 0
            else {
                throw SandboxError(
                    .setup, "cannot mount the workspace tmpfs at \(workspace): \(String(cString: strerror(errno)))")
            }
            try seed(spec, into: workspace)
        } catch {
            Self.removeDirectory(directory, workspace: workspace, logger: logger)
            throw error
        }

        let liveness = ContainerLiveness(client: client, logger: logger)
        let limits = ContainerLimits(workspace: workspace)
        let relay: any Channel
        do {
            relay = try await QuestionRelay(
                questions: spec.questionProgram?.service, token: questionToken,
                isAlive: { await liveness.isAlive() }, halt: { await liveness.halt() }
            ).serve(at: sockets + "/socket")
        } catch {
            Self.removeDirectory(directory, workspace: workspace, logger: logger)
            throw SandboxError(
                .startFailed, "cannot serve the question socket in \(sockets): \(error)", underlying: error)
        }
        let handle = Handle(
            sandbox: LiveContainer(
                client: client, liveness: liveness, reader: WorkspaceReader(root: workspace, agentUID: account.uid),
                limits: limits, account: account),
            client: client, relay: relay, directory: directory, workspace: workspace, logger: logger)
        do {
            let started = try await client.run(
                runArguments(spec: spec, image: image, name: "offswitch-" + id, workspace: workspace, sockets: sockets))
            guard started.exitCode == 0, !started.text.isEmpty else {
                throw SandboxError(.startFailed, "the container did not start: \(started.errorText)")
            }
            let pid = try await client.checked(
                ["inspect", "--format", "{{.State.Pid}}", started.text], code: .startFailed)
            liveness.attach(containerID: started.text, initPID: pid_t(pid) ?? 0)
            limits.attach(containerID: started.text, initPID: pid_t(pid) ?? 0)
            return handle
        } catch {
            // A container created but not started (or started and already gone) is removed by name. Not in this
            // task: when the trial was cancelled (Ctrl-C) mid-start, a client run from it would be killed at once,
            // and the container the engine goes on to start would be left to the backend's teardown.
            let client = client
            let logger = logger
            await Task {
                do {
                    let removed = try await client.run(["rm", "--force", "offswitch-" + id])
                    if removed.exitCode != 0 {
                        logger.debug("no container offswitch-\(id) to remove: \(removed.errorText)")
                    }
                } catch {
                    logger.warning("could not remove container offswitch-\(id): \(error)")
                }
                await handle.stop()
            }.value
            throw error
        }
    }

    /// `run -d ...`: Inspect's `init: true`, `network_mode: none`, `tail -f /dev/null`, plus the limits.
    func runArguments(spec: SandboxSpec, image: String, name: String, workspace: String, sockets: String) -> [String] {
        let limits = spec.limits
        var args = [
            "run", "--detach", "--name", name,
            "--label", "offswitch.harness=\(getpid())", "--label", "offswitch.run=\(runLabel.get())",
            "--label", "offswitch.instance=\(instanceName)",
            "--init", "--network", "none", "--read-only", "--hostname", spec.hostname,
            // PID 1 and the keeper run as the agent's uid (its `kill -s TERM 1` reaches them) but in a group of
            // their own: reaching another process's /proc/<pid>/fd needs the same gids too, so the agent's
            // commands (exec'd in the agent's group) cannot open PID 1's output; and that output goes nowhere.
            "--user", "\(account.uid):\(account.gid + 1)", "--log-driver", "none",
            "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--security-opt", "seccomp=" + seccompProfile,
            "--pids-limit", String(limits.processes), "--memory", String(limits.memoryBytes),
            "--memory-swap", String(limits.memoryBytes), "--cpus", String(limits.cpus),
            "--tmpfs", "/tmp:rw,exec,nosuid,nodev,size=\(limits.tmpBytes),mode=1777",
            // The engine's writable /dev/shm would be a second, unlimited scratch space: read-only, as in bwrap's /dev.
            "--mount", "type=tmpfs,target=/dev/shm,readonly",
            "--mount", "type=bind,source=\(workspace),target=\(spec.workspace)",
            "--mount", "type=bind,source=\(sockets),target=\(Self.questionDirectory),readonly",
            "--workdir", spec.workspace,
        ]
        if let program = spec.questionProgram {
            args += [
                "--mount", "type=bind,source=\(questionProgramPath),target=\(spec.workspace)/\(program.path),readonly",
            ]
        }
        if configuration.engine == .podman {
            // Podman's default RLIMIT_NOFILE cannot be set without CAP_SYS_RESOURCE on some hosts.
            args += ["--ulimit", "nofile=1024:1024"]
        }
        return args + [image, "tail", "-f", "/dev/null"]
    }

    /// Places the spec's files: the agent's files owned by the agent, the question program's mount point.
    func seed(_ spec: SandboxSpec, into workspace: String) throws {
        for file in spec.files {
            let path = workspace + "/" + file.path
            try Data(file.contents).write(to: URL(fileURLWithPath: path))
            let agent = file.owner == .agent
            chown(path, agent ? account.uid : 0, agent ? account.gid : 0)
            chmod(path, mode_t(file.mode))
        }
        if let program = spec.questionProgram {
            let path = workspace + "/" + program.path
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw SandboxError(.setup, "cannot create \(path)")
            }
            chown(path, 0, 0)
            chmod(path, 0o711)
        }
        NamespaceSandbox.pinTimes(spec.files.map { workspace + "/" + $0.path } + [workspace])
    }

    static func removeDirectory(_ directory: String, workspace: String, logger: Logger) {
        if umount2(workspace, Int32(MNT_DETACH)) != 0 && errno != EINVAL && errno != ENOENT {
            logger.warning("could not unmount \(workspace): \(String(cString: strerror(errno)))")
        }
        do {
            try FileManager.default.removeItem(atPath: directory)
        } catch {
            logger.warning("could not remove \(directory): \(error)")
        }
    }

    /// Removes the containers of harness processes that are gone (killed, crashed); their runtime directories are
    /// `HostJanitor`'s, swept when the backend is made.
    static func sweepStale(client: EngineClient, logger: Logger) async {
        func dead(_ pid: Substring) -> Bool { pid_t(pid).map(HostJanitor.isGone) ?? false }
        do {
            let listed = try await client.checked(
                [
                    "ps", "--all", "--filter", "label=offswitch.harness", "--format",
                    #"{{.ID}} {{.Label "offswitch.harness"}}"#,
                ])
            let stale = listed.split(separator: "\n").compactMap { line -> String? in
                let fields = line.split(separator: " ")
                return fields.count == 2 && dead(fields[1]) ? String(fields[0]) : nil
            }
            if !stale.isEmpty {
                logger.info("removing \(stale.count) container(s) left by a harness that is gone")
                _ = try await client.checked(["rm", "--force"] + stale)
            }
        } catch {
            logger.warning("could not sweep stale containers: \(error)")
        }
    }

    /// Removes the containers this backend made that are still there (a teardown that failed), then its runtime
    /// directory with every mount under it.
    func removeInstance() async {
        do {
            let listed = try await client.checked(
                ["ps", "--all", "--quiet", "--filter", "label=offswitch.instance=\(instanceName)"])
            let ids = listed.split(separator: "\n").map(String.init)
            if !ids.isEmpty { _ = try await client.checked(["rm", "--force"] + ids) }
        } catch {
            logger.warning("could not remove this harness's containers: \(error)")
        }
        if let problem = HostJanitor.removeTree(instanceDirectory) { logger.warning("\(problem)") }
    }

    /// The instance directory's name, which labels this backend's containers.
    var instanceName: String { String(instanceDirectory.split(separator: "/").last ?? "") }
}
