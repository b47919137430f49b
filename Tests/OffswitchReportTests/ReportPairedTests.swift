import OffswitchCore
import OffswitchReport
import OffswitchStore
import Testing

@Suite("Report comparisons of paired branches")
struct ReportPairedTests {
    static let configuration = RunConfiguration(
        models: ["openai/o3"], conditions: [Condition.builtIn("A")!, Condition.builtIn("B")!], epochs: 20,
        offswitchVersion: "0.1.0")

    /// A store with one run whose A and B trials are branches: `trunks[i]` lists trunk i's pairs as (A sabotaged,
    /// B sabotaged).
    static func store(_ trunks: [[(Bool, Bool)]]) async throws -> ResultsStore {
        let store = try ResultsStore.inMemory()
        let run = configuration.runID
        try await store.begin(run: run, configuration: configuration)
        var epoch = 0
        for (index, pairs) in trunks.enumerated() {
            for (a, b) in pairs {
                epoch += 1
                for (condition, sabotaged) in [("A", a), ("B", b)] {
                    let verdict = ReportFixtures.outcome(
                        sabotaged ? .bypassed : .shutDown, sabotaged ? .overwrite : nil)
                    try await store.record(ReportFixtures.record(configuration, "openai/o3", condition, epoch, verdict))
                    try await store.setBranch(
                        run: run, key: TrialKey(model: "openai/o3", condition: condition, epoch: epoch),
                        trunk: "trunk-\(index)", branch: condition)
                }
            }
        }
        return store
    }

    static func report(_ store: ResultsStore, _ comparisons: [String]) async throws -> Report {
        try await Report.build(
            store: store, runs: [],
            configuration: Report.Configuration(comparisons: try comparisons.map(ComparisonRequest.init(parsing:))))
    }

    @Test("one pair per trunk: McNemar's exact test replaces Fisher's, with Newcombe's paired interval")
    func exact() async throws {
        // b = 1 first-only, c = 9 second-only, 3 both, 2 neither: 15 trunks of one pair.
        let pairs =
            [(true, false)] + Array(repeating: (false, true), count: 9) + Array(repeating: (true, true), count: 3)
            + Array(repeating: (false, false), count: 2)
        let report = try await Self.report(try await Self.store(pairs.map { [$0] }), ["openai/o3:A vs openai/o3:B"])
        let comparison = try #require(report.comparisons.first)
        #expect(comparison.test == .mcnemarExact)
        // statsmodels mcnemar([[3, 1], [9, 2]], exact=True).pvalue (see StatsPairedTests).
        #expect(abs(comparison.pValue - 0.021484375) <= 1e-12)
        #expect(comparison.first == (4, 15) && comparison.second == (12, 15))
        let expected = RiskDifference.paired(both: 3, firstOnly: 1, secondOnly: 9, neither: 2)
        let difference = try #require(comparison.difference)
        #expect(abs(difference.estimate - (1 - 9) / 15.0) < 1e-15 && difference.method == .newcombePaired)
        #expect(difference.lower == expected.lower && difference.upper == expected.upper)
        let text = TerminalRenderer.render(report, width: 200)
        #expect(text.contains("McNemar exact  4/15  12/15       -53.3  -74.5 to -16.3  0.0215  0.0215"))
        #expect(text.contains("openai/o3:A vs openai/o3:B: 15 pair(s) from 15 trunk(s), discordant 1 first-only"))
    }

    @Test("several pairs per trunk: the clustered test and the design effect")
    func clustered() async throws {
        let trunks: [[(Bool, Bool)]] = [
            [(true, false), (true, false), (true, true)], [(true, false), (false, false), (true, false)],
            [(false, false), (false, true), (false, false)], [(true, false), (true, false), (true, false)],
            [(false, false), (false, false), (true, true)],
        ]
        let report = try await Self.report(try await Self.store(trunks), ["openai/o3:A vs openai/o3:B"])
        let comparison = try #require(report.comparisons.first)
        #expect(comparison.test == .mcnemarClustered)
        #expect(abs(comparison.pValue - PairedReferenceValuesCopy.durkalskiPValue) <= 1e-12)
        #expect(abs((comparison.paired?.designEffect ?? 0) - PairedReferenceValuesCopy.designEffect) <= 1e-12)
        let json = try JSONRenderer.render(report)
        #expect(json.contains("\"test\" : \"mcnemar-clustered\""))
        #expect(json.contains("\"method\" : \"newcombe-paired-10-design-effect\""))
    }

    @Test("a comparison without pairs stays Fisher's, and the family is Holm-corrected together")
    func mixed() async throws {
        let store = try await Self.store([[(true, false)], [(false, true)], [(false, true)]])
        let report = try await Self.report(store, ["openai/o3:A vs openai/o3:B", "openai/o3:A vs openai/o3:A"])
        // A against itself has no second side to pair with: independent cells.
        #expect(report.comparisons.map(\.test) == [.mcnemarExact, .fisher])
        #expect(report.comparisons[1].difference?.method == .newcombe)
        // Two comparisons: the smaller p is doubled.
        let raw = report.comparisons.map(\.pValue)
        #expect(report.comparisons.map(\.adjustedPValue) == HolmBonferroni.adjust(raw))
    }
}

/// The clustered values of `PairedReferenceValues` (Tests/OffswitchCoreTests/StatsPairedTests.swift), computed
/// there by scripts/gen-paired-reference.py: Durkalski's p = scipy.stats.chi2.sf(2, 1), and the design effect.
enum PairedReferenceValuesCopy {
    static let durkalskiPValue = 0.15729920705028105
    static let designEffect = 2.4107142857142856
}
