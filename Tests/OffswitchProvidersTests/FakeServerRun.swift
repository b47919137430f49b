import Foundation
import OffswitchTestSupport

/// The scratch directory of a provider run test and `offswitch run` against a fake provider server in it: the
/// directory is the run's HOME, the results go under it, and the run's environment holds only PATH, HOME and the key.
struct FakeServerRun {
    /// The scratch directory; the test removes it (`remove()`, deferred).
    let directory: String
    /// The results directory, `directory/results`.
    var results: String { directory + "/results" }

    /// Makes a new scratch directory.
    init() throws {
        directory = try TemporaryDirectory.make("offswitch-providers-")
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs `offswitch run --model model --base-url baseURL` with a 30 s request timeout (and `arguments`), the key
    /// in `keyVariable`, into ``results``.
    func run(model: String, baseURL: String, keyVariable: String, key: String, arguments: [String] = []) async throws
        -> OffswitchBinary.Result
    {
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory, keyVariable: key,
        ]
        return try await OffswitchBinary.run(
            ["run", "--model", model, "--base-url", baseURL, "--results-dir", results, "--request-timeout", "30"]
                + arguments,
            environment: environment)
    }
}
