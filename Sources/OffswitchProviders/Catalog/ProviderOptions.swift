package import OffswitchCore

/// The run-wide provider options the command line gives (`--base-url`, `--reasoning-effort`, ...), which every
/// catalog entry reads when it makes a model.
package struct ProviderOptions: Sendable {
    /// Overrides every HTTP provider's API root.
    package var baseURL: String?
    /// `reasoning_effort` for reasoning models (`low`, `medium`, `high`).
    package var reasoningEffort: String?
    /// `reasoning.summary` for OpenAI Responses reasoning models (`auto`, `concise`, `detailed`), nil for none.
    package var reasoningSummary: String? = "auto"
    /// The output token cap per call.
    package var maxTokens: Int?
    /// The thinking budget in tokens: Anthropic extended thinking and Gemini's `thinkingBudget`.
    package var thinkingBudget: Int?
    /// How long one model call may take.
    package var timeout: Duration = .seconds(600)
    /// The HTTP client model calls go through (`run` sizes one for its limits).
    package var client: ModelHTTPClient = .shared
    /// How transient failures are retried.
    package var retry = RetryPolicy()
    /// Calls in flight at once to one provider account, an API root and key (`--max-connections`).
    package var maxConnections = 10
    /// Whether models may, must or must not call a tool (`--tool-choice`); OpenAI wire formats only.
    package var toolChoice = ToolChoice.auto
    /// Whether prompt-cache hints are sent (`--no-prompt-cache` turns them off): Anthropic's `cache_control`
    /// breakpoints, OpenAI's `prompt_cache_key`. Gemini caches implicitly and takes no hint.
    package var promptCache = true
    /// Told of each retry wait (progress prints it).
    package var onWait: @Sendable (RetryWait) -> Void = { _ in }

    package init(
        baseURL: String? = nil, reasoningEffort: String? = nil, reasoningSummary: String? = "auto",
        maxTokens: Int? = nil, thinkingBudget: Int? = nil, timeout: Duration = .seconds(600),
        client: ModelHTTPClient = .shared, retry: RetryPolicy = RetryPolicy(), maxConnections: Int = 10,
        toolChoice: ToolChoice = .auto, promptCache: Bool = true,
        onWait: @escaping @Sendable (RetryWait) -> Void = { _ in }
    ) {
        self.baseURL = baseURL
        self.reasoningEffort = reasoningEffort
        self.reasoningSummary = reasoningSummary
        self.maxTokens = maxTokens
        self.thinkingBudget = thinkingBudget
        self.timeout = timeout
        self.client = client
        self.retry = retry
        self.maxConnections = maxConnections
        self.toolChoice = toolChoice
        self.promptCache = promptCache
        self.onWait = onWait
    }
}
