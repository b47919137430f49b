/// How each HTTP entry of the built-in catalog makes its adapter from the run's options and key.
extension ProviderCatalog {
    /// An Anthropic Messages provider.
    static func makeAnthropic(_ making: ProviderEntry.Making) throws(ModelAddressError) -> AnthropicProvider {
        try making.requireAutoToolChoice()
        let (key, variable) = try making.requiredKey(of: "Anthropic")
        let options = making.options
        var configuration = AnthropicProvider.Configuration(
            model: making.address.model, baseURL: try making.baseURL(), apiKey: key, keyVariable: variable,
            maxTokens: options.maxTokens, thinkingBudget: options.thinkingBudget, timeout: options.timeout)
        configuration.client = options.client
        configuration.promptCache = options.promptCache
        return AnthropicProvider(configuration: configuration)
    }

    /// A Gemini provider; its key from `GOOGLE_API_KEY`, or else `GEMINI_API_KEY`.
    static func makeGemini(_ making: ProviderEntry.Making) throws(ModelAddressError) -> GeminiProvider {
        try making.requireAutoToolChoice()
        let (key, variable) = try making.requiredKey(of: "Gemini")
        let options = making.options
        let model = making.address.model
        let effort = options.reasoningEffort.flatMap { ["low", "high"].contains($0) ? $0 : nil }
        var configuration = GeminiProvider.Configuration(
            model: model, baseURL: try making.baseURL(), apiKey: key, keyVariable: variable,
            thinkingBudget: options.thinkingBudget,
            thinkingLevel: model.lowercased().hasPrefix("gemini-3") ? effort : nil, maxTokens: options.maxTokens,
            timeout: options.timeout)
        configuration.client = options.client
        return GeminiProvider(configuration: configuration)
    }

    /// An OpenAI Responses API provider (`openai-responses/...`, and the `openai/codex-*` models).
    static func makeResponses(_ making: ProviderEntry.Making) throws(ModelAddressError) -> OpenAIResponsesProvider {
        let (key, variable) = try making.requiredKey(of: "OpenAI")
        let options = making.options
        var configuration = OpenAIResponsesProvider.Configuration(
            model: making.address.model, address: making.address.description, baseURL: try making.baseURL(),
            apiKey: key, keyVariable: variable, reasoningEffort: options.reasoningEffort,
            reasoningSummary: options.reasoningSummary, maxTokens: options.maxTokens, timeout: options.timeout,
            toolChoice: options.toolChoice)
        configuration.client = options.client
        configuration.promptCacheKey = options.promptCache
        return OpenAIResponsesProvider(configuration: configuration)
    }

    /// An OpenAI Chat Completions provider for `preset`; a local server's key may be missing.
    static func makeChat(_ making: ProviderEntry.Making, preset: OpenAICompatiblePreset) throws(ModelAddressError)
        -> OpenAIChatProvider
    {
        let baseURL = try making.baseURL()
        let key = making.entry.keyRequired ? try making.requiredKey(of: preset.name).key : making.key()?.key
        let options = making.options
        var configuration = OpenAIChatProvider.Configuration(
            model: making.address.model, address: making.address.description, baseURL: baseURL, apiKey: key,
            keyVariable: preset.keyVariable, reasoning: preset.openAIModelRules ? nil : false,
            reasoningEffort: options.reasoningEffort, maxTokens: options.maxTokens ?? preset.defaultMaxTokens,
            timeout: options.timeout, toolChoice: options.toolChoice)
        configuration.client = options.client
        // Only OpenAI's own API takes prompt_cache_key; a compatible server may refuse a field it does not know.
        configuration.promptCacheKey = options.promptCache && preset.name == "openai"
        return OpenAIChatProvider(configuration: configuration)
    }
}
