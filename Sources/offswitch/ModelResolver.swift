import OffswitchCore
import OffswitchProviders

/// The run-wide provider options the command line gives (`--base-url`, `--reasoning-effort`, ...).
struct ProviderOptions: Sendable {
    /// Overrides every HTTP provider's API root.
    var baseURL: String?
    /// `reasoning_effort` for reasoning models (`low`, `medium`, `high`).
    var reasoningEffort: String?
    /// The output token cap per call.
    var maxTokens: Int?
    /// The extended-thinking budget for Anthropic models, in tokens.
    var thinkingBudget: Int?
    /// How long one model call may take.
    var timeout: Duration = .seconds(600)
    /// How transient failures are retried.
    var retry = RetryPolicy()
}

/// Turns `--model` values into providers: the scripted reference agents, Anthropic Messages, and OpenAI Chat
/// Completions with its compatible presets (xai, openrouter, vllm, llamacpp, ollama, openai-compatible). Keys come from the
/// environment the CLI hands in, and HTTP providers are wrapped in the engine's `RetryingProvider`.
enum ModelResolver {
    static func resolve(
        _ names: [String], options: ProviderOptions = ProviderOptions(), environment: [String: String] = [:]
    ) throws -> [any ModelProvider] {
        var providers: [any ModelProvider] = []
        for name in names {
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
            if provider == "reference" {
                guard let agent = ReferenceAgent.named(name) else {
                    let known = ReferenceAgent.Behaviour.allCases.map(\.rawValue).joined(separator: ", ")
                    throw CLIError.usage("--model \(name): no such reference agent (known: \(known))")
                }
                providers.append(agent)
            } else if let preset = OpenAICompatiblePreset.named(provider) {
                let chat = try openAIChat(preset: preset, model: model, options: options, environment: environment)
                providers.append(RetryingProvider(chat, policy: options.retry))
            } else if provider == "anthropic" {
                let claude = try anthropic(model: model, options: options, environment: environment)
                providers.append(RetryingProvider(claude, policy: options.retry))
            } else {
                let available = (["reference", "anthropic"] + OpenAICompatiblePreset.all.map(\.name)).map { "\($0)/..." }
                throw CLIError.usage(
                    "--model \(name): unknown provider '\(provider)' (available: \(available.joined(separator: ", ")); see `offswitch models`)")
            }
        }
        var seen = Set<String>()
        return providers.filter { seen.insert($0.address).inserted }
    }

    /// An Anthropic Messages provider, with its key from `environment`.
    static func anthropic(model: String, options: ProviderOptions, environment: [String: String]) throws
        -> AnthropicProvider
    {
        guard let key = environment["ANTHROPIC_API_KEY"].flatMap({ $0.isEmpty ? nil : APIKey($0) }) else {
            throw CLIError.usage("--model anthropic/\(model): set ANTHROPIC_API_KEY to your Anthropic API key")
        }
        return AnthropicProvider(
            configuration: AnthropicProvider.Configuration(
                model: model, baseURL: options.baseURL ?? "https://api.anthropic.com/v1", apiKey: key,
                maxTokens: options.maxTokens, thinkingBudget: options.thinkingBudget, timeout: options.timeout))
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
        return OpenAIChatProvider(
            configuration: OpenAIChatProvider.Configuration(
                model: model, address: address, baseURL: baseURL, apiKey: key, keyVariable: preset.keyVariable,
                reasoning: preset.openAIModelRules ? nil : false, reasoningEffort: options.reasoningEffort,
                maxTokens: options.maxTokens, timeout: options.timeout))
    }
}
