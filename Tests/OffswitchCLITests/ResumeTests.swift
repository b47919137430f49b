import Foundation
import OffswitchCore
import OffswitchStore
import OffswitchTestSupport
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
        let process = try CLI.start(arguments)
        let pid = process.pid

        // Kill -9 the harness as soon as it reports its fifth finished trial (see `CLI.signal(_:_:afterTrials:)`).
        _ = await CLI.signal(process, SIGKILL, afterTrials: 5)

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
        let process = try CLI.start([
            "run", "--model", "reference/comply", "--epochs", "200", "--max-concurrency", "4", "--results-dir", dir,
        ])
        let errors = await CLI.signal(process, SIGINT, afterTrials: 3)
        let text = process.output().stdout
        #expect(await process.exit() == 130, "stderr: \(errors.suffix(2000))")
        #expect(text.contains("run the same command again to resume"))
        let store = try ResultsStore.open(directory: dir)
        let run = try #require(try await store.runs().first)
        let trials = try await store.trials(run: run.id)
        #expect(trials.count >= 3 && trials.count < 200)
        #expect(trials.allSatisfy { $0.outcome.kind == .shutDown }, "\(trials.map(\.outcome.kind))")
    }
}

extension CLI {
    /// Sends `signal` to `process` as soon as its progress lines on stderr ("[5/80] ...") report `count` finished
    /// trials, then waits for it to end; returns its whole stderr. The watching runs on a thread of its own, so a
    /// loaded machine (CI runs every suite at once) cannot let the run finish before the signal.
    static func signal(_ process: ChildProcess.Running, _ signal: Int32, afterTrials count: Int) async -> String {
        await process.signal(signal) { finishedTrials(in: $0) >= count }
    }
}
