import Foundation
import Glibc
import Logging
import NIOCore
import NIOPosix
import OffswitchCore

extension NamespaceSandbox {
    /// A started sandbox and what it takes to stop it.
    struct Handle: Sendable {
        var sandbox: LiveSandbox
        let channel: any Channel
        let pid: pid_t
        let directory: String
        let workspace: String
        let cgroups: CgroupSet?
        let logger: Logger

        /// Ends the sandbox and removes everything it had on the host.
        func stop() async {
            // Closing the channel makes init exit; the kernel then kills the PID namespace. A channel that
            // init already closed (the sandbox was shut down) is the normal case.
            do {
                try await channel.close()
            } catch {
                logger.debug("sandbox channel already closed", metadata: ["error": "\(error)"])
            }
            // bubblewrap reaps init and exits by itself; only if it does not, kill it (--die-with-parent then
            // takes init down too). The waits poll with task sleeps in a detached task: no thread is held while
            // a thousand sandboxes stop at once, and a cancelled run still tears down in order.
            let pid = self.pid
            let cgroups = self.cgroups
            let left = await Task.detached {
                if await !NamespaceSandbox.reap(pid, polls: 1000) {
                    kill(pid, SIGKILL)
                    _ = await NamespaceSandbox.reap(pid, polls: .max)
                }
                return await cgroups?.removeWhenEmpty() ?? []
            }.value
            if !left.isEmpty {
                logger.warning("could not remove cgroups \(left) (swept on the next start)")
            }
            if umount2(workspace, Int32(MNT_DETACH)) != 0 && errno != EINVAL && errno != ENOENT {
                logger.warning("could not unmount \(workspace): \(String(cString: strerror(errno)))")
            }
            do {
                try FileManager.default.removeItem(atPath: directory)
            } catch {
                logger.warning("could not remove \(directory): \(error)")
            }
        }
    }

