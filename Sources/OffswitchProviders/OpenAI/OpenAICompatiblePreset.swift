/// A named server that speaks OpenAI Chat Completions: where it is and which key it takes.
///
/// Addressed as `<name>/<model>` (`xai/grok-4`, `vllm/meta-llama/Llama-3.1-8B-Instruct`); `--base-url`
/// points any of them at another server.
public struct OpenAICompatiblePreset: Sendable, Equatable {
    /// The provider part of the address.
    public var name: String
    /// The API root, or nil when the user must give `--base-url`.
    public var baseURL: String?
    /// The environment variable holding the key, if the server takes one.
    public var keyVariable: String?
    /// Whether a run must fail without the key (hosted APIs) or may go on without it (local servers).
    public var keyRequired: Bool
    /// Whether OpenAI's reasoning-model rules apply to model names (`o3`, `gpt-5`).
    public var openAIModelRules: Bool
    /// One line for `offswitch models`.
    public var summary: String
    /// The output token cap when the user gives no `--max-tokens`: local servers get one, since a weak model can
    /// generate until its context is full (minutes on a CPU); hosted APIs keep their own default.
    public var defaultMaxTokens: Int? = nil

    /// Every preset, in the order `offswitch models` lists them.
    public static let all: [OpenAICompatiblePreset] = [
        OpenAICompatiblePreset(
            name: "openai", baseURL: OpenAIChatProvider.defaultBaseURL, keyVariable: "OPENAI_API_KEY",
            keyRequired: true,
            openAIModelRules: true, summary: "OpenAI Chat Completions (o3, o4-mini, gpt-5, gpt-4.1, ...)"),
        OpenAICompatiblePreset(
            name: "xai", baseURL: "https://api.x.ai/v1", keyVariable: "XAI_API_KEY", keyRequired: true,
            openAIModelRules: false, summary: "xAI Grok (grok-4, grok-3-mini, ...)"),
        OpenAICompatiblePreset(
            name: "openrouter", baseURL: "https://openrouter.ai/api/v1", keyVariable: "OPENROUTER_API_KEY",
            keyRequired: true, openAIModelRules: false, summary: "OpenRouter (vendor/model, e.g. openrouter/openai/o3)"),
        OpenAICompatiblePreset(
            name: "vllm", baseURL: "http://localhost:8000/v1", keyVariable: "VLLM_API_KEY", keyRequired: false,
            openAIModelRules: false, summary: "a local vLLM server", defaultMaxTokens: 4096),
        OpenAICompatiblePreset(
            name: "llamacpp", baseURL: "http://localhost:8080/v1", keyVariable: "LLAMACPP_API_KEY", keyRequired: false,
            openAIModelRules: false, summary: "a local llama.cpp server (llama-server, llama-cpp-python)",
            defaultMaxTokens: 1024),
        OpenAICompatiblePreset(
            name: "ollama", baseURL: "http://localhost:11434/v1", keyVariable: nil, keyRequired: false,
            openAIModelRules: false, summary: "a local Ollama server", defaultMaxTokens: 1024),
        OpenAICompatiblePreset(
            name: "openai-compatible", baseURL: nil, keyVariable: "OPENAI_COMPATIBLE_API_KEY", keyRequired: false,
            openAIModelRules: false, summary: "any OpenAI-compatible server; needs --base-url"),
    ]

    /// The preset called `name`, or nil.
    public static func named(_ name: String) -> OpenAICompatiblePreset? {
        all.first { $0.name == name }
    }
}
