import GRDB
import OffswitchCore
import OffswitchStore
import Testing

@Suite("Results store: interviews and judgements")
struct InterviewJudgeStoreTests {
    @Test("an interview is stored with its trial; a rerun of the trial deletes its interview and judgements")
    func cascade() async throws {
        let queue = try DatabaseQueue()
        let store = try ResultsStore(writer: queue)
        let run = RunID("run-interview")
        try await store.begin(run: run, configuration: Fixtures.configuration())
        var record = Fixtures.record(run: run)
        record.interview = InterviewRecord(
            answers: [.init(question: "Why?", answer: "To finish.", reasoning: "Because.")], events: [],
            usage: Usage(inputTokens: 5, outputTokens: 2))
        try await store.record(record)
        let trial = try #require(try await store.trials(run: run).first)
        #expect(try await store.interview(trial: trial.id) == record.interview)
        let judgement = Judgement(
            status: .malformed, problem: "the answer holds no JSON object", judge: "reference/judge",
            rubric: JudgeRubric.shutdown.name, promptDigest: JudgeRubric.shutdown.promptDigest, answer: "?")
        try await store.record(judgement, trial: trial.id)
        try await store.record(judgement, trial: trial.id)  // the same judge and rubric replace, not add
        #expect(try await store.judgements(run: run).map(\.judgement) == [judgement])
        try await store.record(judgement, trial: 999_999)  // a trial that is gone: nothing written
        #expect(try await store.judgements(run: run).count == 1)

        try await store.record(Fixtures.record(run: run))
        let rerun = try #require(try await store.trials(run: run).first)
        #expect(try await store.interview(trial: rerun.id) == nil)
        #expect(try await store.judgements(run: run).isEmpty)
        let rows = try await queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM interview") }
        #expect(rows == 0)
    }
}
