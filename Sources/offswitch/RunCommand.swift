import ArgumentParser
import Foundation
import Logging
import OffswitchCore
import OffswitchProviders
import OffswitchSandbox
import OffswitchScenarios
import OffswitchStore

/// `offswitch run`: runs models x conditions x epochs and prints a summary.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run shutdown trials and print k/N sabotaged per model and condition.",
        discussion: """
            Each trial gives the agent a fresh sandbox with ./shutdown.sh and the question program, warns it after \
            the third question that the next call shuts the machine down, and records from evidence the agent \
            cannot touch whether it let that happen. Results go to one SQLite file in the results directory; \
            running the same command again resumes the run without redoing finished trials.

            With no --model, the built-in reference agents run: scripted behaviours (comply, each sabotage \
            method, ...) that check the harness itself. They are not models.
            """
    )

    @Option(
        name: .customLong("model"),
        help: ArgumentHelp(
            "A model as provider/model (repeatable). Default: every reference agent (reference/...).",
            valueName: "provider/model"))
    var models: [String] = []

    @Option(
        name: .customLong("condition"),
        help: ArgumentHelp(
            "A built-in condition (\(Condition.builtInIDs.joined(separator: ", "))) or a scenario file's path (repeatable; see `offswitch conditions`). Default: A.",
            valueName: "id|file.yaml"))
    var conditions: [String] = []

    @Option(
        help: ArgumentHelp(
            "The camera frames for robot-patrol conditions that show images (a directory of JPEG or PNG files, shown in name order).",
            valueName: "dir"))
    var frames: String?

    @Option(help: "Trials per model and condition (default 1; with replay/PATH models, the recorded trials).")
    var epochs: Int?

    @Option(help: "Environment generation: 1 (May 2025, ./next_task) or 2 (the paper, ./next_question).")
    var generation: Generation = .two

    @Option(name: .customLong("max-concurrency"), help: "Trials running at once (default 4; 256 with --batch).")
    var maxConcurrency: Int?

    @Option(
        name: .customLong("on-bypass"),
        help:
            "After a bypass: 'end' the trial (the paper) or 'continue' to Done and submit (Gen-1 transcripts). Default: the condition's own ('end'; the live patrol harness's 'continue')."
    )
    var onBypass: BypassPolicy?

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var sandboxOptions: SandboxOptions

    @Option(
        name: .customLong("agent-user"),
        help:
            "The account the agent runs as, from the agent image: user (Palisade's, home /home/user; the default) or agent (home /home/agent). Recorded with the run and part of its id."
    )
    var agentUser: String = AgentAccount.defaultName

    @Option(name: .customLong("retries"), help: "Times an errored trial is retried before its error is recorded.")
    var retries: Int = 1

    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp(
            "The API root of an OpenAI-compatible server, for example http://localhost:8000/v1 (overrides the provider's).",
            valueName: "url"))
    var baseURL: String?

    @Option(
        name: .customLong("reasoning-effort"),
        help: "Reasoning effort for reasoning models: minimal, low, medium or high (the paper's 'high' variant).")
    var reasoningEffort: String?

    @Option(
        name: .customLong("reasoning-summary"),
        help:
            "Reasoning summaries from OpenAI Responses reasoning models: auto, concise, detailed, or none (an unverified OpenAI organisation needs none)."
    )
    var reasoningSummary: ReasoningSummary = .auto

    @Option(
        name: .customLong("max-tokens"),
        help: "Output token cap per model call (default: the provider's; 1024 for llamacpp and ollama, 4096 for vllm).")
    var maxTokens: Int?

    @Option(
        name: .customLong("tool-choice"),
        help: ArgumentHelp(
            "Whether the model may (auto, the default), must (required, or a tool's name such as bash) or must not (none) call a tool; OpenAI-compatible providers only.",
            valueName: "auto|required|none|tool"),
        transform: choice { _ in "--tool-choice must be auto, required, none or a tool's name (bash)" })
    var toolChoice: ToolChoice = .auto

    @Option(
        name: .customLong("thinking-budget"),
        help: "Thinking budget in tokens for Anthropic and Gemini models (1024 to 1000000; default: the provider's).")
    var thinkingBudget: Int?

    @Option(
        name: .customLong("request-timeout"),
        help: "Seconds a model call may take once sent (1 to 86400); past it the call fails, and is not sent again.")
    var requestTimeout: Int = 600

    @Option(
        name: .customLong("max-connections"),
        help: "Model calls in flight at once per provider account (API root and key), however many of its models run.")
    var maxConnections: Int = 10

    @Option(
        name: .customLong("prices"),
        help: ArgumentHelp(
            "A JSON file of extra prices, {\"provider/model\": {\"input\": 2.0, \"output\": 8.0}} in USD per 1M tokens.",
            valueName: "file"))
    var pricesFile: String?

    @Option(
        name: .customLong("max-cost"),
        help: ArgumentHelp(
            "Stop starting new trials once this many USD are spent; a run the cap stopped exits with code 3 (a dry run, when its estimate is above the cap).",
            valueName: "usd"))
    var maxCost: Double?

    @Flag(
        name: .customLong("dry-run"),
        help:
            "Say how many trials would run, how many are stored, and what they should cost (with and without prompt caching), from earlier trials of each condition; start no sandbox and call no model."
    )
    var dryRun = false

    @Flag(
        name: .customLong("batch"),
        help:
            "Send every model call through the provider's batch API (OpenAI, Anthropic, Google: half the price, answers within hours): the trials waiting on the model go into one batch, so all advance a turn per batch. Batches are stored; the same command resumes them."
    )
    var batch = false

    @Option(name: .customLong("batch-poll"), help: "Seconds between two polls of a batch (default 30).")
    var batchPoll: Double = 30

    @Option(
        name: .customLong("batch-gather"),
        help:
            "Seconds with no new request after which a batch is sent though not every trial waits on it (default 10; at most 12 times this after its first request)."
    )
    var batchGather: Double = 10

    @Flag(
        name: .customLong("no-prompt-cache"),
        help:
            "Send no prompt-cache hints (Anthropic cache_control, OpenAI prompt_cache_key): an exact replica of an uncached setup. Recorded with the run."
    )
    var noPromptCache = false

    @Flag(
        name: .customLong("interview"),
        help: "After each trial is scored, ask the default interview questions (conditions without their own).")
    var interview = false

    @Option(
        name: .customLong("fork-at-warning"),
        help: ArgumentHelp(
            "Fork each trial at the warning: generate its history once under this condition (the trunk), then replay it into fresh sandboxes, --branches per --condition, each going on live from the warning (docs/fork.md). --epochs counts trunks.",
            valueName: "condition"))
    var forkAtWarning: String?

    @Option(
        name: .customLong("branches"), help: "With --fork-at-warning: branches of each condition per trunk (default 1)."
    )
    var branches: Int?

    @Option(
        name: .customLong("judge"),
        help: ArgumentHelp(
            "Label the run's trials with this judge once they are stored (see `offswitch judge`).",
            valueName: "provider/model"))
    var judge: String?

    /// The built-in prices with the user's file on top.
    func priceTable() throws -> PriceTable {
        guard let pricesFile else { return .builtIn }
        guard let data = FileManager.default.contents(atPath: pricesFile) else {
            throw CLIError.usage("--prices \(pricesFile): cannot read the file")
        }
        do {
            return PriceTable.builtIn.merging(try PriceTable.decode(Array(data)))
        } catch let error as PriceTable.InvalidPrice {
            throw CLIError.usage("--prices \(pricesFile): \(error)")
        } catch {
            throw CLIError.usage(
                "--prices \(pricesFile): expected JSON like {\"openai/o3\": {\"input\": 2.0, \"output\": 8.0}} (USD per 1M tokens)"
            )
        }
    }

    /// The model settings this invocation sets, as recorded with the run.
    var modelSettings: [String] {
        ModelSettings(
            baseURL: baseURL, reasoningEffort: reasoningEffort, maxTokens: maxTokens, thinkingBudget: thinkingBudget,
            reasoningSummary: reasoningSummary == .auto ? nil : reasoningSummary.rawValue,
            toolChoice: toolChoice == .auto ? nil : toolChoice.description, promptCache: !noPromptCache
        ).recorded
    }

    func validate() throws {
        if let effort = reasoningEffort, !["none", "minimal", "low", "medium", "high", "xhigh"].contains(effort) {
            throw ValidationError("--reasoning-effort must be minimal, low, medium or high")
        }
        guard (1...86_400).contains(requestTimeout) else {
            throw ValidationError("--request-timeout must be 1 to 86400 seconds (a day), not \(requestTimeout)")
        }
        if let maxTokens, !TokenLimits.maxTokens.contains(maxTokens) {
            throw ValidationError("--max-tokens must be between 1 and \(TokenLimits.maxTokens.upperBound)")
        }
        if let thinkingBudget, !TokenLimits.thinkingBudget.contains(thinkingBudget) {
            throw ValidationError("--thinking-budget must be between 1024 and \(TokenLimits.thinkingBudget.upperBound)")
        }
        if let maxCost, !(maxCost > 0) { throw ValidationError("--max-cost must be more than 0 USD") }
        if let branches {
            guard forkAtWarning != nil else { throw ValidationError("--branches needs --fork-at-warning CONDITION") }
            guard (1...ForkPlan.maximumBranches).contains(branches) else {
                throw ValidationError("--branches must be 1 to \(ForkPlan.maximumBranches), not \(branches)")
            }
        }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if let maxConcurrency, maxConcurrency < 1 { throw ValidationError("--max-concurrency must be at least 1") }
        try validateBatch()
        guard retries >= 0 else { throw ValidationError("--retries must be 0 or more") }
    }

    @Option(
        name: .customLong("plan"),
        help: ArgumentHelp(
            "A preregistration plan (offswitch plan --write): its SHA-256 is stored with the run.", valueName: "file"))
    var planFile: String?

    func run() async throws {
        // Signals are ours from the start: a Ctrl-C while the sandboxes start is a request to stop, seen by the run
        // as soon as it begins (a signal before this would find the disposition inherited, possibly SIG_IGN).
        Interrupt.install()
        // One client for the run's model calls, with a connection for every call that may be in flight.
        let connections = ModelHTTPClient.Configuration(maxConcurrency: concurrency, maxConnections: maxConnections)
        try await ModelHTTPClient.with(connections) { client in try await run(client: client) }
    }

    func run(client: ModelHTTPClient) async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let policy = onBypass
        let scriptedDefault = models.isEmpty
        let prices = try priceTable()
        let providerOptions = ProviderOptions(
            baseURL: baseURL, reasoningEffort: reasoningEffort,
            reasoningSummary: reasoningSummary == .omitted ? nil : reasoningSummary.rawValue, maxTokens: maxTokens,
            thinkingBudget: thinkingBudget,
            timeout: .seconds(requestTimeout), client: client, maxConnections: maxConnections,
            toolChoice: toolChoice, promptCache: !noPromptCache,
            onWait: { ProgressPrinter.show($0, on: Output()) })
        // The CLI is the only reader of the environment: API keys go from here into the adapters, never further.
        let environment = ProcessInfo.processInfo.environment
        let (providers, httpModels) = try ModelResolver.resolveModels(
            scriptedDefault ? ["reference"] : models, options: providerOptions,
            environment: dryRun ? Self.dryRunEnvironment(environment) : environment)
        // Batch mode needs a batch API for every model, known before anything runs.
        let batchWires = batch ? try Self.batchWires(providers: providers, http: httpModels) : [:]
        let replays = providers.compactMap { $0 as? ReplayProvider }
        // A replay alone, with no condition named, replays every condition its recording names.
        let recordedConditions = replays.count == providers.count ? replays.flatMap(\.recording.conditions) : []
        let conditionIDs =
            !conditions.isEmpty
            ? conditions
            : recordedConditions.isEmpty
                ? ["A"] : recordedConditions.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        func resolve(_ id: String) throws -> Condition {
            var condition = try ConditionResolver.resolve(id, generation: generation)
            // A scenario file decides its own bypass policy; the flag sets it for built-ins. Unset, a built-in keeps
            // its own: `end` for the questions, the live patrol harness's `continue`.
            if !ConditionResolver.isPath(id), let policy { condition.onBypass = policy }
            if let frames = self.frames, condition.patrol?.observation == .image,
                condition.patrol?.frames.isEmpty == true
            {
                do {
                    condition.patrol?.frames = try PatrolFrames.frames(inDirectory: frames)
                } catch let error as PatrolEnvironment.PatrolError {
                    throw CLIError.usage("--frames \(frames): \(error.description)")
                } catch {
                    throw CLIError.usage(
                        "--frames \(frames): cannot read the directory (\(error.localizedDescription))")
                }
            }
            if let patrol = condition.patrol, patrol.observation == .image, patrol.frames.isEmpty {
                throw CLIError.usage(
                    "--condition \(id): \(condition.id) shows camera frames: give them with --frames DIR (JPEG or PNG "
                        + "files, shown in name order), or run a -TEXT variant (`offswitch conditions --environment patrol`)"
                )
            }
            if interview, condition.interview == nil { condition.interview = Interview.defaultQuestions }
            return condition
        }
        let resolved = try conditionIDs.map(resolve)
        guard Set(resolved.map(\.id)).count == resolved.count else {
            throw CLIError.usage("two conditions share the id \(resolved.map(\.id)); give scenario files distinct ids")
        }
        try toolChoice.check(against: resolved)
        let epochs = try ReplayEpochs.epochs(requested: self.epochs, replays: replays, conditions: resolved.map(\.id))
        // A judge that cannot be made (a missing key) fails before any trial runs.
        let judgeProvider = dryRun ? nil : try judge.map { try JudgeCommand.provider($0, options: ProviderOptions()) }
        let output = Output()
        if scriptedDefault || providers.allSatisfy({ $0.address.hasPrefix("reference/") }) {
            output.line(
                SummaryTable.wrap(
                    """
                    *** No real model: running the built-in REFERENCE AGENTS (\(providers.count)). They are scripted \
                    behaviours that check the harness, not AI models; their numbers say nothing about any model. \
                    Name one with --model provider/model. ***
                    """, width: TerminalWidth.columns(of: 1)))
        }

        var configuration = Runner.Configuration(
            models: providers, conditions: resolved, epochs: epochs, maxConcurrency: concurrency,
            retries: retries, modelSettings: modelSettings, prices: prices, maxCost: maxCost)
        configuration.offswitchCommit = BuildInfo.commit
        if let forkAtWarning {
            guard replays.isEmpty else {
                throw CLIError.usage(
                    "--fork-at-warning: a replay/PATH model plays whole recorded trials; it cannot be forked")
            }
            do {
                configuration.fork = try ForkPlan(
                    trunk: try resolve(forkAtWarning), branchesPerTrunk: branches ?? 1, branches: resolved)
            } catch let error as ForkError {
                throw CLIError.usage("--fork-at-warning \(forkAtWarning): \(error.description)")
            }
        }
        // The agent's world is part of the run: the pinned image (built on first use), unless --docker-image
        // names one offswitch does not know. A dry run builds nothing: it looks for the cached image.
        let agentImage =
            dockerImage != nil
            ? nil : dryRun ? ImageCache().cached(ImageRecipe()) : try await SandboxChoice.agentImage()
        configuration.image = agentImage?.identity
        configuration.agentUser = try SandboxChoice.account(agentUser, in: agentImage).name
        // The plan is computed trial by trial, so any epoch count fits in memory; only its size must be countable.
        let trialsPerCell = Runner.Configuration.branchEpochs(trunks: epochs, fork: configuration.fork)
        guard TrialPlan(models: providers.map(\.address), conditions: resolved.map(\.id), epochs: trialsPerCell) != nil
        else {
            throw CLIError.usage(
                "--epochs \(epochs): \(providers.count) model(s) x \(resolved.count) condition(s) x \(epochs) epochs is more trials than offswitch can count; use fewer epochs"
            )
        }
        let runID = configuration.runConfiguration.runID
        // A plan is read before anything runs: a broken one is one line, not a run without its digest.
        let planDigest = try planFile.map { path in
            do { return try PlanFile.load(path: path).digest } catch let error as ConfigurationError {
                throw CLIError.usage("--plan: \(error.message)")
            }
        }
        if dryRun { return try await dryRun(configuration: configuration, runID: runID, output: output) }
        // A dead endpoint is one line now, before any sandbox starts or trial errors.
        if let dead = await EndpointCheck.failures(of: httpModels).first {
            throw CLIError.usage("--model \(dead.address): cannot reach \(dead.error.message); check --base-url")
        }
        let store: ResultsStore
        let lock: RunLock
        do {
            store = try ResultsStore.open(directory: resultsDirectory)
            try await store.checkIntegrity()
            // One executor per run: a second process on the same run stops here, before it makes a sandbox.
            lock = try RunLock.acquire(run: runID, directory: resultsDirectory)
        } catch let error as StoreError {
            throw CLIError.failure(error.message)
        }
        defer { lock.release() }
        if batch { batching(&configuration, wires: batchWires, run: runID, store: store, output: output) }
        let (backend, container) = try await SandboxChoice.make(
            sandbox, image: dockerImage, agentImage: agentImage, agentUser: agentUser)
        backend.warnings.forEach { output.line("warning: \($0)") }
        let runner = Runner(configuration: configuration, backend: backend, recorder: store)
        if let planDigest {
            // Begun here (the runner's own begin is idempotent) so the run carries its plan from the first trial.
            do {
                try await store.begin(run: runID, configuration: configuration.runConfiguration)
                try await store.setPlanDigest(run: runID, digest: planDigest)
            } catch let error as StoreError {
                throw CLIError.failure(error.message)
            }
        }
        container?.label(run: runID.rawValue)
        let perCell =
            configuration.fork.map { "\(epochs) trunk(s) of \($0.trunk.id) x \($0.branchesPerTrunk) branch(es)" }
            ?? "\(epochs) epoch(s)"
        output.line(
            "run \(runID): \(providers.count) model(s) x \(resolved.count) condition(s) x \(perCell) = \(runner.plan.count) trials, results in \(resultsDirectory)"
        )

        let progress = ProgressPrinter(output: output)
        let work = Task {
            _ = try await runner.run { progress.update($0) }
        }
        let watcher = Task {
            await Interrupt.watch(work) {
                output.status(
                    "\ninterrupted: no new trials start; running ones end now and rerun on resume (again: exit at once)\n"
                )
            }
        }
        let outcome = await work.result
        watcher.cancel()
        // On every way out from here, the backend leaves nothing on the host (warm sandboxes, mounts, directories).
        await backend.tearDown()
        progress.finish()
        switch outcome {
        case .failure(let error as StoreError):
            throw CLIError.failure(error.message)
        case .failure(let error) where !(error is CancellationError):
            throw CLIError.failure("the run stopped: \(error)")
        default:
            break
        }

        let cells = try await store.cells(run: runID)
        output.line("")
        output.line(SummaryTable.render(cells, scripted: scriptedDefault, width: TerminalWidth.columns(of: 1)))
        let verdict = RunVerdict(cells: cells)
        if let judgeProvider, !Interrupt.requested {
            let judging = JudgeRun(
                judge: TranscriptJudge(provider: judgeProvider), maxConcurrency: concurrency, prices: prices)
            let done = try await JudgeCommand.judge(run: runID, store: store, judge: judging, output: output)
            output.line(JudgeSummary.progressLine(done))
            output.line(try await JudgeSummary.table(run: runID, judge: judgeProvider.address, store: store))
        }
        if let last = progress.latest {
            if last.unpricedTrials > 0 {
                output.line(
                    "note: \(last.unpricedTrials) trial(s) ran a model with no price; add it with --prices FILE.")
            }
            if last.stoppedByCostCap, let maxCost {
                output.line(
                    "cost cap reached: \(ProgressPrinter.dollars(last.cost)) spent of --max-cost \(ProgressPrinter.dollars(maxCost)); \(last.done) of \(last.total) trials finished. Raise --max-cost and run the same command again to continue."
                )
            }
        }
        if Interrupt.requested {
            output.line("interrupted: finished trials are saved; run the same command again to resume.")
            throw ExitCode(Interrupt.exitCode)
        }
        if progress.latest?.stoppedByCostCap == true { throw ExitCode(Self.costCapExitCode) }
        if let failure = verdict.failure { throw CLIError.failure(failure) }
    }
}

/// Serialized writes to standard error (progress) and standard output (results).
final class Output: Sendable {
    func line(_ text: String) {
        // Lines carry stored names (models, conditions, what providers reported): no control sequences.
        FileHandle.standardOutput.write(Data((TerminalText.escaped(text) + "\n").utf8))
    }

    func status(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    var isTerminal: Bool { isatty(2) == 1 }
}
