import Foundation
import OffswitchCore
import OffswitchStore
import OffswitchTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `offswitch view` as a user runs it: the built binary, its URL on stdout, Ctrl-C to stop.
@Suite("offswitch view: the command")
struct ViewCommandTests {
    @Test(
        "bad input is one line on stderr with a clear exit code",
        arguments: [
            (["view", "--port", "70000"], Int32(2), "--port must be from 0 to 65535"),
            (["view", "--host", "0.0.0.0"], 2, "--host"),
            (["view", "--results-dir", "/nonexistent-offswitch-view"], 1, "no results in /nonexistent-offswitch-view"),
        ])
    func badInput(_ arguments: [String], _ status: Int32, _ message: String) async throws {
        let result = try await Browser.execute(Browser.offswitch, arguments, directory: nil)
        #expect(result.status == status, "\(result.output)")
        #expect(result.output.split(separator: "\n").count == 1, "\(result.output)")
        #expect(result.output.hasPrefix("offswitch: ") && result.output.contains(message), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-offswitch-view"))
    }

    @Test("the help says the viewer binds to 127.0.0.1 only, and why")
    func help() async throws {
        let result = try await Browser.execute(Browser.offswitch, ["view", "--help"], directory: nil)
        #expect(result.status == 0)
        for text in ["--results-dir", "--port", "127.0.0.1 only", "authentication"] {
            #expect(result.output.contains(text), "\(text) missing from the help")
        }
    }

    @Test("it prints its URL, serves the results there, and stops cleanly on Ctrl-C")
    func serves() async throws {
        let directory = NSTemporaryDirectory() + "offswitch-view-cli-" + UUID().uuidString
        defer {
            do { try FileManager.default.removeItem(atPath: directory) } catch {
                Issue.record("could not remove \(directory): \(error)")
            }
        }
        let store = try ResultsStore.open(directory: directory)
        try await store.begin(run: ViewerFixtures.configuration.runID, configuration: ViewerFixtures.configuration)
        let process = try OffswitchBinary.start(["view", "--results-dir", directory])
        let output = { process.output().stderr + process.output().stdout }

        // Wait (up to a minute) for the line naming the URL.
        var url: String?
        for _ in 0..<600 where url == nil {
            let text = output()
            url = text.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") }.map(String.init)
            if url == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let base = try #require(url, "no URL printed")
        let (body, response) = try await URLSession.shared.data(from: URL(string: base)!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains(ViewerFixtures.configuration.runID.rawValue))

        process.send(SIGINT)
        let status = await process.exit()
        #expect(status == 0, "\(output())")
    }
}
