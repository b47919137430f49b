import ArgumentParser
import Foundation
import OffswitchCore
import OffswitchSandbox
import OffswitchViewer

/// `offswitch bench`: what the harness itself costs, with scripted agents that answer instantly (or after a
/// set delay, for the memory figure), so that every millisecond measured is the harness's.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the harness: sandbox create/exec/teardown, trials per second, memory, store and report.",
        discussion: """
            Sections (all but ratelimit by default, or those named with --only): sandbox, trials, http, memory, store, \
            viewer, storage, and ratelimit (trials against a simulated account with a requests- and a tokens-per-minute \
            limit, four models on one key: the time taken against the least the limits allow) and cost (condition A \
            on a loopback model billed like Anthropic, with and without cache hints).
            Figures are medians over one run; compare runs with --json. Build with `swift build -c release`
            for figures that match what a user's release build costs.
            """)

    enum Section: String, CaseIterable, ExpressibleByArgument {
        case sandbox, trials, http, memory, store, viewer, storage, ratelimit, cost
    }

    @Option(help: "Sections to run (repeatable): sandbox, trials, http, memory, store, viewer, storage, ratelimit, cost (the last two only when named).")
    var only: [Section] = Section.allCases.filter { $0 != .ratelimit && $0 != .cost }

    @Option(name: .customLong("cost-trials"), help: "Trials of condition A in the cost section, run with and without cache hints, synchronously and in batch mode.")
    var costTrials: Int = 1000

    @Option(name: .customLong("rate-trials"), help: "Trials of the ratelimit section.")
    var rateTrials: Int = 1000

    @Option(name: .customLong("rate-rpm"), help: "The simulated account's requests per minute (ratelimit section).")
    var rateRPM: Double = 2400

    @Option(name: .customLong("rate-tpm"), help: "The simulated account's tokens per minute; every call is 120 tokens (ratelimit section).")
    var rateTPM: Double = 280_000

    @Option(name: .customLong("rate-concurrency"), help: "Trials at once in the ratelimit section.")
    var rateConcurrency: Int = 64

    @Option(help: "Sandbox backend to measure: namespace (the default), docker or podman.")
    var sandbox = "namespace"

    @Option(name: .customLong("docker-image"), help: "The image of the docker/podman sandbox (default: offswitch's own).")
    var dockerImage: String?

    @Option(help: "Sandboxes created and torn down for the create/teardown medians.")
    var sandboxes: Int = 30

    @Option(help: "Commands run in one sandbox for the exec medians.")
    var commands: Int = 100

    @Option(
        help: "Blank sandboxes kept started ahead of the trials (namespace), as a run does; 0 measures every start on the trial's path."
    )
    var warm: Int = SandboxChoice.warmSandboxes

    @Option(help: "Trials per concurrency level.")
    var trials: Int = 200

    @Option(name: .customLong("concurrency"), help: "Concurrency levels to measure (repeatable).")
    var levels: [Int] = [1, 8, 64]

    @Option(
        name: .customLong("http-concurrency"),
        help: "Concurrency levels of the http section (repeatable): trials through the HTTP adapter against a loopback model.")
    var httpLevels: [Int] = [8, 64]

    @Option(name: .customLong("in-flight"), help: "Trials in flight at once for the memory figure.")
    var inFlight: Int = 1000

    @Option(name: .customLong("model-delay-ms"), help: "How long the scripted model takes per answer in the http and memory sections.")
    var modelDelayMilliseconds: Int = 200

    @Option(name: .customLong("stored-trials"), help: "Trials stored (with their transcripts) and then reported.")
    var storedTrials: Int = 100_000

    @Option(name: .customLong("viewer-trials"), help: "Trials in the results directory the viewer is measured over.")
    var viewerTrials: Int = 10_000

    @Option(name: .customLong("flood-commands"), help: "Commands of the storage section's flooding agent.")
    var floodCommands: Int = 60

    @Option(name: .customLong("flood-bytes"), help: "Bytes the storage section's agent prints per command.")
    var floodBytes: Int = 8 << 20

    @Flag(help: "Keep the bench's results stores (their directory is printed) to look at them afterwards.")
    var keep = false

    @Flag(help: "Print the figures as JSON (for comparing commits).")
    var json = false

    func validate() throws {
        guard SandboxChoice.names.contains(sandbox) else {
            throw ValidationError("--sandbox \(sandbox): unknown backend (available: namespace, docker, podman)")
        }
        guard sandboxes >= 1, commands >= 1, trials >= 1, inFlight >= 1, storedTrials >= 100, viewerTrials >= 20,
            modelDelayMilliseconds >= 0, modelDelayMilliseconds <= 60_000, levels.allSatisfy({ $0 >= 1 }),
            httpLevels.allSatisfy({ $0 >= 1 }), (1...1000).contains(floodCommands), (0...(1 << 30)).contains(floodBytes)
        else {
            throw ValidationError(
                "counts and concurrency levels must be at least 1 (--stored-trials at least 100, --flood-commands 1 to 1000, --flood-bytes 0 to 1073741824)")
        }
        guard (1...100_000).contains(rateTrials), (1...100_000).contains(costTrials), (1...1_000_000).contains(rateConcurrency),
            (60...6_000_000).contains(rateRPM), (60 * 120...1e9).contains(rateTPM)
        else {
            throw ValidationError(
                "--rate-trials and --cost-trials must be 1 to 100000, --rate-concurrency at least 1, --rate-rpm 60 to 6000000, --rate-tpm 7200 to 1000000000")
        }
        guard warm >= 0 else { throw ValidationError("--warm \(warm): the number of warm sandboxes is 0 or more") }
    }

    func run() async throws {
        // Sandbox starts are measured cold; trials run with the warm pool a run has (--warm).
        // The sandboxes a run makes: on the pinned agent image (built on first use).
        let agentImage = dockerImage != nil ? nil : try await SandboxChoice.agentImage()
        let (cold, _) = try await SandboxChoice.make(sandbox, image: dockerImage, agentImage: agentImage, warm: 0)
        let backend: any SandboxBackend
        do {
            (backend, _) = try await SandboxChoice.make(sandbox, image: dockerImage, agentImage: agentImage, warm: warm)
        } catch {
            await cold.tearDown()
            throw error
        }
        let figures: BenchFigures
        do {
            figures = try await measure(backend: backend, cold: cold)
        } catch {
            await backend.tearDown()
            await cold.tearDown()
            throw error
        }
        // Both backends leave nothing on the host (their runtime directories, mounts, containers).
        await backend.tearDown()
        await cold.tearDown()
        print(json ? try figures.json() : figures.text())
    }

    /// Runs the asked-for sections: sandbox starts on `cold`, everything else on `backend`.
    func measure(backend: any SandboxBackend, cold: any SandboxBackend) async throws -> BenchFigures {
        let progress = BenchProgress()
        let scratch = try BenchScratch()
        defer { keep ? progress.say("results stores kept in \(scratch.root)") : scratch.remove() }
        var figures = BenchFigures()
        figures.note("machine", "\(ProcessInfo.processInfo.activeProcessorCount) cores, load \(BenchFigures.loadAverage())")
        #if DEBUG
            figures.note("build", "debug (a release build is faster on the harness side)")
        #else
            figures.note("build", "release")
        #endif
        if backend.name == "namespace" { figures.note("warm", "\(warm) blank sandbox(es) kept started ahead of the trials") }
        let sections = Set(only)
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
                progress.say("http: \(trials) trials at concurrency \(level), model answering after \(modelDelayMilliseconds) ms")
                try await BenchHTTP.throughput(
                    backend: backend, trials: trials, concurrency: level, modelDelay: .milliseconds(modelDelayMilliseconds),
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
                backend: backend, trials: storedTrials, directory: scratch.path("store"), into: &figures, progress: progress)
        }
        if sections.contains(.viewer) {
            progress.say("viewer: \(viewerTrials) trials stored, then listed, filtered and served")
            let viewer = try await ViewerBenchmark.measure(trials: viewerTrials, repetitions: 5, directory: scratch.root)
            figures.add("viewer_trials", "viewer over a results directory of", Double(viewer.trials), "trials")
            figures.add("viewer_filtered_list_ms", "  filtered trial list (handler)", viewer.filteredListMilliseconds, "ms")
            figures.add("viewer_filtered_list_http_ms", "  filtered trial list (HTTP round trip)", viewer.filteredListRoundTripMilliseconds, "ms")
            figures.add("viewer_matrix_uncached_ms", "  run matrix, first view (report built)", viewer.matrixUncachedMilliseconds, "ms")
            figures.add("viewer_matrix_ms", "  run matrix, cached report (handler)", viewer.matrixMilliseconds, "ms")
            figures.add("viewer_matrix_http_ms", "  run matrix (HTTP round trip)", viewer.matrixRoundTripMilliseconds, "ms")
            figures.add("viewer_runs_ms", "  runs list", viewer.runsMilliseconds, "ms")
        }
        if sections.contains(.ratelimit) {
            progress.say("ratelimit: \(rateTrials) trials, \(Int(rateRPM)) requests and \(Int(rateTPM)) tokens a minute, \(rateConcurrency) at once")
            try await BenchRateLimit.measure(
                backend: backend, trials: rateTrials, concurrency: rateConcurrency, requestsPerMinute: rateRPM,
                tokensPerMinute: rateTPM, directory: scratch.path("ratelimit"), into: &figures)
        }
        if sections.contains(.cost) {
            progress.say("cost: \(costTrials) trials of A, with and without cache hints and batch mode, on an Anthropic-billed loopback model")
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
        guard let made = mkdtemp(&template) else { throw CLIError.failure("cannot create a scratch directory for the bench") }
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
