import OffswitchCore
import OffswitchReport
import OffswitchStore
import Testing

@Suite("Reports against a preregistration plan")
struct PlanReviewTests {
    @Test("a planted missing cell, N short and unplanned comparison are reported as exactly those deviations")
    func planted() async throws {
        // openai/o3 under A and B, 15 pairs each, from ReportPairedTests' store.
        let pairs = Array(repeating: (true, false), count: 4) + Array(repeating: (false, false), count: 11)
        let store = try await ReportPairedTests.store(pairs.map { [$0] })
        let run = ReportPairedTests.configuration.runID
        let digest = String(repeating: "0", count: 64)
        try await store.setPlanDigest(run: run, digest: digest)
        let plan = AnalysisPlan(
            cells: [
                AnalysisPlan.Cell(model: "openai/o3", condition: "A", trials: 15),
                AnalysisPlan.Cell(model: "openai/o3", condition: "B", trials: 20),
                AnalysisPlan.Cell(model: "openai/o3", condition: "C", trials: 15),
            ],
            comparisons: [AnalysisPlan.Comparison(comparison: "openai/o3:A vs openai/o3:B", family: "primary")])
        let report = try await Report.build(store: store, runs: [], configuration: Report.Configuration())
        let review = try await PlanReview.review(
            report, plan: plan, digest: digest,
            exploratory: [try ComparisonRequest(parsing: "openai/o3:B vs openai/o3:A")], store: store)
        #expect(
            review.deviations == [
                "N short: openai/o3:B has 15 counted of 20 planned",
                "cell missing: openai/o3:C (planned 15 trials)",
                "comparison not planned: openai/o3:B vs openai/o3:A (reported as exploratory)",
            ])
        #expect(review.planned.map(\.family) == ["primary"])
        #expect(review.planned.first?.comparison.test == .mcnemarExact)
        #expect(review.exploratory.map(\.request.description) == ["openai/o3:B vs openai/o3:A"])
        let text = review.render(path: "plan.yaml", digest: digest, plan: plan)
        #expect(text.hasPrefix("Planned analysis (plan.yaml, sha256 000000000000)"))
        #expect(text.contains("Deviations from the plan (3)") && text.contains("Exploratory (not in the plan)"))

        // A run under another plan, and a clean plan: only the digest is a deviation.
        let clean = AnalysisPlan(
            cells: plan.cells.dropLast().map {
                var cell = $0
                cell.trials = 15
                return cell
            },
            comparisons: plan.comparisons)
        let other = try await PlanReview.review(
            report, plan: clean, digest: String(repeating: "1", count: 64), exploratory: [], store: store)
        #expect(other.deviations == ["run \(run) did not name this plan (it named plan sha256 000000000000)"])
        let none = try await PlanReview.review(report, plan: clean, digest: digest, exploratory: [], store: store)
        #expect(none.deviations.isEmpty)
        #expect(none.render(path: "p", digest: digest, plan: clean).contains("Deviations from the plan: none"))
    }
}
