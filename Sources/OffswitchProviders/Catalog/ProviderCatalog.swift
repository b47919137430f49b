package import OffswitchCore

/// Every provider prefix offswitch can make models for, in one table: `offswitch models` lists it, `--model` and
/// `--judge` resolve through it, and an unknown prefix is answered with its names.
///
/// Adding a provider is one folder (its adapter), one entry here and one test file. Tests add their own entries to
/// a catalog of their own (a fake provider on 127.0.0.1), and resolve through the same path the CLI does.
package struct ProviderCatalog: Sendable {
    /// The entries, in the order `offswitch models` lists them.
    package var entries: [ProviderEntry]

    package init(entries: [ProviderEntry]) {
        self.entries = entries
    }

    /// The entry for `prefix`, or nil.
    package func entry(_ prefix: String) -> ProviderEntry? {
        entries.first { $0.prefix == prefix }
    }

    /// What ``resolve(_:options:environment:)`` makes: the models as the engine runs them, and the HTTP adapters
    /// among them unwrapped (for the endpoint check and batch wires before a run).
    package struct Resolved: Sendable {
        package var providers: [any ModelProvider]
        package var http: [any HTTPModelProvider]
    }

    /// The models `names` give, each HTTP model behind the engine's retries and its account's limit and pace.
    ///
    /// Parse, look up, make, wrap: one ``ProviderAccount`` per concurrency key, however many of its models run; a
    /// model named twice runs once.
    /// - Parameters:
    ///   - names: `--model` values, `provider/model`.
    ///   - options: The run-wide options every entry reads.
    ///   - environment: Where keys come from (the CLI hands in the process's own).
    /// - Throws: ``ModelAddressError`` for the first name that is no address, names no entry, or cannot be made
    ///   (a missing key, an unknown reference agent, an unreadable recording).
    package func resolve(
        _ names: [String], options: ProviderOptions, environment: [String: String]
    ) throws(ModelAddressError) -> Resolved {
        var resolved = Resolved(providers: [], http: [])
        var accounts: [String: ProviderAccount] = [:]
        for name in names {
            let address = try ModelAddress(parsing: name)
            guard let entry = entry(address.provider) else {
                let available = entries.map { "\($0.prefix)/..." }.joined(separator: ", ")
                throw ModelAddressError(
                    address: name,
                    problem: "unknown provider '\(address.provider)' (available: \(available); see `offswitch models`)")
            }
            let making = ProviderEntry.Making(
                entry: entry, address: address, options: options, environment: environment)
            for made in try entry.make(making) {
                guard let key = made.concurrencyKey, let http = made.http else {
                    resolved.providers.append(made.provider)
                    continue
                }
                resolved.http.append(http)
                let account = accounts[key] ?? ProviderAccount(options)
                accounts[key] = account
                resolved.providers.append(account.engine(made.provider, options: options))
            }
        }
        var seen = Set<String>()
        resolved.providers = resolved.providers.filter { seen.insert($0.address).inserted }
        return resolved
    }
}

extension ProviderCatalog {
    /// The providers this build speaks to: the scripted reference agents, replays of recorded trials, Anthropic
    /// Messages, Gemini generateContent, OpenAI Responses, and OpenAI Chat Completions with its compatible presets
    /// (`openai/codex-*` models speak only Responses, so the `openai` entry makes those too).
    package static let builtIn = ProviderCatalog(
        entries: [reference, replay, anthropic, google, openAIResponses] + OpenAICompatiblePreset.all.map(chat))

    static let reference = ProviderEntry(
        prefix: "reference", modelPlaceholder: "<behaviour>",
        summary: "scripted reference agents that check the harness, not models", endpoint: .builtIn
    ) { making throws(ModelAddressError) in
        if making.address.model == "all" { return ReferenceAgent.all.map(CatalogModel.local) }
        let name = making.address.description
        if let agent = PatrolAgent.named(name) { return [.local(agent)] }
        if let agent = CoinAgent.named(name) { return [.local(agent)] }
        guard let agent = ReferenceAgent.named(name) else {
            let known = ReferenceAgent.Behaviour.allCases.map(\.rawValue).joined(separator: ", ")
            throw ModelAddressError(address: name, problem: "no such reference agent (known: \(known))")
        }
        return [.local(agent)]
    }

    static let replay = ProviderEntry(
        prefix: "replay", modelPlaceholder: "<path>", summary: "the trials of a JSON-lines or Inspect .eval recording",
        endpoint: .builtIn, isListed: false
    ) { making throws(ModelAddressError) in
        let address = making.address
        do {
            return [.local(try ReplayProvider.load(path: address.model))]
        } catch let error as ReplayError {
            throw ModelAddressError(address: address.description, problem: error.message)
        } catch {
            throw ModelAddressError(address: address.description, problem: "\(error)")
        }
    }

    static let anthropic = ProviderEntry(
        prefix: "anthropic", summary: "Anthropic Messages (claude-opus-4-1, ...)",
        endpoint: .url(AnthropicProvider.defaultBaseURL), keyVariables: ["ANTHROPIC_API_KEY"], keyRequired: true
    ) { making throws(ModelAddressError) in
        [.remote(try makeAnthropic(making))]
    }

    static let google = ProviderEntry(
        prefix: "google", summary: "Gemini generateContent (gemini-2.5-pro, gemini-2.5-flash, ...)",
        // GOOGLE_API_KEY wins when both are set, as in Google's own SDK.
        endpoint: .url(GeminiProvider.defaultBaseURL), keyVariables: ["GOOGLE_API_KEY", "GEMINI_API_KEY"],
        keyRequired: true
    ) { making throws(ModelAddressError) in
        [.remote(try makeGemini(making))]
    }

    static let openAIResponses = ProviderEntry(
        prefix: "openai-responses",
        summary: "OpenAI Responses API (o3, gpt-5, ...; openai/codex-* models use it automatically)",
        endpoint: .url(OpenAIChatProvider.defaultBaseURL), keyVariables: ["OPENAI_API_KEY"], keyRequired: true
    ) { making throws(ModelAddressError) in
        [.remote(try makeResponses(making))]
    }

    /// The entry of an OpenAI-compatible preset.
    static func chat(_ preset: OpenAICompatiblePreset) -> ProviderEntry {
        ProviderEntry(
            prefix: preset.name, summary: preset.summary, endpoint: preset.baseURL.map { .url($0) } ?? .givenByUser,
            keyVariables: preset.keyVariable.map { [$0] } ?? [], keyRequired: preset.keyRequired
        ) { making throws(ModelAddressError) in
            if preset.name == "openai", OpenAIResponsesProvider.Configuration.requiresResponsesAPI(making.address.model)
            {
                return [.remote(try makeResponses(making))]
            }
            return [.remote(try makeChat(making, preset: preset))]
        }
    }
}
