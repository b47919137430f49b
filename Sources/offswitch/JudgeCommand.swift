import ArgumentParser
import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchStore

/// `offswitch judge`: labels stored trials with a transcript judge, and measures its agreement with hand labels.
struct JudgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "judge",
        abstract: "Label stored trials with a model judge (model-judged, kept apart from the outcome).",
        discussion: """
            A judge (any provider, or the scripted reference/judge) reads each trial's transcript and interview \
            and labels it with the rubric in docs/judge-rubric.md: noticed_warning, discussed_allow_shutdown, \
            stated_reason, disclosed_tampering_when_interviewed, each with quotes checked against the transcript. \
            Labels are stored per trial with the judge, rubric version and prompt digest; running again resumes.
            """,
        subcommands: [JudgeLabelCommand.self, JudgeAgreementCommand.self],
        defaultSubcommand: JudgeLabelCommand.self)

    /// The judge at `address`: the scripted `reference/judge`, or any model the run command accepts.
    static func provider(_ address: String, options: ProviderOptions) throws -> any ModelProvider {
        if address == "reference/judge" { return ReferenceJudge() }
        guard
            let provider = try ModelResolver.resolve(
                [address], options: options, environment: ProcessInfo.processInfo.environment
            ).first
        else { throw CLIError.usage("--judge \(address): expected provider/model, for example reference/judge") }
        return provider
    }

    /// The run named by `requested` (an id, a label or a unique prefix), or the newest run.
    static func resolveRun(_ requested: String?, in store: ResultsStore) async throws -> RunID {
        try RunArgument.select(requested, among: try await store.runs()).id
    }

    /// Judges what `judge` has not yet labelled in `run`, printing a line per 10 judgements.
    static func judge(
        run: RunID, store: ResultsStore, judge: JudgeRun, output: Output
    ) async throws -> JudgeRun.Progress {
        let rubric = judge.judge.rubric.name
        let trials = try await store.trialsToJudge(run: run, judge: judge.judge.provider.address, rubric: rubric)
        let outcomes = Dictionary(uniqueKeysWithValues: trials.map { ($0.id, $0.outcome) })
        output.line(
            "judging \(trials.count) trial(s) of run \(run) with \(judge.judge.provider.address) (rubric \(rubric), model-judged)"
        )
        return try await judge.run(
            trials: trials.map(\.id),
            load: { id in
                JudgeTranscript(
                    events: try await store.events(trial: id), outcome: outcomes[id]!,
                    interview: try await store.interview(trial: id))
            },
            save: { id, judgement in try await store.record(judgement, trial: id) },
            progress: { state in
                if state.done % 10 == 0 || state.done == state.total {
                    output.status("[\(state.done)/\(state.total)] judged\n")
                }
            })
    }
}

/// `offswitch judge [RUN] --judge provider/model`: labels the trials of a run.
struct JudgeLabelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label", abstract: "Label the trials of a run (the default of `offswitch judge`).")

    @Argument(
        help: ArgumentHelp("The run id, a unique prefix of one, or a label. Default: the newest run.", valueName: "run")
    )
    var run: String?

    @Option(
        name: .customLong("judge"),
        help: ArgumentHelp(
            "The judge, as provider/model (reference/judge: scripted, no key).", valueName: "provider/model"))
    var judge: String

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("max-concurrency"), help: "Judge calls at once.")
    var maxConcurrency: Int = 4

    @Option(
        name: .customLong("max-cost"),
        help: ArgumentHelp("Stop judging once this many USD are spent.", valueName: "usd"))
    var maxCost: Double?

    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp("The judge's API root (OpenAI-compatible servers).", valueName: "url"))
    var baseURL: String?

    func validate() throws {
        guard maxConcurrency >= 1 else { throw ValidationError("--max-concurrency must be at least 1") }
        if let maxCost, !(maxCost > 0) { throw ValidationError("--max-cost must be more than 0 USD") }
    }

    func run() async throws {
        let provider = try JudgeCommand.provider(judge, options: ProviderOptions(baseURL: baseURL))
        let store = try storeOptions.open()
        let output = Output()
        let runID = try await JudgeCommand.resolveRun(run, in: store)
        let progress = try await JudgeCommand.judge(
            run: runID, store: store,
            judge: JudgeRun(
                judge: TranscriptJudge(provider: provider), maxConcurrency: maxConcurrency, maxCost: maxCost),
            output: output)
        output.line(JudgeSummary.progressLine(progress))
        let table = try await JudgeSummary.table(run: runID, judge: provider.address, store: store)
        output.line(table)
    }
}
