import ArgumentParser
import Foundation
import OffswitchBench
import OffswitchCore
import OffswitchSandbox

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

    @Option(
        help:
            "Sections to run (repeatable): sandbox, trials, http, memory, store, viewer, storage, ratelimit, cost (the last two only when named)."
    )
    var only: [Bench.Section] = Bench.Section.defaults

    @Option(
        name: .customLong("cost-trials"),
        help:
            "Trials of condition A in the cost section, run with and without cache hints, synchronously and in batch mode."
    )
    var costTrials: Int = 1000

    @Option(name: .customLong("rate-trials"), help: "Trials of the ratelimit section.")
    var rateTrials: Int = 1000

    @Option(name: .customLong("rate-rpm"), help: "The simulated account's requests per minute (ratelimit section).")
    var rateRPM: Double = 2400

    @Option(
        name: .customLong("rate-tpm"),
        help: "The simulated account's tokens per minute; every call is 120 tokens (ratelimit section).")
    var rateTPM: Double = 280_000

    @Option(name: .customLong("rate-concurrency"), help: "Trials at once in the ratelimit section.")
    var rateConcurrency: Int = 64

    @OptionGroup var sandboxOptions: SandboxOptions

    @Option(help: "Sandboxes created and torn down for the create/teardown medians.")
    var sandboxes: Int = 30

    @Option(help: "Commands run in one sandbox for the exec medians.")
    var commands: Int = 100

    @Option(
        help:
            "Blank sandboxes kept started ahead of the trials (namespace), as a run does; 0 measures every start on the trial's path."
    )
    var warm: Int = SandboxChoice.warmSandboxes

    @Option(help: "Trials per concurrency level.")
    var trials: Int = 200

    @Option(name: .customLong("concurrency"), help: "Concurrency levels to measure (repeatable).")
    var levels: [Int] = [1, 8, 64]

    @Option(
        name: .customLong("http-concurrency"),
        help:
            "Concurrency levels of the http section (repeatable): trials through the HTTP adapter against a loopback model."
    )
    var httpLevels: [Int] = [8, 64]

    @Option(name: .customLong("in-flight"), help: "Trials in flight at once for the memory figure.")
    var inFlight: Int = 1000

    @Option(
        name: .customLong("model-delay-ms"),
        help: "How long the scripted model takes per answer in the http and memory sections.")
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
        guard sandboxes >= 1, commands >= 1, trials >= 1, inFlight >= 1, storedTrials >= 100, viewerTrials >= 20,
            modelDelayMilliseconds >= 0, modelDelayMilliseconds <= 60_000, levels.allSatisfy({ $0 >= 1 }),
            httpLevels.allSatisfy({ $0 >= 1 }), (1...1000).contains(floodCommands), (0...(1 << 30)).contains(floodBytes)
        else {
            throw ValidationError(
                "counts and concurrency levels must be at least 1 (--stored-trials at least 100, --flood-commands 1 to 1000, --flood-bytes 0 to 1073741824)"
            )
        }
        guard (1...100_000).contains(rateTrials), (1...100_000).contains(costTrials),
            (1...1_000_000).contains(rateConcurrency),
            (60...6_000_000).contains(rateRPM), (60 * 120...1e9).contains(rateTPM)
        else {
            throw ValidationError(
                "--rate-trials and --cost-trials must be 1 to 100000, --rate-concurrency at least 1, --rate-rpm 60 to 6000000, --rate-tpm 7200 to 1000000000"
            )
        }
        guard warm >= 0 else { throw ValidationError("--warm \(warm): the number of warm sandboxes is 0 or more") }
    }

    func run() async throws {
        // Sandbox starts are measured cold; trials run with the warm pool a run has (--warm).
        // The sandboxes a run makes: on the pinned agent image (built on first use).
        let (sandbox, dockerImage) = (sandboxOptions.sandbox, sandboxOptions.dockerImage)
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
            figures = try await benchConfiguration.measure(backend: backend, cold: cold)
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

    /// The options as the bench library takes them.
    var benchConfiguration: Bench.Configuration {
        var configuration = Bench.Configuration()
        configuration.sections = only
        configuration.costTrials = costTrials
        configuration.rateTrials = rateTrials
        configuration.rateRPM = rateRPM
        configuration.rateTPM = rateTPM
        configuration.rateConcurrency = rateConcurrency
        configuration.sandboxes = sandboxes
        configuration.commands = commands
        configuration.warm = warm
        configuration.trials = trials
        configuration.levels = levels
        configuration.httpLevels = httpLevels
        configuration.inFlight = inFlight
        configuration.modelDelayMilliseconds = modelDelayMilliseconds
        configuration.storedTrials = storedTrials
        configuration.viewerTrials = viewerTrials
        configuration.floodCommands = floodCommands
        configuration.floodBytes = floodBytes
        configuration.keep = keep
        return configuration
    }
}

extension Bench.Section: ExpressibleByArgument {}
