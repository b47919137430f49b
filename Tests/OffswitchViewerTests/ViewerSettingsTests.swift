import Foundation
import OffswitchCore
import OffswitchStore
import Testing

@Suite("offswitch view: model settings")
struct ViewerSettingsTests {
    @Test("the runs page and the run page show each run's model settings")
    func settingsShown() async throws {
        let store = try ResultsStore.inMemory()
        let high = RunConfiguration(
            models: ["openai/o3"], conditions: [Condition.builtIn("A")!], epochs: 1, offswitchVersion: "0.1.0",
            modelSettings: ModelSettings(reasoningEffort: "high", maxTokens: 64).recorded)
        let plain = RunConfiguration(
            models: ["openai/o3"], conditions: [Condition.builtIn("A")!], epochs: 1, offswitchVersion: "0.1.0")
        for configuration in [high, plain] {
            try await store.begin(run: configuration.runID, configuration: configuration)
        }
        let (runs, page) = try await ViewerRouteTests.withViewer(store) { client in
            (
                try await ViewerRouteTests.get(client, "/").1,
                try await ViewerRouteTests.get(client, "/runs/\(high.runID.rawValue)").1
            )
        }
        #expect(runs.contains("<th>model settings</th>"))
        #expect(runs.contains("<td>effort high, max tokens 64</td>"))
        #expect(runs.contains("<td>provider defaults</td>"))
        #expect(page.contains("model settings: effort high, max tokens 64"))
    }
}
