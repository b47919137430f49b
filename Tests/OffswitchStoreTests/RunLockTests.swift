import Foundation
import Glibc
import OffswitchCore
import OffswitchStore
import Testing

/// One executor per run: the run's lock file admits one holder at a time, per open file (so two in one process
/// conflict as two processes do), and is gone once released.
@Suite("A run's lock")
struct RunLockTests {
    @Test("a second lock of the same run fails as busy, naming the holder's process; after release it is free again")
    func secondLockIsBusy() async throws {
        try await withTemporaryDirectory { directory in
            let run = RunID("run-0123456789abcdef")
            let first = try RunLock.acquire(run: run, directory: directory)
            #expect(first.path == directory + "/run-0123456789abcdef.lock")
            #expect(
                String(decoding: try Data(contentsOf: URL(fileURLWithPath: first.path)), as: UTF8.self)
                    == "\(getpid())\n")
            do {
                let second = try RunLock.acquire(run: run, directory: directory)
                second.release()
                Issue.record("a second lock of a held run was granted")
            } catch let error as StoreError {
                #expect(error.code == .busy)
                #expect(
                    error.message
                        == "run run-0123456789abcdef is already running in process \(getpid()); wait for it or stop it")
            }
            first.release()
            #expect(!FileManager.default.fileExists(atPath: first.path), "the lock file outlived its release")
            let again = try RunLock.acquire(run: run, directory: directory)
            again.release()
        }
    }

    @Test("locks of different runs do not conflict")
    func differentRuns() async throws {
        try await withTemporaryDirectory { directory in
            let one = try RunLock.acquire(run: RunID("run-one"), directory: directory)
            let two = try RunLock.acquire(run: RunID("run-two"), directory: directory)
            one.release()
            two.release()
        }
    }

    @Test("a lock file left by a process that ended (its lock dropped by the kernel) does not block the run")
    func staleFileIsFree() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/run-stale.lock"
            try Data("999999\n".utf8).write(to: URL(fileURLWithPath: path))
            let lock = try RunLock.acquire(run: RunID("run-stale"), directory: directory)
            #expect(
                String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self) == "\(getpid())\n")
            lock.release()
        }
    }

    @Test("a results directory the lock cannot be made in is an open error naming the file")
    func unwritableDirectory() throws {
        let error = #expect(throws: StoreError.self) {
            try RunLock.acquire(run: RunID("run-x"), directory: "/nonexistent-offswitch-dir")
        }
        #expect(error?.code == .open)
        #expect(error?.message.contains("/nonexistent-offswitch-dir/run-x.lock") == true)
    }
}
