import OffswitchCore
import OffswitchProviders

/// The run-wide provider options the command line gives (`--base-url`, `--reasoning-effort`, ...).
struct ProviderOptions: Sendable {
    /// Overrides every HTTP provider's API root.
    var baseURL: String?
    /// `reasoning_effort` for reasoning models (`low`, `medium`, `high`).
    var reasoningEffort: String?
    /// `reasoning.summary` for OpenAI Responses reasoning models (`auto`, `concise`, `detailed`), nil for none.
    var reasoningSummary: String? = "auto"
    /// The output token cap per call.
    var maxTokens: Int?
    /// The thinking budget in tokens: Anthropic extended thinking and Gemini's `thinkingBudget`.
    var thinkingBudget: Int?
    /// How long one model call may take.
    var timeout: Duration = .seconds(600)
    /// The HTTP client model calls go through (`run` sizes one for its limits).
    var client: ModelHTTPClient = .shared
    /// How transient failures are retried.
    var retry = RetryPolicy()
    /// Calls in flight at once to one provider account, an API root and key (`--max-connections`).
    var maxConnections = 10
    /// Whether models may, must or must not call a tool (`--tool-choice`); OpenAI wire formats only.
    var toolChoice = ToolChoice.auto
    /// Whether prompt-cache hints are sent (`--no-prompt-cache` turns them off): Anthropic's `cache_control`
    /// breakpoints, OpenAI's `prompt_cache_key`. Gemini caches implicitly and takes no hint.
    var promptCache = true
    /// Told of each retry wait (progress prints it).
    var onWait: @Sendable (RetryWait) -> Void = { _ in }
}

/// Turns `--model` values into providers: the scripted reference agents, replays of recorded trials
/// (`replay/PATH`), Anthropic Messages, Gemini
/// generateContent (`google/...`), OpenAI Responses (`openai-responses/...`, and `openai/...` codex models, which
/// speak nothing else), and OpenAI Chat Completions with its compatible presets (xai, openrouter, vllm, llamacpp,
/// ollama, openai-compatible). Keys come from the environment the CLI hands in, and HTTP providers are wrapped in
/// the engine's `RetryingProvider` around its `LimitedProvider`.
enum ModelResolver {
    /// `provider` as the engine runs it: at most `maxConnections` calls at once, each retried when it fails
    /// transiently (the retry waits outside the limit, so backoff holds no connection slot).
    static func engine(
        _ provider: any ModelProvider, options: ProviderOptions, account: AccountLimits? = nil
    ) -> any ModelProvider {
        let account = account ?? AccountLimits(options)
        return RetryingProvider(
            LimitedProvider(provider, limit: account.limit, pacer: account.pacer), policy: options.retry,
            onWait: options.onWait)
    }

    /// What every model on one provider account shares: its `--max-connections` slots and its pace.
    struct AccountLimits: Sendable {
        var limit: ConcurrencyLimit
        var pacer: RatePacer

        init(_ options: ProviderOptions) {
            limit = ConcurrencyLimit(options.maxConnections)
            pacer = RatePacer()
        }
    }

    static func resolve(
        _ names: [String], options: ProviderOptions = ProviderOptions(), environment: [String: String] = [:]
    ) throws -> [any ModelProvider] {
        try resolveModels(names, options: options, environment: environment).providers
    }

