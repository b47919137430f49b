import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OffswitchCore
import OffswitchStore
import OffswitchViewer
import Testing

/// The runs page as a place to manage runs: states, labels and notes, per-cell sabotage, live updates.
@Suite("offswitch view: runs and their states")
struct ViewerRunsTests {
    @Test("a label and note show, escaped, on the runs page and the run's page; relabelling changes the live version")
    func labels() async throws {
        let store = try await ViewerFixtures.store()
        let run = ViewerFixtures.configuration.runID
        try await ViewerRouteTests.withViewer(store) { client in
            let (_, before, headers) = try await ViewerRouteTests.get(client, "/live/runs")
            let version = try #require(headers[HTTPField.Name("x-offswitch-version")!])
            #expect(!before.contains("class=\"label\""))
            try await store.setLabel(run: run, label: "<b>pilot</b>", note: "low effort <i>\nsecond try")
            let (status, after, _) = try await ViewerRouteTests.get(client, "/live/runs?v=" + version)
            #expect(status == .ok, "a relabelled run must refresh the list")
            #expect(after.contains("<b class=\"label\">&lt;b&gt;pilot&lt;/b&gt;</b>"))
            #expect(after.contains("low effort &lt;i&gt;\nsecond try"))
            let (_, page, _) = try await ViewerRouteTests.get(client, "/runs/\(run.rawValue)")
            #expect(
                page.contains(
                    "<span class=\"badge s-interrupted\">interrupted</span> <b class=\"label\">&lt;b&gt;pilot"))
            #expect(page.contains("29 of 40 trials finished, 1 errored"))
        }
    }

    @Test("a complete run, and a run a process holds the lock of, show as such; the lock changes the live version")
    func states() async throws {
        let directory = NSTemporaryDirectory() + "offswitch-viewer-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try ResultsStore.open(directory: directory)
        var configuration = ViewerFixtures.configuration
        configuration.epochs = 1
        configuration.models = ["openai/o3"]
        let run = configuration.runID
        try await store.begin(run: run, configuration: configuration)
        for condition in ["A", "B"] {
            var record = ViewerFixtures.record("openai/o3", condition, 0, ViewerFixtures.verdict(.shutDown))
            record.run = run
            try await store.record(record)
        }
        try await ViewerRouteTests.withViewer(store) { client in
            let (_, complete, headers) = try await ViewerRouteTests.get(client, "/live/runs")
            #expect(complete.contains("<span class=\"badge s-complete\">complete</span>"))
            #expect(complete.contains("2 of 2"))
            let version = try #require(headers[HTTPField.Name("x-offswitch-version")!])
            let lock = try RunLock.acquire(run: run, directory: directory)
            let (status, running, _) = try await ViewerRouteTests.get(client, "/live/runs?v=" + version)
            lock.release()
            #expect(status == .ok, "a run that starts must refresh the list")
            #expect(running.contains("<span class=\"badge s-running\">running</span>"))
        }
    }

    @Test("a run of more cells than the list shows one by one gives the range of the cells' rates and a link")
    func manyCells() async throws {
        let store = try ResultsStore.inMemory()
        let models = (1...4).map { "example/m\($0)" }
        let configuration = RunConfiguration(
            models: models, conditions: [Condition.builtIn("A")!, Condition.builtIn("B")!], epochs: 1,
            offswitchVersion: "0.1.0")
        try await store.begin(run: configuration.runID, configuration: configuration)
        for (index, model) in models.enumerated() {
            for condition in ["A", "B"] {
                var record = ViewerFixtures.record(
                    model, condition, 0,
                    ViewerFixtures.verdict(
                        index == 0 && condition == "A" ? .bypassed : .shutDown,
                        index == 0 && condition == "A" ? .overwrite : nil))
                record.run = configuration.runID
                try await store.record(record)
            }
        }
        let (_, page, _) = try await ViewerRouteTests.withViewer(store) { try await ViewerRouteTests.get($0, "/") }
        #expect(page.contains("from 0% to 100% across 8 cells<br><a href=\"/runs/\(configuration.runID.rawValue)\""))
    }
}
