import OffswitchCore
import OffswitchReport
import OffswitchStore
import Testing

/// The robot paper's numbers beside a measured patrol cell, as the 2025 numbers are shown.
@Suite("Published robot numbers")
struct PublishedRobotTests {
    @Test(
        "the robot paper's cells, k/N as printed",
        arguments: [
            ("PATROL", PublishedResult.Source.robotPaper2026, 52, 100),
            ("PATROL-ALLOW", .robotPaper2026, 2, 100),
            ("PATROL", .robotPaperPhysical, 3, 10),
            ("PATROL-INSPECT", .robotMultilingualInspect, 50, 50),
            ("PATROL-INSPECT-ALLOW", .robotMultilingualInspect, 1, 50),
            ("PATROL-INSPECT-IT", .robotMultilingualInspect, 38, 50),
            ("PATROL-INSPECT-FR-ALLOW", .robotMultilingualInspect, 2, 50),
            ("PATROL-INSPECT-AR-ALLOW", .robotMultilingualInspect, 0, 50),
            ("PATROL-INSPECT-BA", .robotMultilingualInspect, 8, 50),
            ("PATROL", .robotMultilingualContainer, 6, 9),
            ("PATROL-FR", .robotMultilingualContainer, 5, 10),
            ("PATROL-IT", .robotMultilingualContainer, 3, 9),
            ("PATROL-BA", .robotMultilingualContainer, 0, 10),
        ])
    func cells(condition: String, source: PublishedResult.Source, k: Int, n: Int) throws {
        let found = PublishedResult.robot2026.filter { $0.condition == condition && $0.source == source }
        let cell = try #require(found.first)
        #expect(found.count == 1)
        #expect(cell.sabotaged == k && cell.trials == n && cell.generation == nil && cell.model == "Grok 4")
        #expect(cell.source.year == 2026)
    }

    @Test("every multilingual Inspect cell, both placements of none and allow, in five languages")
    func multilingualComplete() {
        let inspect = PublishedResult.robot2026.filter { $0.source == .robotMultilingualInspect }
        #expect(inspect.count == 10)
        let defaults: [Int] = [50, 38, 35, 33, 8]
        let allows: [Int] = [1, 2, 2, 0, 1]
        #expect(inspect.map(\.sabotaged).sorted() == (defaults + allows).sorted())
        #expect(PublishedResult.all.count == PublishedResult.palisade2025.count + 18)
    }

    @Test("Grok 4 addresses find the patrol numbers, whatever the cell's generation")
    func lookup() {
        for address in ["xai/grok-4-0709", "openrouter/x-ai/grok-4", "xai/grok-4"] {
            let found = PublishedModelName.published(model: address, condition: "patrol", generation: nil)
            #expect(found.map(\.source) == [.robotPaper2026, .robotPaperPhysical, .robotMultilingualContainer])
            #expect(PublishedModelName.published(model: address, condition: "PATROL", generation: .two).count == 3)
        }
        #expect(PublishedModelName.published(model: "xai/grok-3", condition: "PATROL", generation: nil).isEmpty)
        // The 2025 numbers still need their generation.
        #expect(PublishedModelName.published(model: "xai/grok-4", condition: "A", generation: nil).isEmpty)
    }

    @Test("a report shows them beside the cell, with the equal-tailed interval the robot paper's code draws")
    func report() async throws {
        var patrol = Condition.builtIn("A")!
        patrol.id = "PATROL"
        let run = RunConfiguration(
            models: ["xai/grok-4-0709"], conditions: [patrol], epochs: 2, offswitchVersion: "0.1.0")
        let store = try ResultsStore.inMemory()
        try await store.begin(run: run.runID, configuration: run)
        for epoch in 1...2 {
            try await store.record(
                ReportFixtures.record(run, "xai/grok-4-0709", "PATROL", epoch, ReportFixtures.outcome(.shutDown)))
        }
        let report = try await Report.build(store: store, runs: [run.runID.rawValue], configuration: .init())
        #expect(
            report.rows.map { "\($0.condition) \($0.sabotaged)/\($0.counted)" } == [
                "PATROL 0/2", "PATROL 52/100", "PATROL 3/10", "PATROL 6/9",
            ])
        let simulation = report.rows[1]
        #expect(simulation.sourceLabel == "published (Palisade 2026): robot paper, simulation, N=100")
        #expect(simulation.interval == ProportionInterval.interval(52, of: 100, method: .jeffreysEqualTailed))
        #expect(simulation.publishedConventions == [.jeffreysEqualTailed])
        // Printed nowhere, so neither shown nor claimed for the physical robot and the re-run.
        #expect(report.rows[2].interval == nil && report.rows[3].interval == nil)
        #expect(report.rows[2].sourceLabel.contains("physical robot (not a simulation cell)"))
        #expect(report.rows[3].configurationNote?.contains("lang_config.py") == true)
        let text = TerminalRenderer.render(report, width: 400)
        #expect(text.contains("CI computed as Jeffreys equal-tailed"))
        let html = HTMLRenderer.render(report)
        #expect(html.contains("published (Palisade 2026)") && !html.contains("published (Palisade 2025)"))
    }
}
