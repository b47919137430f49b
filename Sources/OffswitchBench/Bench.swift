import Foundation
package import OffswitchCore
import OffswitchSandbox

/// `offswitch bench`: what the harness costs, section by section (the CLI's `bench` command parses the options and
/// calls ``Bench/Configuration/measure(backend:cold:)``).
package enum Bench {
    /// A part of the bench, named with `--only`.
    package enum Section: String, CaseIterable, Sendable {
        case sandbox, trials, http, memory, store, viewer, storage, ratelimit, cost

        /// What runs when no section is named: all but the two long simulations.
        package static let defaults = allCases.filter { $0 != .ratelimit && $0 != .cost }
    }

    /// How much of each section to run; every count is checked by the command line before it gets here.
    package struct Configuration: Sendable {
        package var sections = Section.defaults
        package var costTrials = 1000
        package var rateTrials = 1000
        package var rateRPM: Double = 2400
        package var rateTPM: Double = 280_000
        package var rateConcurrency = 64
        package var sandboxes = 30
        package var commands = 100
        package var warm = 2
        package var trials = 200
        package var levels = [1, 8, 64]
        package var httpLevels = [8, 64]
        package var inFlight = 1000
        package var modelDelayMilliseconds = 200
        package var storedTrials = 100_000
        package var viewerTrials = 10_000
        package var floodCommands = 60
        package var floodBytes = 8 << 20
        /// Keep the results stores (their directory is printed).
        package var keep = false

        package init() {}
    }
}

/// The bench found the harness wrong (a misclassified trial, a report without its run), or could not set up.
package struct BenchError: MessageError, Sendable, CustomStringConvertible {
    package var message: String

    init(_ message: String) { self.message = message }

    package var description: String { message }
}

extension Bench.Configuration {
    /// Runs the configured sections: cold starts on `cold`, everything else on `backend` (which may keep warm
    /// sandboxes, as a run does).
    /// - Throws: ``BenchError`` when a section finds the harness wrong; the sandbox's and store's own errors.
    package func measure(backend: any SandboxBackend, cold: any SandboxBackend) async throws -> BenchFigures {
        let progress = BenchProgress()
        let scratch = try BenchScratch()
        defer { keep ? progress.say("results stores kept in \(scratch.root)") : scratch.remove() }
        var figures = BenchFigures()
        figures.note(
            "machine", "\(ProcessInfo.processInfo.activeProcessorCount) cores, load \(BenchFigures.loadAverage())")
        #if DEBUG
            figures.note("build", "debug (a release build is faster on the harness side)")
        #else
            figures.note("build", "release")
        #endif
        if backend.name == "namespace" {
            figures.note("warm", "\(warm) blank sandbox(es) kept started ahead of the trials")
        }
        let sections = Set(self.sections)
        if sections.contains(.sandbox) {
            progress.say("sandbox: \(sandboxes) creates, \(commands) commands")
            try await BenchSandbox.measure(backend: cold, sandboxes: sandboxes, commands: commands, into: &figures)
        }
        if sections.contains(.trials) {
            for level in levels {
                progress.say("trials: \(trials) at concurrency \(level)")
                try await BenchTrials.throughput(
                    backend: backend, trials: trials, concurrency: level, directory: scratch.path("trials-c\(level)"),
                    into: &figures)
            }
        }
        if sections.contains(.http) {
            for level in httpLevels {
                progress.say(
                    "http: \(trials) trials at concurrency \(level), model answering after \(modelDelayMilliseconds) ms"
                )
                try await BenchHTTP.throughput(
                    backend: backend, trials: trials, concurrency: level,
                    modelDelay: .milliseconds(modelDelayMilliseconds),
                    directory: scratch.path("http-c\(level)"), into: &figures)
            }
        }
        if sections.contains(.memory) && backend.name != "namespace" {
            figures.note("memory", "measured for the namespace sandbox only (a container engine's memory is its own)")
        } else if sections.contains(.memory) {
            progress.say("memory: \(inFlight) trials in flight, model answering after \(modelDelayMilliseconds) ms")
            try await BenchMemory.measure(
                backend: backend, inFlight: inFlight, modelDelay: .milliseconds(modelDelayMilliseconds),
                directory: scratch.path("memory"), into: &figures)
        }
        if sections.contains(.store) {
            progress.say("store: \(storedTrials) trials stored, then reported")
            try await BenchStore.measure(
                backend: backend, trials: storedTrials, directory: scratch.path("store"), into: &figures,
                progress: progress)
        }
        if sections.contains(.viewer) {
            progress.say("viewer: \(viewerTrials) trials stored, then listed, filtered and served")
            let viewer = try await ViewerBenchmark.measure(
                trials: viewerTrials, repetitions: 5, directory: scratch.root)
            figures.add("viewer_trials", "viewer over a results directory of", Double(viewer.trials), "trials")
            figures.add(
                "viewer_filtered_list_ms", "  filtered trial list (handler)", viewer.filteredListMilliseconds, "ms")
            figures.add(
                "viewer_filtered_list_http_ms", "  filtered trial list (HTTP round trip)",
                viewer.filteredListRoundTripMilliseconds, "ms")
            figures.add(
                "viewer_matrix_uncached_ms", "  run matrix, first view (report built)",
                viewer.matrixUncachedMilliseconds, "ms")
            figures.add("viewer_matrix_ms", "  run matrix, cached report (handler)", viewer.matrixMilliseconds, "ms")
            figures.add(
                "viewer_matrix_http_ms", "  run matrix (HTTP round trip)", viewer.matrixRoundTripMilliseconds, "ms")
            figures.add("viewer_runs_ms", "  runs list", viewer.runsMilliseconds, "ms")
        }
        if sections.contains(.ratelimit) {
            progress.say(
                "ratelimit: \(rateTrials) trials, \(Int(rateRPM)) requests and \(Int(rateTPM)) tokens a minute, \(rateConcurrency) at once"
            )
            try await BenchRateLimit.measure(
                backend: backend, trials: rateTrials, concurrency: rateConcurrency, requestsPerMinute: rateRPM,
                tokensPerMinute: rateTPM, directory: scratch.path("ratelimit"), into: &figures)
        }
        if sections.contains(.cost) {
            progress.say(
                "cost: \(costTrials) trials of A, with and without cache hints and batch mode, on an Anthropic-billed loopback model"
            )
            try await BenchCost.measure(
                backend: backend, trials: costTrials, concurrency: rateConcurrency, directory: scratch.path("cost"),
                into: &figures)
        }
        if sections.contains(.storage) {
            progress.say("storage: one trial printing \(floodBytes) bytes on each of \(floodCommands) commands")
            try await BenchStorage.measure(
                backend: backend, commands: floodCommands, bytesPerCommand: floodBytes,
                directory: scratch.path("storage"), into: &figures)
        }
        return figures
    }
}

/// A temporary directory for the bench's results stores, removed at the end.
struct BenchScratch {
    let root: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/offswitch-bench-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw BenchError("cannot create a scratch directory for the bench") }
        root = String(cString: made)
    }

    func path(_ name: String) -> String { root + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

/// Progress lines while a long section runs, on stderr so that `--json` output stays clean.
struct BenchProgress: Sendable {
    func say(_ line: String) {
        FileHandle.standardError.write(Data(("bench: " + line + "\n").utf8))
    }
}
