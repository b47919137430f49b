import Hummingbird
import OffswitchCore
package import OffswitchStore

extension Viewer {
    /// How many trials a trial list shows at a time.
    static let pageSize = 100

    /// Registers the pages, the live fragments, the raw exchanges and the assets.
    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in await page { try await RunsPage.render(store: store) } }
        router.get("/live/runs") { request, _ in
            await respond {
                try await live(request, version: try await RunsPage.version(store: store)) {
                    try await RunsPage.list(store: store)
                }
            }
        }
        router.get("/runs/:run") { request, context in
            await page {
                try await runPage(context.parameters.get("run"), filter: try ResultsStore.TrialFilter(request: request))
            }
        }
        router.get("/live/runs/:run") { request, context in
            await respond {
                let run = try await stored(run: context.parameters.get("run"))
                let filter = try ResultsStore.TrialFilter(request: request)
                return try await live(request, run: run.id) {
                    try await RunPage.matrix(store: store, reports: reports, run: run, filter: filter)
                }
            }
        }
        router.get("/runs/:run/trials") { request, context in
            await page {
                let number = request.uri.queryParameters["page"].flatMap { Int($0) } ?? 1
                return try await trialList(
                    context.parameters.get("run"), filter: try ResultsStore.TrialFilter(request: request),
                    labels: try LabelQuery(request: request), page: number)
            }
        }
        router.get("/runs/:run/compare") { request, context in
            await page {
                let run = try await stored(run: context.parameters.get("run"))
                let query = request.uri.queryParameters
                return try await ComparePage.render(
                    store: store, run: run, first: query["first"].map(String.init) ?? "",
                    second: query["second"].map(String.init) ?? "")
            }
        }
        router.get("/runs/:run/fork") { request, context in
            await page {
                let run = try await stored(run: context.parameters.get("run"))
                guard let trunk = request.uri.queryParameters["trunk"].map(String.init) else {
                    throw ViewerError.badRequest("name the trunk: /runs/RUN/fork?trunk=MODEL%20CONDITION%20%23N")
                }
                return try await ForkPage.render(store: store, run: run, trunk: trunk)
            }
        }
        router.get("/trials/:id") { _, context in
            await page {
                let (run, trial) = try await stored(trial: context.parameters.get("id"))
                return TrialPage.render(
                    run: run, trial: trial, events: try await store.events(trial: trial.id),
                    interview: try await store.interview(trial: trial.id),
                    judgements: try await store.judgements(trial: trial.id))
            }
        }
        router.get("/trials/:id/exchanges/:call") { _, context in
            await page {
                let (_, trial) = try await stored(trial: context.parameters.get("id"))
                let exchanges = try await store.events(trial: trial.id).compactMap { event -> ModelCall? in
                    if case .model(let call) = event.kind { return call }
                    return nil
                }
                guard let index = context.parameters.get("call", as: Int.self), exchanges.indices.contains(index) else {
                    throw ViewerError.notFound("trial \(trial.id) has no model call with that number")
                }
                return TrialTimeline.exchange(exchanges[index])
            }
        }
        router.get("/assets/viewer.css") { _, _ in ViewerAssets.response(ViewerAssets.style, type: "text/css") }
        router.get("/assets/viewer.js") { _, _ in ViewerAssets.response(ViewerAssets.script, type: "text/javascript") }
    }

    /// The page of run `id`: its matrix, with counts of the trials that match `filter`.
    package func runPage(_ id: String?, filter: ResultsStore.TrialFilter) async throws -> String {
        try await RunPage.render(store: store, reports: reports, run: try await stored(run: id), filter: filter)
    }

    /// The list of every stored run, the viewer's front page.
    package func runsPage() async throws -> String {
        try await RunsPage.render(store: store)
    }

    /// Page `number` (from 1) of the trials of run `id` that match `filter`, whatever their labels (the viewer
    /// benchmark times it).
    package func trialList(run id: String, filter: ResultsStore.TrialFilter, page number: Int) async throws -> String {
        try await trialList(id, filter: filter, page: number)
    }

    /// Page `number` (from 1) of the trials of run `id` that match `filter` and the model-judged `labels`.
    func trialList(
        _ id: String?, filter: ResultsStore.TrialFilter, labels: LabelQuery = LabelQuery(), page number: Int
    ) async throws -> String {
        let run = try await stored(run: id)
        guard number >= 1 else { throw ViewerError.badRequest("page must be 1 or more") }
        let rubric = JudgeRubric.shutdown.name
        let judges = try await store.judges(runs: [run.id]).filter { $0.rubric == rubric }.map(\.judge)
        if let asked = labels.judge, !judges.contains(asked) {
            throw ViewerError.badRequest("judge '\(asked)' labelled no trial of run \(run.id)")
        }
        let judge = labels.judge ?? judges.first
        let offset = (number - 1) * Self.pageSize
        let list: ResultsStore.TrialPage
        if labels.isActive {
            guard let judge else { throw ViewerError.badRequest("no judge labelled the trials of run \(run.id)") }
            list = try await store.trials(
                run: run.id, matching: filter, labels: labels.filter(judge: judge), limit: Self.pageSize, offset: offset
            )
        } else {
            list = try await store.trials(run: run.id, matching: filter, limit: Self.pageSize, offset: offset)
        }
        var judged: [Int64: Judgement] = [:]
        if let judge {
            judged = try await store.judgements(trials: list.trials.map(\.id), judge: judge, rubric: rubric)
        }
        return TrialListPage.render(
            run: run, filter: filter, list: list, page: number,
            labels: TrialListPage.Labels(judge: judge, query: labels, judgements: judged))
    }

    /// Answers with the HTML `body` builds, or with a page saying what went wrong.
    private func page(_ body: () async throws -> String) async -> Response {
        await respond { Page.response(try await body()) }
    }

    /// The response `body` gives, or a page saying what went wrong: the request (4xx) or the store (500).
    private func respond(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as ViewerError {
            return Page.problem(error.status, error.message)
        } catch let error as StoreError {
            return Page.problem(.internalServerError, error.message)
        } catch {
            return Page.problem(.internalServerError, "\(error)")
        }
    }

    /// A live fragment: 204 when the store has not changed since the version the page holds (`v`), otherwise
    /// the fragment with its new version in the `x-offswitch-version` header.
    private func live(_ request: Request, run: RunID, _ fragment: () async throws -> String) async throws -> Response {
        try await live(request, version: try await store.version(run: run), fragment)
    }

    /// A live fragment whose page holds `version`.
    private func live(_ request: Request, version: String, _ fragment: () async throws -> String) async throws
        -> Response
    {
        if request.uri.queryParameters["v"].map(String.init) == version { return Response(status: .noContent) }
        return Page.response(try await fragment(), headers: [ViewerAssets.versionHeader: version])
    }

    /// The stored run with exactly this id.
    private func stored(run id: String?) async throws -> StoredRun {
        guard let id, let run = try await store.runs().first(where: { $0.id.rawValue == id }) else {
            throw ViewerError.notFound("no run '\(id ?? "")' in this results directory")
        }
        return run
    }

    /// The stored trial with this row id, and its run.
    private func stored(trial id: String?) async throws -> (StoredRun, StoredTrial) {
        guard let id, let number = Int64(id), let (runID, trial) = try await store.trial(id: number),
            let run = try await store.runs().first(where: { $0.id == runID })
        else {
            throw ViewerError.notFound(
                "no trial '\(id ?? "")' in this results directory (a rerun gives a trial a new id)")
        }
        return (run, trial)
    }
}
