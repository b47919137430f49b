public import OffswitchCore

/// Matches a model address to the names Palisade published under, loosely: `openai/o3` is "o3",
/// `anthropic/claude-3-7-sonnet-20250219` is "Claude 3.7 Sonnet", `xai/grok-4-0709` is "Grok 4".
public enum PublishedModelName {
    /// The key a model name is compared by: the part after the last `/`, lowercased, without a date or
    /// `-latest` suffix, letters and digits only.
    ///
    /// - Parameter name: A model address or a published name.
    /// - Returns: The key, as in `claude37sonnet`.
    public static func key(_ name: String) -> String {
        var base = Substring(name.lowercased())
        if let slash = base.lastIndex(of: "/") { base = base[base.index(after: slash)...] }
        var parts = base.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " || $0 == ":" || $0 == "@" })
        func isDigits(_ part: Substring, _ count: Int) -> Bool { part.count == count && part.allSatisfy(\.isNumber) }
        /// MMDD, as in xAI's `grok-4-0709`.
        func isMonthDay(_ part: Substring) -> Bool {
            guard isDigits(part, 4), let value = Int(part) else { return false }
            return (1...12).contains(value / 100) && (1...31).contains(value % 100)
        }
        while let last = parts.last, parts.count > 1 {
            if last == "latest" || isDigits(last, 8) || isMonthDay(last) {
                parts.removeLast()
            } else if parts.count > 3, isDigits(last, 2), isDigits(parts[parts.count - 2], 2),
                isDigits(parts[parts.count - 3], 4)
            {
                parts.removeLast(3)  // -YYYY-MM-DD
            } else {
                break
            }
        }
        if parts.count >= 2, parts[0] == "claude", ["4", "4.1"].contains(parts[1]), parts.count == 3 {
            // Older aliases put the version first: claude-4-sonnet is "Claude Sonnet 4".
            parts = [parts[0], parts[2], parts[1]]
        }
        return String(parts.joined().filter { $0.isLetter || $0.isNumber })
    }

    /// Whether `address` names the published model `published`.
    ///
    /// - Parameters:
    ///   - address: A model address, as in `openai/o3`.
    ///   - published: A published name, as in "o3".
    /// - Returns: Whether their keys are equal.
    public static func matches(_ address: String, published: String) -> Bool {
        key(address) == key(published)
    }

    /// The published numbers for a measured cell: same model (loosely), condition id and generation (a number
    /// without one, the robot paper's, matches on model and condition alone).
    ///
    /// - Parameters:
    ///   - model: The model's address.
    ///   - condition: The condition id.
    ///   - generation: The question environment's generation the cell ran in; nil for another environment.
    ///   - published: The published numbers to search; both papers' by default.
    /// - Returns: The matching published numbers, in the order given.
    public static func published(
        model: String, condition: String, generation: Generation?,
        in published: [PublishedResult] = PublishedResult.all
    ) -> [PublishedResult] {
        let wanted = key(model)
        return published.filter {
            ($0.generation == nil || $0.generation == generation) && $0.condition.uppercased() == condition.uppercased()
                && key($0.model) == wanted
        }
    }
}
