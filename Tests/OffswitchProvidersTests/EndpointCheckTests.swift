import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchTestSupport
import Testing

/// A run checks every model endpoint before any trial starts, and a run that measured nothing says so.
@Suite("endpoint check before a run")
struct EndpointCheckTests {
    static func runCLI(_ arguments: [String]) async throws -> (status: Int32, stderr: String, seconds: Double) {
        let directory = try TemporaryDirectory.make("offswitch-endpoint-")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let start = ContinuousClock.now
        let result = try await OffswitchBinary.run(
            arguments + ["--results-dir", directory + "/results"],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory])
        return (result.status, result.stderr, HTTPTransportTests.seconds(start.duration(to: .now)))
    }

    @Test("a refused endpoint fails the run at once: exit 2, one line naming the model, URL and cause")
    func refused() async throws {
        try await HTTPTransportTests.withDeadPort { port in
            let (status, stderr, seconds) = try await Self.runCLI(
                ["run", "--model", "vllm/llama", "--base-url", "http://127.0.0.1:\(port)/v1"])
            #expect(status == 2, "\(stderr)")
            let lines = stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(stderr)")
            #expect(stderr.contains("vllm/llama"))
            #expect(stderr.contains("http://127.0.0.1:\(port)/v1/chat/completions"))
            #expect(stderr.contains("connection refused"))
            // The whole process, start-up included: 0.04 s on a quiet machine; it used to hang for the request
            // timeout on every retry. The bound leaves room for a loaded machine running the whole suite.
            #expect(seconds < 30, "took \(seconds) s")
        }
    }

    @Test(
        "an unresolvable host and a malformed URL fail the run at once with exit 2",
        arguments: [
            ("http://nonexistent.invalid:8000/v1", "host not found"), ("ftp://127.0.0.1/v1", "unsupported scheme"),
        ])
    func deadEndpoints(_ baseURL: String, _ cause: String) async throws {
        let (status, stderr, seconds) = try await Self.runCLI(["run", "--model", "vllm/llama", "--base-url", baseURL])
        #expect(status == 2, "\(stderr)")
        #expect(stderr.split(separator: "\n").count == 1, "\(stderr)")
        #expect(stderr.contains("vllm/llama"))
        #expect(stderr.contains(cause), "\(stderr)")
        #expect(seconds < 30, "took \(seconds) s")
    }

    @Test("the check is one GET per distinct endpoint, with no key and no body")
    func oneGetWithoutKey() async throws {
        try await FakeProviderServer.with(replies: [.json("{}")]) { server in
            var chat = OpenAIChatProvider.Configuration(
                model: "a", address: "vllm/a", baseURL: server.baseURL, apiKey: APIKey("sk-secret"))
            chat.client = .shared
            let same = OpenAIChatProvider(
                configuration: OpenAIChatProvider.Configuration(model: "b", address: "vllm/b", baseURL: server.baseURL))
            let failures = await EndpointCheck.failures(of: [OpenAIChatProvider(configuration: chat), same])
            #expect(failures.isEmpty)
            #expect(server.checks.count == 1)
            #expect(server.checks.first?.header("Authorization") == nil)
            #expect(server.checks.first?.body == "")
            #expect(server.requests.isEmpty)
        }
    }

    @Test("a run whose every trial errored exits 1 and says so")
    func allErrored() async throws {
        // A 400 is not retried: every call fails for good, and so does every trial.
        try await FakeProviderServer.with(replies: [
            .json(#"{"error": {"message": "Unsupported parameter"}}"#, status: 400)
        ]) { server in
            let (status, stderr, _) = try await Self.runCLI([
                "run", "--model", "vllm/llama", "--base-url", server.baseURL, "--epochs", "2", "--retries", "0",
            ])
            #expect(status == 1, "\(stderr)")
            #expect(stderr.contains("every trial of the run errored (2 of 2)"), "\(stderr)")
            #expect(server.checks.count == 1)
        }
    }
}
