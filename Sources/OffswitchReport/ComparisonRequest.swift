/// One pairwise comparison the user asked for: `modelA:condA vs modelB:condB`.
public struct ComparisonRequest: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// One side: a model address and a condition id.
    public struct Side: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
        /// The model's address, as in `openai/o3`.
        public var model: String
        /// The condition's id, as in `A`.
        public var condition: String

        /// Creates a side.
        ///
        /// - Parameters:
        ///   - model: The model's address.
        ///   - condition: The condition's id.
        public init(model: String, condition: String) {
            self.model = model
            self.condition = condition
        }

        /// `model:condition`.
        public var description: String { "\(model):\(condition)" }
    }

    /// The first group.
    public var first: Side
    /// The second group.
    public var second: Side

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - first: The first group.
    ///   - second: The second group.
    public init(first: Side, second: Side) {
        self.first = first
        self.second = second
    }

    /// Parses `modelA:condA vs modelB:condB` (the condition follows the last colon of each side).
    ///
    /// - Parameter text: The request as typed.
    /// - Throws: ``ReportError`` with code ``ReportError/Code/invalidComparison`` when the text is not of that form.
    public init(parsing text: String) throws {
        let parts = text.split(separator: " vs ", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw ReportError(
                .invalidComparison,
                "--compare '\(text)': expected 'model:condition vs model:condition', "
                    + "for example 'openai/o3:A vs openai/o3:B'")
        }
        func side(_ part: Substring) throws -> Side {
            let trimmed = part.trimmingSpaces
            guard let colon = trimmed.lastIndex(of: ":"), colon != trimmed.startIndex,
                trimmed.index(after: colon) != trimmed.endIndex
            else {
                throw ReportError(
                    .invalidComparison,
                    "--compare '\(text)': '\(trimmed)' needs a model and a condition as model:condition, "
                        + "for example openai/o3:A")
            }
            return Side(model: String(trimmed[..<colon]), condition: String(trimmed[trimmed.index(after: colon)...]))
        }
        self.init(first: try side(parts[0]), second: try side(parts[1]))
    }

    /// `modelA:condA vs modelB:condB`.
    public var description: String { "\(first) vs \(second)" }
}

extension Substring {
    /// The text without leading and trailing spaces.
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
