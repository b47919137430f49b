/// The output token caps and thinking budgets a request may carry.
///
/// The upper bounds lie beyond any model's today (the largest output caps are 128k tokens) and keep the
/// adapters' arithmetic on them (Anthropic's `max_tokens` above the budget) far from overflow.
public enum TokenLimits {
    /// `--max-tokens`: the output token cap of one call.
    public static let maxTokens: ClosedRange<Int> = 1...1_000_000
    /// `--thinking-budget`: Anthropic's minimum budget up to the largest cap.
    public static let thinkingBudget: ClosedRange<Int> = 1024...1_000_000
}
