import Foundation
import Glibc
public import OffswitchCore
import Synchronization

/// The one-executor rule of a run: while a process holds a run's lock, no other process executes that run's
/// trials (two would each pay for every trial, and the later result would replace the earlier).
///
/// The lock is `flock(2)` on `<results-dir>/<run-id>.lock`, which holds this process's id. The kernel drops it when
/// the process ends however it ends (`kill -9` included), so a crashed run never blocks its own resumption. flock
/// locks belong to the open file, so two locks of one process on one run conflict too. ``release()`` removes the
/// file; an acquirer that locked a file removed meanwhile opens the new one again.
public final class RunLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Int32
    private let released = Atomic(false)

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Takes the lock of `run` in the results directory `directory` (which must exist), without waiting.
    /// - Returns: The held lock; keep it for the run's life and ``release()`` it at the end.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/busy`` naming the process that holds it, or
    ///   ``StoreError/Code/open`` when the lock file cannot be created.
    public static func acquire(run: RunID, directory: String) throws -> RunLock {
        let path = directory + "/" + run.rawValue + ".lock"
        for _ in 0..<100 {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                let reason = String(cString: strerror(errno))
                throw StoreError(
                    .open,
                    "cannot create the run's lock file \(path) (\(reason)); check that the results directory is writable"
                )
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                let holder = readPID(fd)
                close(fd)
                guard code == EWOULDBLOCK else {
                    throw StoreError(.open, "cannot lock \(path) (\(String(cString: strerror(code))))")
                }
                throw StoreError(
                    .busy,
                    "run \(run) is already running in process \(holder.map(String.init) ?? "(unknown)"); wait for it or stop it"
                )
            }
            // A holder that released between our open and our flock removed the file we hold: take the new one.
            var held = stat()
            var named = stat()
            guard fstat(fd, &held) == 0, stat(path, &named) == 0, held.st_ino == named.st_ino,
                held.st_dev == named.st_dev
            else {
                close(fd)
                continue
            }
            let text = Array("\(getpid())\n".utf8)
            guard ftruncate(fd, 0) == 0, text.withUnsafeBytes({ pwrite(fd, $0.baseAddress, $0.count, 0) }) == text.count
            else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw StoreError(.open, "cannot write the run's lock file \(path) (\(reason))")
            }
            return RunLock(path: path, descriptor: fd)
        }
        throw StoreError(
            .busy, "run \(run): its lock file \(path) keeps being replaced; is another offswitch starting it?")
    }

    /// Removes the lock file and drops the lock (the file first, so a waiting process never locks a file
    /// about to disappear). Later calls do nothing.
    public func release() {
        guard !released.exchange(true, ordering: .relaxed) else { return }
        unlink(path)
        close(descriptor)
    }

    deinit { release() }

    /// The process that holds the lock of `run` now, or nil when none does: what `offswitch runs` and the viewer
    /// call running.
    ///
    /// It only looks: the kernel's table of flock locks (`/proc/locks`) is searched for the lock file's inode
    /// (and, when the file names one, its holder's process id). Taking the lock to test it would make a run that
    /// starts at that moment fail as busy. Where that table cannot be read, a lock file whose process is alive
    /// counts as held.
    ///
    /// - Parameters:
    ///   - run: The run.
    ///   - directory: The results directory.
    /// - Returns: The holder's process id (from the lock file, or the kernel's table when the file has none yet).
    public static func holder(run: RunID, directory: String) -> Int32? {
        let path = directory + "/" + run.rawValue + ".lock"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let written = readPID(fd)
        guard let table = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else {
            guard let written, kill(written, 0) == 0 || errno == EPERM else { return nil }
            return written
        }
        for line in table.split(separator: "\n") {
            // "1: FLOCK  ADVISORY  WRITE 4242 08:01:1311 0 EOF"; a waiter's line has "->" after the number.
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "FLOCK", let pid = Int32(fields[4]),
                let inode = fields[5].split(separator: ":").last.flatMap({ UInt64($0) }),
                inode == UInt64(info.st_ino), written == nil || written == pid
            else { continue }
            return written ?? pid
        }
        return nil
    }

    /// The process id written in the lock file, if it reads as one.
    /// The process id the lock file names, for a caller that already knows the lock is held (it just failed to
    /// take it): the kernel's table can miss the holder (a file system that reports other inode numbers there).
    public static func recordedHolder(run: RunID, directory: String) -> Int32? {
        let fd = open(directory + "/" + run.rawValue + ".lock", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readPID(fd)
    }

    static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 31, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        return Int32(text.split(separator: "\n").first ?? "")
    }
}