    /// The providers for `names` as the engine runs them, and the HTTP models among them unwrapped (for the
    /// endpoint check before a run).
    static func resolveModels(
        _ names: [String], options: ProviderOptions = ProviderOptions(), environment: [String: String] = [:]
    ) throws -> (providers: [any ModelProvider], http: [any HTTPModelProvider]) {
        var providers: [any ModelProvider] = []
        var http: [any HTTPModelProvider] = []
        // One limit and pace per account (API origin and key), however many of its models run.
        var accounts: [String: AccountLimits] = [:]
        func engine(_ provider: some HTTPModelProvider, options: ProviderOptions) -> any ModelProvider {
            http.append(provider)
            let account = accounts[provider.account] ?? AccountLimits(options)
            accounts[provider.account] = account
            return ModelResolver.engine(provider, options: options, account: account)
        }
        for name in names {
            // A model's address becomes file names (export) and terminal text.
            if let problem = Identifier.problem(name, maxLength: Identifier.maxModelLength, allowingSlash: true) {
                throw CLIError.usage(
                    "--model '\(name.prefix(60))': the address \(problem); give it as plain provider/model")
            }
            if name == "reference" || name == "reference/all" {
                providers += ReferenceAgent.all
                continue
            }
            guard let slash = name.firstIndex(of: "/"), slash != name.startIndex, name.index(after: slash) != name.endIndex
            else {
                throw CLIError.usage("--model \(name): expected provider/model, for example reference/comply")
            }
            let provider = String(name[..<slash])
            let model = String(name[name.index(after: slash)...])
            if provider == "replay" {
                do {
                    providers.append(try ReplayProvider.load(path: model))
                } catch let error as ReplayError {
                    throw CLIError.usage("--model \(name): \(error.message)")
                }
            } else if provider == "reference", let agent = PatrolAgent.named(name) {
                providers.append(agent)
            } else if provider == "reference", let agent = CoinAgent.named(name) {
                providers.append(agent)
            } else if provider == "reference" {
                guard let agent = ReferenceAgent.named(name) else {
                    let known = ReferenceAgent.Behaviour.allCases.map(\.rawValue).joined(separator: ", ")
                    throw CLIError.usage("--model \(name): no such reference agent (known: \(known))")
                }
                providers.append(agent)
            } else if provider == "openai-responses"
                || (provider == "openai" && OpenAIResponsesProvider.Configuration.requiresResponsesAPI(model))
            {
                let responses = try openAIResponses(
                    address: name, model: model, options: options, environment: environment)
                providers.append(engine(responses, options: options))
            } else if let preset = OpenAICompatiblePreset.named(provider) {
                let chat = try openAIChat(preset: preset, model: model, options: options, environment: environment)
                providers.append(engine(chat, options: options))
            } else if provider == "anthropic" {
                let claude = try anthropic(model: model, options: options, environment: environment)
                providers.append(engine(claude, options: options))
            } else if provider == "google" {
                let gemini = try google(model: model, options: options, environment: environment)
                providers.append(engine(gemini, options: options))
            } else {
                let names = ["reference", "replay", "anthropic", "google", "openai-responses"]
                let available = (names + OpenAICompatiblePreset.all.map(\.name)).map { "\($0)/..." }
                throw CLIError.usage(
                    "--model \(name): unknown provider '\(provider)' (available: \(available.joined(separator: ", ")); see `offswitch models`)")
            }
        }
        var seen = Set<String>()
        return (providers.filter { seen.insert($0.address).inserted }, http)
    }

    /// An Anthropic Messages provider, with its key from `environment`.
    static func anthropic(model: String, options: ProviderOptions, environment: [String: String]) throws
        -> AnthropicProvider
    {
        try requireAutoToolChoice(options, address: "anthropic/\(model)")
        guard let key = environment["ANTHROPIC_API_KEY"].flatMap({ $0.isEmpty ? nil : APIKey($0) }) else {
            throw CLIError.usage("--model anthropic/\(model): set ANTHROPIC_API_KEY to your Anthropic API key")
        }
        var configuration = AnthropicProvider.Configuration(
            model: model, baseURL: options.baseURL ?? "https://api.anthropic.com/v1", apiKey: key,
            maxTokens: options.maxTokens, thinkingBudget: options.thinkingBudget, timeout: options.timeout)
        configuration.client = options.client
        configuration.promptCache = options.promptCache
        return AnthropicProvider(configuration: configuration)
    }

