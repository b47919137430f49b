/// The model settings a run sends to every model (`--base-url`, `--reasoning-effort`, ...), as recorded with it.
///
/// Every setting here is part of the run's id and of what must be equal for two runs' trials to pool into one
/// report row (``CellConfiguration``). A setting left at the provider's default is absent from ``recorded``, so
/// the ids of runs begun before a setting existed do not move.
public struct ModelSettings: Sendable, Equatable {
    /// The API root every HTTP provider is sent to instead of its own; nil for the provider's.
    public var baseURL: String?
    /// `reasoning_effort` for reasoning models; nil for the provider's default.
    public var reasoningEffort: String?
    /// The output token cap per model call; nil for the provider's.
    public var maxTokens: Int?
    /// The thinking budget in tokens (Anthropic, Gemini); nil for the provider's.
    public var thinkingBudget: Int?
    /// The reasoning summaries asked of the OpenAI Responses API; nil for the default (`auto`).
    public var reasoningSummary: String?
    /// Whether models may, must or must not call a tool; nil for the default (`auto`).
    public var toolChoice: String?
    /// Whether requests carry prompt-cache hints (Anthropic `cache_control`, OpenAI `prompt_cache_key`). Caching
    /// changes what a call costs, never what the model is given, so the default (on) is not recorded and runs begun
    /// before hints existed keep their ids; off (`--no-prompt-cache`, an exact replica of an uncached setup) is
    /// recorded as `prompt_cache=off`.
    public var promptCache: Bool

    /// Creates model settings; every one defaults to the provider's own.
    ///
    /// - Parameters:
    ///   - baseURL: The API root, or nil for the provider's.
    ///   - reasoningEffort: The reasoning effort, or nil.
    ///   - maxTokens: The output token cap, or nil.
    ///   - thinkingBudget: The thinking budget, or nil.
    ///   - reasoningSummary: The reasoning summary setting, or nil for `auto`.
    ///   - toolChoice: The tool choice, or nil for `auto`.
    ///   - promptCache: Whether prompt-cache hints are sent (the default).
    public init(
        baseURL: String? = nil, reasoningEffort: String? = nil, maxTokens: Int? = nil, thinkingBudget: Int? = nil,
        reasoningSummary: String? = nil, toolChoice: String? = nil, promptCache: Bool = true
    ) {
        self.promptCache = promptCache
        self.baseURL = baseURL
        self.reasoningEffort = reasoningEffort
        self.maxTokens = maxTokens
        self.thinkingBudget = thinkingBudget
        self.reasoningSummary = reasoningSummary
        self.toolChoice = toolChoice
    }

    /// The settings as the run records them (`reasoning_effort=high`, ...), in a fixed order; empty when every
    /// setting is the provider's default. This order is part of the run id: never reorder it.
    public var recorded: [String] {
        [
            baseURL.map { "base_url=\($0)" }, reasoningEffort.map { "reasoning_effort=\($0)" },
            maxTokens.map { "max_tokens=\($0)" }, thinkingBudget.map { "thinking_budget=\($0)" },
            reasoningSummary.map { "reasoning_summary=\($0)" }, toolChoice.map { "tool_choice=\($0)" },
            promptCache ? nil : "prompt_cache=off",
        ].compactMap { $0 }
    }

    /// How a reader sees one recorded setting: `effort high` for `reasoning_effort=high`.
    ///
    /// - Parameter setting: A recorded setting, `name=value`.
    /// - Returns: Its label; an unknown name is shown as recorded.
    public static func label(_ setting: String) -> String {
        let (name, value) = split(setting)
        guard let value, let title = titles[name] else { return setting }
        return "\(title) \(value)"
    }

    /// The labels of recorded settings, or "provider defaults" when there are none.
    ///
    /// - Parameter recorded: The recorded settings.
    /// - Returns: One phrase, as in `effort high, max tokens 64`.
    public static func summary(_ recorded: [String]) -> String {
        recorded.isEmpty ? "provider defaults" : recorded.map(label).joined(separator: ", ")
    }

    /// The labels of the settings in which `lhs` differs from `rhs`, from `lhs`'s side: `effort high`, or
    /// `effort default` for a setting only `rhs` sets.
    ///
    /// - Parameters:
    ///   - lhs: One run's recorded settings.
    ///   - rhs: Another run's recorded settings.
    /// - Returns: The differing settings as `lhs` has them, in recorded order.
    public static func differences(_ lhs: [String], _ rhs: [String]) -> [String] {
        let left = Dictionary(lhs.map(split), uniquingKeysWith: { first, _ in first })
        let right = Dictionary(rhs.map(split), uniquingKeysWith: { first, _ in first })
        var names: [String] = []
        for name in (lhs + rhs).map({ split($0).name }) where !names.contains(name) { names.append(name) }
        return names.compactMap { name in
            guard left[name] != right[name] else { return nil }
            let title = titles[name] ?? name
            return "\(title) " + ((left[name] ?? nil) ?? "default")
        }
    }

    /// A recorded setting's name and value.
    static func split(_ setting: String) -> (name: String, value: String?) {
        guard let equals = setting.firstIndex(of: "=") else { return (setting, nil) }
        return (String(setting[..<equals]), String(setting[setting.index(after: equals)...]))
    }

    /// Short titles of the recorded names.
    static let titles = [
        "base_url": "base URL", "reasoning_effort": "effort", "max_tokens": "max tokens",
        "thinking_budget": "thinking budget", "reasoning_summary": "reasoning summary", "tool_choice": "tool choice",
        "prompt_cache": "prompt cache",
    ]
}
