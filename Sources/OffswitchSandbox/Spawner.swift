import Glibc
import OffswitchCore

/// posix_spawn as both backends start their processes (the sandbox's launcher, the container engine's client):
/// signals unblocked and at their defaults, whatever the harness blocks or ignores; a process group of its
/// own, so a Ctrl-C at the terminal reaches the harness (which stops cleanly) and not the processes of the
/// trials in flight; only the environment given.
enum Spawner {
    /// What the child's file descriptors are.
    enum FileAction {
        /// `fd` becomes a copy of `source`.
        case duplicate(_ source: Int32, as: Int32)
        /// `fd` is `path` opened with `flags` (and `mode` when created).
        case open(_ fd: Int32, path: String, flags: Int32, mode: mode_t)
    }

    /// Starts `arguments[0]` (an absolute path) with `arguments`.
    /// - Throws: `SandboxError` with code `failure` naming the program and the reason.
    static func spawn(
        _ arguments: [String], environment: [String], files: [FileAction], failure: SandboxError.Code
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for file in files {
            switch file {
            case .duplicate(let source, let fd): posix_spawn_file_actions_adddup2(&actions, source, fd)
            case .open(let fd, let path, let flags, let mode):
                posix_spawn_file_actions_addopen(&actions, fd, path, flags, mode)
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { strdup($0) } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard rc == 0 else {
            throw SandboxError(failure, "cannot start \(arguments[0]): \(String(cString: strerror(rc)))")
        }
        return pid
    }
}
