import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchTestSupport
import Testing

@testable import offswitch

/// The provider catalog: one entry per prefix is all a provider needs to be listed, resolved, keyed and limited.
@Suite("Provider catalog")
struct ProviderCatalogTests {
    static let key = "fakeco-test-SECRET-4242"

    /// The one entry a new provider takes: a fake OpenAI-compatible company on the loopback server.
    static func fakeEntry(_ server: FakeProviderServer) -> ProviderEntry {
        ProviderEntry(
            prefix: "fakeco", summary: "a fake provider for this test", endpoint: .url(server.baseURL),
            keyVariables: ["FAKECO_API_KEY"], keyRequired: true
        ) { making throws(ModelAddressError) in
            let (key, variable) = try making.requiredKey(of: "FakeCo")
            var configuration = OpenAIChatProvider.Configuration(
                model: making.address.model, address: making.address.description, baseURL: try making.baseURL(),
                apiKey: key, keyVariable: variable, reasoning: false, timeout: making.options.timeout)
            configuration.client = making.options.client
            return [.remote(OpenAIChatProvider(configuration: configuration))]
        }
    }

    static let reply = FakeProviderServer.Reply.json(
        """
        {"id": "chatcmpl-1", "object": "chat.completion", "model": "m1-served",
         "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "hello"}}],
         "usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15}}
        """)

    @Test("a test-only entry is listed, named in the unknown-provider line, and its models answer through the engine")
    func fakeProvider() async throws {
        try await FakeProviderServer.with(replies: [Self.reply]) { server in
            let catalog = ProviderCatalog(entries: ProviderCatalog.builtIn.entries + [Self.fakeEntry(server)])

            let listing = ModelsCommand.render(keysSet: ["FAKECO_API_KEY"], catalog: catalog)
            let row = try #require(listing.split(separator: "\n").first { $0.hasPrefix("fakeco/<model>") })
            #expect(row.contains(server.baseURL) && row.contains("FAKECO_API_KEY (set)"), "\(row)")
            #expect(!ModelsCommand.render(keysSet: [], catalog: .builtIn).contains("fakeco"))

            let environment = ["FAKECO_API_KEY": Self.key]
            let resolved = try catalog.resolve(
                ["fakeco/m1", "fakeco/m2", "fakeco/m1"], options: ProviderOptions(), environment: environment)
            #expect(resolved.providers.map(\.address) == ["fakeco/m1", "fakeco/m2"])
            // Both models are on one account (origin and key): one concurrency key, so one limit and pace.
            #expect(Set(resolved.http.map(\.account)).count == 1)
            #expect(resolved.http.allSatisfy { $0.endpoint == server.baseURL + "/chat/completions" })

            let output = try await resolved.providers[0].generate(
                ModelRequest(messages: [.system("Be brief."), .user("Say hello.")], tools: []))
            #expect(output.message.content == "hello")
            #expect(output.modelName == "m1-served")
            let request = try #require(server.requests.first)
            #expect(request.uri == "/v1/chat/completions")
            #expect(request.header("Authorization") == "Bearer \(Self.key)")
            #expect(try request.json()["model"]?.string == "m1")

            // Without the key, the entry's own variable is named; the built-in catalog does not know the prefix.
            do {
                _ = try catalog.resolve(["fakeco/m1"], options: ProviderOptions(), environment: [:])
                Issue.record("a model was made without its required key")
            } catch let error as ModelAddressError {
                #expect(error.problem == "set FAKECO_API_KEY to your FakeCo API key")
            }
            do {
                _ = try ProviderCatalog.builtIn.resolve(["fakeco/m1"], options: ProviderOptions(), environment: [:])
                Issue.record("the built-in catalog resolved a test-only prefix")
            } catch let error as ModelAddressError {
                #expect(error.problem.hasPrefix("unknown provider 'fakeco'"), "\(error)")
                #expect(!error.problem.contains("fakeco/..."), "\(error)")
            }
            do {
                _ = try catalog.resolve(["nobody/m1"], options: ProviderOptions(), environment: [:])
                Issue.record("an unknown prefix resolved")
            } catch let error as ModelAddressError {
                #expect(error.problem.contains("openai-compatible/..., fakeco/...;"), "\(error)")
            }
        }
    }

    @Test("models on two keys of one provider get two accounts; one key's models share one")
    func accountsPerKey() throws {
        let options = ProviderOptions(baseURL: "http://127.0.0.1:9/v1")
        let one = try ProviderCatalog.builtIn.resolve(
            ["vllm/a", "vllm/b"], options: options, environment: ["VLLM_API_KEY": "k1"])
        #expect(Set(one.http.map(\.account)).count == 1)
        let other = try ProviderCatalog.builtIn.resolve(
            ["vllm/a"], options: options, environment: ["VLLM_API_KEY": "k2"])
        #expect(other.http[0].account != one.http[0].account)
        let scripted = try ProviderCatalog.builtIn.resolve(["reference/comply"], options: options, environment: [:])
        #expect(scripted.http.isEmpty && scripted.providers.map(\.address) == ["reference/comply"])
    }

    @Test(
        "an address is parsed once into provider and model",
        arguments: [
            ("anthropic/claude-opus-4-1", "anthropic", "claude-opus-4-1"),
            ("openrouter/openai/o3", "openrouter", "openai/o3"),
            ("reference", "reference", "all"),
        ])
    func parse(_ text: String, _ provider: String, _ model: String) throws {
        let address = try ModelAddress(parsing: text)
        #expect(address.provider == provider && address.model == model)
        #expect(address.description == (text == "reference" ? "reference/all" : text))
    }

    @Test(
        "a value that is no provider/model address is refused",
        arguments: ["nonsense", "/o3", "openai/", "", "a/b\u{1B}"])
    func refused(_ text: String) {
        #expect(throws: ModelAddressError.self) { try ModelAddress(parsing: text) }
    }

    @Test("every built-in prefix but replay is listed, each once, with its endpoint")
    func builtInListing() {
        let listing = ModelsCommand.render(keysSet: [])
        for entry in ProviderCatalog.builtIn.entries {
            let rows = listing.split(separator: "\n").filter { $0.hasPrefix(entry.prefix + "/<") }
            #expect(rows.count == (entry.isListed ? 1 : 0), "\(entry.prefix)")
        }
        #expect(Set(ProviderCatalog.builtIn.entries.map(\.prefix)).count == ProviderCatalog.builtIn.entries.count)
    }
}
