import Foundation
import OffswitchCore
import OffswitchStore
import OffswitchTestSupport
import Testing

/// `offswitch runs` through the built binary, over stores written here (no sandbox needed).
@Suite("offswitch runs")
struct RunsCLITests {
    /// A results directory with two runs: `done` (1 model x A, B x 2 epochs, all finished) and `partial`
    /// (2 models x A x 3 epochs: 2 finished, 1 errored).
    struct Fixture {
        var directory: String
        var store: ResultsStore
        var done: RunConfiguration
        var partial: RunConfiguration

        static func make() async throws -> Fixture {
            let directory = try CLI.temporaryDirectory()
            let store = try ResultsStore.open(directory: directory)
            let a = Condition.builtIn("A")!
            let b = Condition.builtIn("B")!
            let done = RunConfiguration(
                models: ["example/one"], conditions: [a, b], epochs: 2, offswitchVersion: "0.1.0",
                modelSettings: ["reasoning_effort=high"])
            let partial = RunConfiguration(
                models: ["example/two", "example/three"], conditions: [a], epochs: 3, offswitchVersion: "0.1.0")
            try await store.begin(run: done.runID, configuration: done)
            for condition in ["A", "B"] {
                for epoch in 0..<2 {
                    try await store.record(
                        trial(done.runID, "example/one", condition, epoch, sabotaged: condition == "B" && epoch == 0))
                }
            }
            try await store.begin(run: partial.runID, configuration: partial)
            try await store.record(trial(partial.runID, "example/two", "A", 0, sabotaged: false))
            try await store.record(trial(partial.runID, "example/two", "A", 1, sabotaged: true))
            try await store.record(trial(partial.runID, "example/three", "A", 0, sabotaged: false, error: true))
            return Fixture(directory: directory, store: store, done: done, partial: partial)
        }

        func run(_ arguments: [String]) async throws -> CLI.Result {
            try await CLI.run(arguments + ["--results-dir", directory])
        }
    }

    static func trial(
        _ run: RunID, _ model: String, _ condition: String, _ epoch: Int, sabotaged: Bool, error: Bool = false
    )
        -> TrialRecord
    {
        let outcome = TrialOutcome(
            kind: error ? .error : sabotaged ? .bypassed : .shutDown, technique: sabotaged ? .overwrite : nil,
            reason: "fixture", attempts: sabotaged ? ["overwrote shutdown.sh"] : [], questionCalls: 4,
            reachedDone: false, submission: nil)
        let events = [TranscriptEvent(atMilliseconds: 0, kind: .note("fixture trial"))]
        return TrialRecord(
            run: run, key: TrialKey(model: model, condition: condition, epoch: epoch),
            result: TrialResult(outcome: outcome, events: events, modelNames: [model], usage: Usage(), scripted: false),
            startedAt: 1_750_000_000, durationMilliseconds: 10, sandbox: "namespace")
    }

    @Test(
        "the list shows each run's id, label, start, state and finished/planned, fits 80 columns, and escapes stored text"
    )
    func list() async throws {
        let fixture = try await Fixture.make()
        defer { try? FileManager.default.removeItem(atPath: fixture.directory) }
        try await fixture.store.setLabel(run: fixture.done.runID, label: "pilot\u{1B}[31m-red", note: nil)

        let result = try await fixture.run(["runs"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        #expect(!result.stdout.contains("\u{1B}"))
        #expect(lines.first?.hasPrefix("RUN") == true)
        let done = try #require(lines.first { $0.hasPrefix(fixture.done.runID.rawValue) })
        #expect(done.contains("pilot<U+001B>…") && done.contains("complete") && done.hasSuffix("4/4"))
        let partial = try #require(lines.first { $0.hasPrefix(fixture.partial.runID.rawValue) })
        #expect(partial.contains("interrupted") && partial.hasSuffix("2/6"))
        #expect(result.stdout.contains("reasoning_effort=high") || result.stdout.contains("effort high"))
        // The description lines fold at 80 columns.
        #expect(
            result.stdout.replacingOccurrences(of: "\n    ", with: " ").contains("1 errored (a rerun retries them)"))

        // A process holding the run's lock (this test) makes it running, for as long as it holds it.
        let lock = try RunLock.acquire(run: fixture.partial.runID, directory: fixture.directory)
        let running = try await fixture.run(["runs", "list"])
        lock.release()
        #expect(
            running.stdout.split(separator: "\n").first { $0.hasPrefix(fixture.partial.runID.rawValue) }?
                .contains("running") == true, "\(running.stdout)")
    }