    /// An OpenAI Responses API provider, with its key (`OPENAI_API_KEY`) from `environment`.
    static func openAIResponses(
        address: String, model: String, options: ProviderOptions, environment: [String: String]
    ) throws -> OpenAIResponsesProvider {
        guard let key = environment["OPENAI_API_KEY"].flatMap({ $0.isEmpty ? nil : APIKey($0) }) else {
            throw CLIError.usage("--model \(address): set OPENAI_API_KEY to your OpenAI API key")
        }
        var configuration = OpenAIResponsesProvider.Configuration(
            model: model, address: address, baseURL: options.baseURL ?? "https://api.openai.com/v1", apiKey: key,
            reasoningEffort: options.reasoningEffort, reasoningSummary: options.reasoningSummary,
            maxTokens: options.maxTokens, timeout: options.timeout, toolChoice: options.toolChoice)
        configuration.client = options.client
        configuration.promptCacheKey = options.promptCache
        return OpenAIResponsesProvider(configuration: configuration)
    }

    /// Throws unless the tool choice is `auto`: only the OpenAI wire formats send another one.
    static func requireAutoToolChoice(_ options: ProviderOptions, address: String) throws {
        guard options.toolChoice == .auto else {
            throw CLIError.usage(
                "--model \(address): --tool-choice \(options.toolChoice) works with OpenAI-compatible providers only (openai, vllm, llamacpp, ollama, ...)")
        }
    }

    /// A Gemini provider, with its key from `GOOGLE_API_KEY` (or else `GEMINI_API_KEY`) in `environment`.
    static func google(model: String, options: ProviderOptions, environment: [String: String]) throws -> GeminiProvider {
        try requireAutoToolChoice(options, address: "google/\(model)")
        // GOOGLE_API_KEY wins when both are set, as in Google's own SDK.
        guard
            let variable = ["GOOGLE_API_KEY", "GEMINI_API_KEY"].first(where: { !(environment[$0] ?? "").isEmpty }),
            let value = environment[variable]
        else {
            throw CLIError.usage(
                "--model google/\(model): set GOOGLE_API_KEY (or GEMINI_API_KEY) to your Gemini API key")
        }
        let effort = options.reasoningEffort.flatMap { ["low", "high"].contains($0) ? $0 : nil }
        var configuration = GeminiProvider.Configuration(
            model: model, baseURL: options.baseURL ?? "https://generativelanguage.googleapis.com",
            apiKey: APIKey(value), keyVariable: variable, thinkingBudget: options.thinkingBudget,
            thinkingLevel: model.lowercased().hasPrefix("gemini-3") ? effort : nil, maxTokens: options.maxTokens,
            timeout: options.timeout)
        configuration.client = options.client
        return GeminiProvider(configuration: configuration)
    }

    /// An OpenAI Chat Completions provider for `preset`, with its key from `environment`.
    static func openAIChat(
        preset: OpenAICompatiblePreset, model: String, options: ProviderOptions, environment: [String: String]
    ) throws -> OpenAIChatProvider {
        let address = "\(preset.name)/\(model)"
        guard let baseURL = options.baseURL ?? preset.baseURL else {
            throw CLIError.usage("--model \(address): give the server's API root with --base-url, for example http://localhost:8000/v1")
        }
        let key = preset.keyVariable.flatMap { environment[$0] }.flatMap { $0.isEmpty ? nil : APIKey($0) }
        if key == nil, preset.keyRequired, let variable = preset.keyVariable {
            throw CLIError.usage("--model \(address): set \(variable) to your \(preset.name) API key")
        }
        var configuration = OpenAIChatProvider.Configuration(
            model: model, address: address, baseURL: baseURL, apiKey: key, keyVariable: preset.keyVariable,
            reasoning: preset.openAIModelRules ? nil : false, reasoningEffort: options.reasoningEffort,
            maxTokens: options.maxTokens ?? preset.defaultMaxTokens, timeout: options.timeout,
            toolChoice: options.toolChoice)
        configuration.client = options.client
        // Only OpenAI's own API takes prompt_cache_key; a compatible server may refuse a field it does not know.
        configuration.promptCacheKey = options.promptCache && preset.name == "openai"
        return OpenAIChatProvider(configuration: configuration)
    }
}