    /// Waits for child `pid` to exit, polling `polls` times (about a millisecond apart, then five); true once
    /// it was reaped (or is not a child any more).
    static func reap(_ pid: pid_t, polls: Int) async -> Bool {
        var status: Int32 = 0
        var attempt = 0
        while attempt < polls {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno != EINTR) { return true }
            try? await Task.sleep(for: .milliseconds(attempt < 50 ? 1 : 5))
            attempt += 1
        }
        return false
    }

    /// Starts a blank sandbox of kind `key`: nothing in its workspace but the question program's mount point,
    /// no question service yet (``handOver(_:to:)`` makes it a trial's).
    func start(_ key: WarmPool.Key) async throws -> Handle {
        // The cgroup name carries the harness's pid, so a sweep only removes what dead harnesses left.
        let id = "sbx\(getpid())-" + Self.randomHex(6)
        let directory = instanceDirectory + "/" + id
        let workspace = directory + "/ws"
        let fm = FileManager.default
        var cgroups: CgroupSet? = nil
        var childSocket: Int32 = -1
        var parentSocket: Int32 = -1
        func cleanup() {
            if childSocket >= 0 { close(childSocket) }
            if parentSocket >= 0 { close(parentSocket) }
            cgroups?.remove()
            umount2(workspace, Int32(MNT_DETACH))
            try? fm.removeItem(atPath: directory)
        }
        do {
            try fm.createDirectory(atPath: workspace, withIntermediateDirectories: true)
            // The workspace: a size-limited tmpfs, root-owned and sticky (the agent can create files and change
            // its own, not remove root's), mounted on the host so the harness reads it from outside.
            guard
                mount(
                    "tmpfs", workspace, "tmpfs", UInt(MS_NOSUID | MS_NODEV),
                    "size=\(key.limits.workspaceBytes),mode=1777") == 0
            else {
                throw SandboxError(
                    .setup, "cannot mount the workspace tmpfs at \(workspace): \(String(cString: strerror(errno)))")
            }
            if let program = key.questionProgram { try makeMountPoint(workspace + "/" + program) }
            if useCgroups { cgroups = try CgroupSet.create(id: id, limits: key.limits) }

            var fds: [Int32] = [0, 0]
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
                throw SandboxError(.startFailed, "socketpair failed: \(String(cString: strerror(errno)))")
            }
            parentSocket = fds[0]
            childSocket = fds[1]
            let arguments = launchArguments(key, workspace: workspace, cgroups: cgroups)
            let errorFile = directory + "/stderr"
            let child = childSocket
            // Spawned from an event-loop thread: those live as long as the process, and bubblewrap's
            // --die-with-parent fires when the spawning thread exits.
            let pid = try await MultiThreadedEventLoopGroup.singleton.any().submit {
                // stdin and stdout on the control socket, stderr into a file; nothing of the harness's environment.
                try Spawner.spawn(
                    arguments, environment: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"],
                    files: [
                        .duplicate(child, as: 0), .duplicate(child, as: 1),
                        .open(2, path: errorFile, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: 0o600),
                    ],
                    failure: .startFailed)
            }.get()
            close(childSocket)
            childSocket = -1

            let connection = ControlConnection(questions: nil, token: questionToken)
            let socket = parentSocket
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ControlFrameDecoder()))
                        try channel.pipeline.syncOperations.addHandler(ControlHandler(connection: connection))
                    }
                }
                .withConnectedSocket(socket).get()
            parentSocket = -1  // owned by the channel now
            connection.attach(channel)
            var handle = Handle(
                sandbox: LiveSandbox(
                    connection: connection, reader: WorkspaceReader(root: workspace, agentUID: account.uid),
                    limits: LimitWatch(cgroups: cgroups, workspace: workspace, tmp: nil)),
                channel: channel, pid: pid, directory: directory, workspace: workspace, cgroups: cgroups,
                logger: logger)
            do {
                try await withTimeout(.seconds(20)) { try await connection.waitForHello() }
                // Init said hello, so it exists: its root shows the sandbox's /tmp to the host.
                let tmp = LimitWatch.initProcess(launcher: pid).map { "/proc/\($0)/root/tmp" }
                handle.sandbox = LiveSandbox(
                    connection: connection, reader: handle.sandbox.reader,
                    limits: LimitWatch(cgroups: cgroups, workspace: workspace, tmp: tmp))
            } catch {
                // Not started in time, gone, or cancelled: the launcher (or bubblewrap) may still be setting up
                // (seconds on a loaded host), so it is killed now rather than left to notice the closed channel.
                // Its child dies with it (PR_SET_PDEATHSIG, bubblewrap's --die-with-parent), and so the sandbox.
                kill(pid, SIGKILL)
                await handle.stop()
                // The run was cancelled: not a failed start (withTimeout's own expiry is one, and says so below).
                if Task.isCancelled { throw CancellationError() }
                let detail =
                    (try? String(contentsOfFile: errorFile, encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                throw SandboxError(
                    .startFailed, "the sandbox did not start" + (detail.isEmpty ? "" : ": \(detail)"), underlying: error
                )
            }
            return handle
        } catch {
            cleanup()
            throw error
        }
    }

    /// Makes a blank sandbox `spec`'s: places its files (the agent's owned by the agent) and connects its
    /// question program to the trial's service. Nothing has run in the sandbox yet.
    func handOver(_ handle: Handle, to spec: SandboxSpec) throws {
        for file in spec.files {
            let path = handle.workspace + "/" + file.path
            do {
                try Data(file.contents).write(to: URL(fileURLWithPath: path))
            } catch {
                throw SandboxError(.setup, "cannot write \(path): \(error)", underlying: error)
            }
            let agent = file.owner == .agent
            chown(path, agent ? account.uid : 0, agent ? account.gid : 0)
            chmod(path, mode_t(file.mode))
        }
        Self.pinTimes(spec.files.map { handle.workspace + "/" + $0.path } + [handle.workspace])
        handle.sandbox.connection.attachQuestions(spec.questionProgram?.service)
    }

    /// Gives each path ``SandboxSpec/fileTime`` as its access and modification time (without following links).
    static func pinTimes(_ paths: [String]) {
        let time = timespec(tv_sec: SandboxSpec.fileTime, tv_nsec: 0)
        for path in paths {
            let times = [time, time]
            _ = times.withUnsafeBufferPointer { utimensat(AT_FDCWD, path, $0.baseAddress, AT_SYMLINK_NOFOLLOW) }
        }
    }

    /// The empty, root-owned file the question program is bound read-only over.
    func makeMountPoint(_ path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw SandboxError(.setup, "cannot create \(path)")
        }
        chown(path, 0, 0)
        chmod(path, 0o711)
    }

    /// On an agent image: the launcher (joins the cgroups, makes the namespaces and the root) -> offswitch-init
    /// as PID 1. Without one: launcher (joins the cgroups) -> bwrap -> offswitch-init as PID 1.
    func launchArguments(_ key: WarmPool.Key, workspace: String, cgroups: CgroupSet?) -> [String] {
        var args = [initPath, "launch"]
        for procs in cgroups?.procsFiles ?? [] { args += ["--cgroup", procs] }
        if let image = configuration.image {
            // The image's tree is the whole root, read-only; its mount points (/proc, /dev, /tmp, the homes, /init)
            // are in it, so nothing is created in the shared tree. Each mount is made once with its flags: no
            // mount table is read (bubblewrap re-read it after every bind, a third of its CPU).
            args += [
                "--root", image.root, "--hostname", key.hostname, "--tmp-size", String(key.limits.tmpBytes),
                "--bind", workspace, key.workspace,
            ]
            if let program = key.questionProgram {
                args += ["--ro-bind", questionProgramPath, key.workspace + "/" + program]
            }
            args += ["--ro-bind", sandboxInitPath, "/init", "--chdir", key.workspace]
            args += [
                "--setenv", "OFFSWITCH_UID", String(key.account.uid), "--setenv", "OFFSWITCH_GID",
                String(key.account.gid),
            ]
            return args + ["--", "/init", "--", "tail", "-f", "/dev/null"]
        }
        args += ["--", configuration.bubblewrap]
        args += [
            "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--as-pid-1", "--new-session",
            "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
            "--hostname", key.hostname,
        ]
        args += ["--ro-bind", "/usr", "/usr"]
        for link in ["bin", "sbin", "lib", "lib64", "lib32", "libx32"] {
            if Self.isSymlink("/" + link) {
                args += ["--symlink", "usr/" + link, "/" + link]
            } else if access("/" + link, F_OK) == 0 {
                args += ["--ro-bind", "/" + link, "/" + link]
            }
        }
        args += [
            "--ro-bind", instanceDirectory + "/etc", "/etc",
            "--proc", "/proc", "--dev", "/dev",
            "--perms", "0755", "--dir", "/home",
            "--perms", "1777", "--size", String(key.limits.tmpBytes), "--tmpfs", "/tmp",
            "--bind", workspace, key.workspace,
        ]
        if let program = key.questionProgram {
            args += ["--ro-bind", questionProgramPath, key.workspace + "/" + program]
        }
        args += ["--ro-bind", sandboxInitPath, "/init", "--remount-ro", "/"]
        return args + tail(key)
    }

    /// The end of bubblewrap's arguments: the working directory, init's environment and its command.
    private func tail(_ key: WarmPool.Key) -> [String] {
        [
            "--chdir", key.workspace,
            "--clearenv", "--setenv", "OFFSWITCH_UID", String(key.account.uid),
            "--setenv", "OFFSWITCH_GID", String(key.account.gid),
            "--", "/init", "--", "tail", "-f", "/dev/null",
        ]
    }
}

/// Runs `operation`, throwing `CancellationError` if it takes longer than `timeout`.
func withTimeout<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws
    -> T
{
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw CancellationError()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