    @Test("a missing results directory is one line naming it, and is not created; a store without runs says so")
    func empty() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let missing = try await CLI.run(["runs", "--results-dir", directory + "/none"])
        #expect(missing.status == 1)
        #expect(
            missing.stderr
                == "offswitch: no results in \(directory)/none (no offswitch.sqlite); run 'offswitch run' first or pass --results-dir\n"
        )
        #expect(!FileManager.default.fileExists(atPath: directory + "/none"))
        _ = try ResultsStore.open(directory: directory)
        let empty = try await CLI.run(["runs", "--results-dir", directory])
        #expect(empty.status == 0)
        #expect(empty.stdout == "No runs in \(directory) yet; start one with 'offswitch run'.\n")
    }

    @Test("show names a run by id, prefix or label and gives its state, configuration and each cell")
    func show() async throws {
        let fixture = try await Fixture.make()
        defer { try? FileManager.default.removeItem(atPath: fixture.directory) }
        let labelled = try await fixture.run([
            "runs", "label", fixture.partial.runID.rawValue, "effort-low", "--note", "why: a\nsecond line",
        ])
        #expect(labelled.status == 0, "\(labelled.stderr)")
        #expect(labelled.stdout == "Run \(fixture.partial.runID) is labelled 'effort-low', with a note.\n")

        let byLabel = try await fixture.run(["runs", "show", "effort-low"])
        let byPrefix = try await fixture.run(["runs", "show", String(fixture.partial.runID.rawValue.prefix(10))])
        #expect(byLabel.status == 0 && byLabel.stdout == byPrefix.stdout, "\(byLabel.stderr)\(byPrefix.stderr)")
        let text = byLabel.stdout
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
        #expect(text.contains("label       effort-low\nnote        why: a\n            second line\n"))
        #expect(text.contains("state       interrupted; run the same 'offswitch run' command again to resume"))
        #expect(text.contains("trials      2 of 6 planned finished, 1 errored"))
        #expect(text.contains("  example/two\n    A  2/3        sabotaged 1/2\n"))
        #expect(text.contains("  example/three\n    A  0/3        sabotaged 0/0, 1 errored\n"))

        let unknown = try await fixture.run(["runs", "show", "nope"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("offswitch: no run 'nope' in the results store (newest: "))
        #expect(unknown.stderr.contains("(effort-low)"))
    }

    @Test(
        "a bad label is a usage error; a label another run has is refused; --clear removes label and note",
        arguments: [
            (["two words"], "the label 'two words' contains whitespace"),
            (["run-pilot"], "the label 'run-pilot' starts with 'run-', as run ids do"),
            ([], "give a NAME for the run, a --note, or --clear"),
            (["x", "--clear"], "--clear takes no NAME and no --note"),
        ])
    func labelMistakes(arguments: [String], message: String) async throws {
        let fixture = try await Fixture.make()
        defer { try? FileManager.default.removeItem(atPath: fixture.directory) }
        let result = try await fixture.run(["runs", "label", fixture.done.runID.rawValue] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("offswitch: \(message)"), "\(result.stderr)")
        #expect(try await fixture.store.runs().allSatisfy { $0.label == nil })
    }

    @Test("labels are unique; the note alone can change; --clear removes both")
    func relabel() async throws {
        let fixture = try await Fixture.make()
        defer { try? FileManager.default.removeItem(atPath: fixture.directory) }
        #expect(try await fixture.run(["runs", "label", fixture.done.runID.rawValue, "pilot"]).status == 0)
        let taken = try await fixture.run(["runs", "label", fixture.partial.runID.rawValue, "pilot"])
        #expect(taken.status == 1)
        #expect(
            taken.stderr
                == "offswitch: the label 'pilot' already names run \(fixture.done.runID); choose another, or relabel that run first\n"
        )
        #expect(try await fixture.run(["runs", "label", "pilot", "--note", "low effort"]).status == 0)
        var done = try #require(try await fixture.store.runs().first { $0.id == fixture.done.runID })
        #expect(done.label == "pilot" && done.note == "low effort")
        let cleared = try await fixture.run(["runs", "label", "pilot", "--clear"])
        #expect(cleared.stdout == "Run \(fixture.done.runID) has no label.\n")
        done = try #require(try await fixture.store.runs().first { $0.id == fixture.done.runID })
        #expect(done.label == nil && done.note == nil)
    }

    @Test("report, report --compare and export take a label wherever they take a run id")
    func labelsEverywhere() async throws {
        let fixture = try await Fixture.make()
        defer { try? FileManager.default.removeItem(atPath: fixture.directory) }
        #expect(try await fixture.run(["runs", "label", fixture.done.runID.rawValue, "high-effort"]).status == 0)
        // The partial run is the newest: without a name, report would show it.
        let byLabel = try await fixture.run(["report", "high-effort", "--format", "csv"])
        let byID = try await fixture.run(["report", fixture.done.runID.rawValue, "--format", "csv"])
        #expect(byLabel.status == 0 && byLabel.stdout == byID.stdout, "\(byLabel.stderr)")
        let terminal = try await fixture.run(["report", "high-effort"])
        #expect(terminal.stdout.contains("\(fixture.done.runID) ('high-effort'): 1 model(s)"), "\(terminal.stdout)")
        let json = try await fixture.run(["report", "high-effort", "--format", "json"])
        #expect(json.stdout.contains("\"label\" : \"high-effort\""), "\(json.stdout)")
        #expect(byLabel.stdout.contains("example/one"))
        #expect(!byLabel.stdout.contains("example/two"))

        let compared = try await fixture.run(["report", "high-effort", "--compare", "example/one:A vs example/one:B"])
        #expect(compared.status == 0, "\(compared.stderr)")
        #expect(compared.stdout.contains("example/one:A vs example/one:B") || compared.stdout.contains("Fisher"))

        let pooled = try await fixture.run([
            "report", "high-effort", String(fixture.partial.runID.rawValue.prefix(12)), "--format", "csv",
        ])
        #expect(pooled.status == 0 && pooled.stdout.contains("example/one") && pooled.stdout.contains("example/two"))
    }

    @Test("delete refuses a running run, asks on a terminal, needs --yes elsewhere, and takes the run's trials with it")
    func delete() async throws {
        let fixture = try await Fixture.make()
        defer { try? FileManager.default.removeItem(atPath: fixture.directory) }
        let id = fixture.done.runID.rawValue

        let lock = try RunLock.acquire(run: fixture.done.runID, directory: fixture.directory)
        let running = try await fixture.run(["runs", "delete", id, "--yes"])
        lock.release()
        #expect(running.status == 1)
        #expect(
            running.stderr == "offswitch: run \(id) is running in process \(getpid()); stop it before deleting it\n")

        // The test's stdin is no terminal (a file here): without --yes nothing is deleted.
        let noTerminal = try await ChildProcess.run(
            "/bin/sh",
            [
                "-c", "exec \"$0\" runs delete \"$1\" --results-dir \"$2\" < /dev/null", CLI.executable, id,
                fixture.directory,
            ])
        #expect(noTerminal.status == 2)
        #expect(
            noTerminal.standardError.hasPrefix("offswitch: no terminal to confirm on; pass --yes to delete run \(id)"))

        // On a terminal (script(1) gives the command a pseudo-terminal), "n" keeps the run and "y" deletes it.
        for (answer, status) in [("n", Int32(1)), ("y", Int32(0))] {
            let answerFile = fixture.directory + "/answer"
            try Data("\(answer)\n".utf8).write(to: URL(fileURLWithPath: answerFile))
            let asked = try await ChildProcess.run(
                "/bin/sh",
                [
                    "-c", "exec script -qec \"$0 runs delete $1 --results-dir $2\" /dev/null < \"$3\"", CLI.executable,
                    id,
                    fixture.directory, answerFile,
                ])
            #expect(asked.status == status, "\(asked.standardOutput)")
            #expect(asked.standardOutput.contains("This cannot be undone. [y/N]"))
            #expect(try await fixture.store.runs().contains { $0.id == fixture.done.runID } == (answer == "n"))
        }
        #expect(try await fixture.store.trials(run: fixture.done.runID).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.directory + "/\(id).lock"))

        let yes = try await fixture.run(["runs", "delete", fixture.partial.runID.rawValue, "--yes"])
        #expect(yes.status == 0)
        #expect(
            yes.stdout
                == "Deleted run \(fixture.partial.runID) and its 3 trial(s) with their transcripts, interviews and judgements.\n"
        )
        #expect(try await fixture.store.runs().isEmpty)
        let gone = try await fixture.run(["runs", "show", fixture.partial.runID.rawValue])
        #expect(gone.status == 1 && gone.stderr.contains("has no runs yet"))
    }

    @Test("a real run is listed as running while it executes, cannot be deleted then, and is interrupted after Ctrl-C")
    func liveRun() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Each trial's first command sleeps to its 15 s timeout: the run is surely still running while it is listed,
        // however loaded the machine (with reference/comply a whole run could finish between two listings), and 20
        // of them (5 minutes) outlast the listing and the refused delete under any load seen here.
        let process = try CLI.start([
            "run", "--model", "reference/escape-sleep", "--epochs", "20", "--max-concurrency", "1", "--results-dir",
            directory,
        ])

        var listed = ""
        var problems = ""
        for _ in 0..<300 where process.isRunning {
            let result = try await CLI.run(["runs", "--results-dir", directory])
            listed = result.stdout
            if listed.contains(" running ") { break }
            if !result.stderr.isEmpty { problems = result.stderr }
            try await Task.sleep(for: .milliseconds(100))
        }
        let locks = (try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) ?? ""
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        #expect(listed.contains(" running "), "\(listed)\nstderr: \(problems)\nfiles: \(files)\n/proc/locks:\n\(locks)")
        let refused = try await CLI.run(["runs", "delete", "run-", "--yes", "--results-dir", directory])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is running in process \(process.pid); stop it before deleting it"))

        process.send(SIGINT)
        let status = await process.exit()
        #expect(status == 130)
        let after = try await CLI.run(["runs", "--results-dir", directory])
        let row = try #require(after.stdout.split(separator: "\n").first { $0.hasPrefix("run-") })
        // Interrupted with at most the trials finished before the signal (a loaded machine may finish one first).
        #expect(row.contains(" interrupted ") && row.hasSuffix("/20") && !row.hasSuffix("20/20"), "\(after.stdout)")
        #expect(try await CLI.run(["runs", "delete", "run-", "--yes", "--results-dir", directory]).status == 0)
    }
}
