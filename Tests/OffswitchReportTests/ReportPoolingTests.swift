import Foundation
import OffswitchCore
import OffswitchReport
import OffswitchStore
import Testing

/// Runs of one cell pool only when the condition and every model setting are equal; rows of other settings are
/// apart, labelled with them, and every format shows each run's settings.
@Suite("Pooling runs by their model settings")
struct ReportPoolingTests {
    /// A run of openai/o3 under A, 4 epochs, with `settings`; its trials bypass `bypassed` times.
    static func configuration(_ settings: ModelSettings) -> RunConfiguration {
        RunConfiguration(
            models: ["openai/o3"], conditions: [Condition.builtIn("A")!], epochs: 4, offswitchVersion: "0.1.0",
            modelSettings: settings.recorded.isEmpty ? nil : settings.recorded)
    }

    /// A store with one run per entry, each 4 trials of openai/o3 under A, `bypassed` of them bypassing.
    static func store(_ runs: [(ModelSettings, bypassed: Int)]) async throws -> (ResultsStore, [String]) {
        let store = try ResultsStore.inMemory()
        var ids: [String] = []
        for (settings, bypassed) in runs {
            let configuration = configuration(settings)
            try await store.begin(run: configuration.runID, configuration: configuration)
            for epoch in 1...4 {
                let verdict =
                    epoch <= bypassed
                    ? ReportFixtures.outcome(.bypassed, .overwrite) : ReportFixtures.outcome(.shutDown)
                try await store.record(ReportFixtures.record(configuration, "openai/o3", "A", epoch, verdict))
            }
            ids.append(configuration.runID.rawValue)
        }
        return (store, ids)
    }

    static func build(_ runs: [(ModelSettings, bypassed: Int)]) async throws -> Report {
        let (store, ids) = try await store(runs)
        return try await Report.build(store: store, runs: ids, configuration: .init(includePublished: false))
    }

    @Test("runs at reasoning effort low and high are two rows, each labelled with its effort")
    func effortSplits() async throws {
        let report = try await Self.build([
            (ModelSettings(reasoningEffort: "low"), 1), (ModelSettings(reasoningEffort: "high"), 3),
        ])
        #expect(
            report.rows.map { "\($0.label) \($0.sabotaged)/\($0.counted)" } == [
                "openai/o3 (effort low) 1/4", "openai/o3 (effort high) 3/4",
            ])
        #expect(report.rows[0].configurationNote == "not pooled: configurations differ (effort low)")
        #expect(report.rows[1].configurationNote == "not pooled: configurations differ (effort high)")
        #expect(report.rows.map(\.modelSettings) == [["reasoning_effort=low"], ["reasoning_effort=high"]])
    }

    @Test("a run with --max-tokens and one without are two rows")
    func maxTokensSplits() async throws {
        let report = try await Self.build([(ModelSettings(), 0), (ModelSettings(maxTokens: 64), 2)])
        #expect(
            report.rows.map { "\($0.label) \($0.sabotaged)/\($0.counted)" } == [
                "openai/o3 0/4", "openai/o3 (max tokens 64) 2/4",
            ])
        #expect(report.rows[0].configurationNote == "not pooled: configurations differ (max tokens default)")
    }

    @Test("runs with equal settings pool into one row")
    func equalSettingsPool() async throws {
        let (store, ids) = try await Self.store([
            (ModelSettings(reasoningEffort: "high", maxTokens: 64), 1)
        ])
        // A second run with the same settings but another condition set is another run id with the same cell.
        var other = Self.configuration(ModelSettings(reasoningEffort: "high", maxTokens: 64))
        other.conditions.append(Condition.builtIn("B")!)
        try await store.begin(run: other.runID, configuration: other)
        for epoch in 1...4 {
            try await store.record(
                ReportFixtures.record(other, "openai/o3", "A", epoch, ReportFixtures.outcome(.bypassed, .chmod)))
        }
        let report = try await Report.build(
            store: store, runs: ids + [other.runID.rawValue], configuration: .init(includePublished: false))
        #expect(report.rows.count == 1)
        #expect(report.rows[0].sabotaged == 5 && report.rows[0].counted == 8)
        #expect(report.rows[0].configurationNote == nil)
        #expect(report.rows[0].label == "openai/o3 (effort high, max tokens 64)")
    }

    @Test("a comparison of a cell split by settings says so instead of pooling")
    func comparisonRefusesSplitCell() async throws {
        let (store, ids) = try await Self.store([
            (ModelSettings(reasoningEffort: "low"), 1), (ModelSettings(reasoningEffort: "high"), 3),
        ])
        let request = try ComparisonRequest(parsing: "openai/o3:A vs openai/o3:A")
        let error = await #expect(throws: ReportError.self) {
            try await Report.build(store: store, runs: ids, configuration: .init(comparisons: [request]))
        }
        #expect(error?.code == .ambiguousCell)
    }

    @Test("every format shows each run's settings and the settings of each row")
    func everyFormatShowsSettings() async throws {
        let report = try await Self.build([
            (ModelSettings(reasoningEffort: "low"), 1), (ModelSettings(reasoningEffort: "high", maxTokens: 64), 3),
        ])
        let terminal = TerminalRenderer.render(report)
        let markdown = MarkdownRenderer.render(report)
        let html = HTMLRenderer.render(report)
        for text in [terminal, markdown, html] {
            #expect(text.contains("model settings: effort low"))
            #expect(text.contains("model settings: effort high, max tokens 64"))
            #expect(text.contains("openai/o3 (effort low)"))
            #expect(text.contains("openai/o3 (effort high, max tokens 64)"))
        }
        let csv = CSVRenderer.render(report).components(separatedBy: "\r\n")
        #expect(csv[0].hasSuffix(",model_names,model_settings"))
        // model_settings is the last column; the second value holds no comma, so it is not quoted.
        #expect(csv[1].hasSuffix(",reasoning_effort=low"))
        #expect(csv[2].hasSuffix(",reasoning_effort=high max_tokens=64"))
        let json = try JSONSerialization.jsonObject(with: Data(try JSONRenderer.render(report).utf8)) as? [String: Any]
        let runs = try #require(json?["runs"] as? [[String: Any]])
        #expect(
            runs.map { $0["modelSettings"] as? [String] } == [
                ["reasoning_effort=low"],
                [
                    "reasoning_effort=high", "max_tokens=64",
                ],
            ])
        let rows = try #require(json?["rows"] as? [[String: Any]])
        #expect(
            rows.map { $0["modelSettings"] as? [String] } == [
                ["reasoning_effort=low"],
                [
                    "reasoning_effort=high", "max_tokens=64",
                ],
            ])
    }

    @Test("a run at the providers' defaults says so")
    func defaultsAreNamed() async throws {
        let report = try await Self.build([(ModelSettings(), 1)])
        #expect(TerminalRenderer.render(report).contains("model settings: provider defaults"))
        #expect(report.rows[0].label == "openai/o3")
    }
}
