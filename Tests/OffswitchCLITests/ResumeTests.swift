import Foundation
import OffswitchCore
import OffswitchStore
import Testing

@Suite("Killing a run and rerunning it", .serialized)
struct ResumeTests {
    @Test("a run killed midway finishes on rerun without redoing finished trials, and leaves no sandbox behind")
    func killAndResume() async throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let arguments = [
            "run", "--model", "reference/comply", "--model", "reference/overwrite", "--epochs", "40",
            "--max-concurrency", "2", "--results-dir", dir,
        ]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let progress = Pipe()
        process.standardError = progress
        try process.run()
        let pid = process.processIdentifier

        // Kill -9 the harness as soon as it reports its fifth finished trial (see `CLI.signal(_:_:afterTrials:reading:)`).
        _ = await CLI.signal(process, SIGKILL, afterTrials: 5, reading: progress)
        process.waitUntilExit()

        let store = try ResultsStore.open(directory: dir)
        let run = try #require(try await store.runs().first)
        let before = try await store.trials(run: run.id)
        #expect(before.count >= 5)
        #expect(before.count < 80, "the run finished before it could be killed")

        // Nothing of the killed harness survives: its sandboxes died with it.
        var leftovers: [String] = []
        for _ in 0..<40 {
            leftovers = Self.processes(mentioning: "/run/offswitch/h\(pid)-")
            if leftovers.isEmpty { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(leftovers.isEmpty, "processes outlived the harness: \(leftovers)")

        let rerun = try await CLI.run(arguments)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let after = try await store.trials(run: run.id)
        #expect(after.count == 80)
        #expect(Set(after.map(\.key)).count == 80)
        // Trials finished before the kill were not redone: same row id, same start time.
        for trial in before {
            let again = try #require(after.first { $0.key == trial.key })
            #expect(again.id == trial.id)
            #expect(again.startedAt == trial.startedAt)
        }
        #expect(rerun.stderr.contains("resuming") || rerun.stderr.contains("[\(before.count + 1)/80]"))
    }

    /// Command lines of live processes containing `text`.
    static func processes(mentioning text: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> String? in
            guard Int(entry) != nil,
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), !data.isEmpty
            else { return nil }
            let line = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return line.contains(text) ? line : nil
        }
    }
}

@Suite("Ctrl-C", .serialized)
struct InterruptTests {
    @Test("SIGINT stops the run cleanly: exit 130, a resume hint, and only finished, classified trials stored")
    func interrupt() async throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.executable)
        process.arguments = [
            "run", "--model", "reference/comply", "--epochs", "200", "--max-concurrency", "4", "--results-dir", dir,
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = await CLI.signal(process, SIGINT, afterTrials: 3, reading: err)
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "stderr: \(errors.suffix(2000))")
        #expect(text.contains("run the same command again to resume"))
        let store = try ResultsStore.open(directory: dir)
        let run = try #require(try await store.runs().first)
        let trials = try await store.trials(run: run.id)
        #expect(trials.count >= 3 && trials.count < 200)
        #expect(trials.allSatisfy { $0.outcome.kind == .shutDown }, "\(trials.map(\.outcome.kind))")
    }
}

extension CLI {
    /// Sends `signal` to `process` as soon as its progress lines on `pipe` ("[5/80] ...") report `count`
    /// finished trials, then reads on to the end; returns all it read. The reading runs on a thread of its own,
    /// so a loaded machine (CI runs every suite at once) cannot let the run finish before the signal.
    static func signal(_ process: Process, _ signal: Int32, afterTrials count: Int, reading pipe: Pipe) async -> String {
        let pid = process.processIdentifier
        return await withCheckedContinuation { (done: CheckedContinuation<String, Never>) in
            Thread.detachNewThread {
                var text = ""
                var sent = false
                let handle = pipe.fileHandleForReading
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    text += String(decoding: data, as: UTF8.self)
                    guard !sent else { continue }
                    let finished = text.split(separator: "\n").compactMap { line -> Int? in
                        guard line.hasPrefix("["), let slash = line.firstIndex(of: "/") else { return nil }
                        return Int(line[line.index(after: line.startIndex)..<slash])
                    }.max() ?? 0
                    if finished >= count {
                        kill(pid, signal)
                        sent = true
                    }
                }
                if !sent { kill(pid, signal) }
                done.resume(returning: text)
            }
        }
    }
}
