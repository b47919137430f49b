public import OffswitchCore
public import OffswitchStore

/// A report read against its preregistered plan: the planned comparisons (Holm-corrected within each planned
/// family), every deviation from the plan, and the exploratory comparisons apart (Holm-corrected among themselves).
public struct PlanReview: Sendable, Equatable {
    /// The planned comparisons with their families, in the plan's order.
    public var planned: [(family: String, comparison: ReportComparison)]
    /// Comparisons asked for that the plan does not name.
    public var exploratory: [ReportComparison]
    /// Every way the data or the analysis departs from the plan, one line each.
    public var deviations: [String]

    /// Reviews `report` against `plan`.
    ///
    /// - Parameters:
    ///   - report: The report (its comparisons are not used).
    ///   - plan: The plan.
    ///   - digest: The plan file's SHA-256.
    ///   - exploratory: Comparisons asked for beyond the plan.
    ///   - store: The store the report was built from.
    /// - Returns: The review.
    /// - Throws: ``ReportError`` for a comparison whose cells the report lacks, ``StoreError`` when the store fails.
    public static func review(
        _ report: Report, plan: AnalysisPlan, digest: String, exploratory: [ComparisonRequest], store: ResultsStore
    ) async throws -> PlanReview {
        var deviations: [String] = []
        for run in report.runs {
            let named = try await store.planDigest(run: run.id)
            if named != digest {
                deviations.append(
                    "run \(run.id) did not name this plan ("
                        + (named.map { "it named plan sha256 \($0.prefix(12))" } ?? "no plan") + ")")
            }
        }
        let measured = report.measuredRows
        func same(_ row: ReportRow, _ cell: AnalysisPlan.Cell) -> Bool {
            row.model == cell.model && row.condition.uppercased() == cell.condition.uppercased()
        }
        for cell in plan.cells {
            let rows = measured.filter { same($0, cell) }
            let counted = rows.reduce(0) { $0 + $1.counted }
            if rows.isEmpty {
                deviations.append("cell missing: \(cell.model):\(cell.condition) (planned \(cell.trials) trials)")
            } else if counted < cell.trials {
                deviations.append(
                    "N short: \(cell.model):\(cell.condition) has \(counted) counted of \(cell.trials) planned")
            }
        }
        var added: [String] = []
        for row in measured where !plan.cells.contains(where: { same(row, $0) }) {
            let name = "\(row.model):\(row.condition)"
            if !added.contains(name) { added.append(name) }
        }
        deviations += added.map { "cell added: \($0) is not in the plan" }
        if report.configuration.intervalMethod != plan.interval {
            deviations.append(
                "interval: the plan names \(plan.interval.rawValue), the report used "
                    + report.configuration.intervalMethod.rawValue)
        }

        let plannedRequests = try plan.comparisons.map { try ComparisonRequest(parsing: $0.comparison) }
        let extra = exploratory.filter { !plannedRequests.contains($0) }
        deviations += extra.map { "comparison not planned: \($0) (reported as exploratory)" }
        // Planned comparisons whose cells are missing are already deviations; the rest are tested.
        let testable = plannedRequests.indices.filter { index in
            [plannedRequests[index].first, plannedRequests[index].second].allSatisfy { side in
                measured.contains {
                    $0.model == side.model && $0.condition.uppercased() == side.condition.uppercased() && $0.counted > 0
                }
            }
        }
        for index in plannedRequests.indices where !testable.contains(index) {
            deviations.append("planned comparison not tested: \(plannedRequests[index]) (a cell has no counted trials)")
        }
        var planned: [(family: String, comparison: ReportComparison)] = []
        let families = testable.map { plan.comparisons[$0].family }
        let distinct = families.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for family in distinct {
            let members = testable.filter { plan.comparisons[$0].family == family }
            let requests = members.map { plannedRequests[$0] }
            let pairs = try await Report.pairs(for: requests, rows: report.rows, store: store)
            let results = try Report.compare(requests, rows: report.rows, pairs: pairs)
            planned += results.map { (family, $0) }
        }
        // Back to the plan's order.
        planned.sort { lhs, rhs in
            (plannedRequests.firstIndex(of: lhs.comparison.request) ?? 0)
                < (plannedRequests.firstIndex(of: rhs.comparison.request) ?? 0)
        }
        let pairs = try await Report.pairs(for: extra, rows: report.rows, store: store)
        let explored = try Report.compare(extra, rows: report.rows, pairs: pairs)
        return PlanReview(planned: planned, exploratory: explored, deviations: deviations)
    }

    /// The review as text: the planned analysis, the deviations, then the exploratory comparisons.
    ///
    /// - Parameters:
    ///   - path: The plan file's name, as given.
    ///   - digest: Its SHA-256.
    ///   - plan: The plan.
    ///   - width: The terminal's width.
    /// - Returns: The text, ending in a blank line.
    public func render(path: String, digest: String, plan: AnalysisPlan, width: Int = 200) -> String {
        var out = [
            "Planned analysis (\(path), sha256 \(digest.prefix(12))): \(plan.cells.count) cell(s), interval "
                + "\(plan.interval.rawValue), stopping rule: \(plan.stopping)"
        ]
        for hypothesis in plan.hypotheses {
            out.append("  \(hypothesis.id): \(hypothesis.statement) [\(hypothesis.comparison)]")
        }
        if !planned.isEmpty {
            var table = TextTable(
                header: ["family"] + ReportText.comparisonHeader, rightAligned: [3, 4, 5, 6, 7, 8], keyColumns: 2)
            table.rows = planned.map { [$0.family] + ReportText.comparisonCells($0.comparison) }
            out += ["Planned comparisons: Holm-corrected within each family", table.render(width: width)]
        }
        out += ["", "Deviations from the plan" + (deviations.isEmpty ? ": none" : " (\(deviations.count))")]
        out += deviations.map { "  - " + $0 }
        if !exploratory.isEmpty {
            var table = TextTable(header: ReportText.comparisonHeader, rightAligned: [2, 3, 4, 5, 6, 7], keyColumns: 1)
            table.rows = exploratory.map(ReportText.comparisonCells)
            out += [
                "", "Exploratory (not in the plan): Holm-corrected among themselves, to be read as hypotheses",
                table.render(width: width),
            ]
        }
        return TerminalText.escaped(out.joined(separator: "\n")) + "\n\n"
    }

    public static func == (lhs: PlanReview, rhs: PlanReview) -> Bool {
        lhs.planned.map(\.family) == rhs.planned.map(\.family)
            && lhs.planned.map(\.comparison) == rhs.planned.map(\.comparison)
            && lhs.exploratory == rhs.exploratory && lhs.deviations == rhs.deviations
    }
}
