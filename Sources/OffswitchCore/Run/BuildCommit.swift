/// The source commit a binary was built from, as the build scripts write it beside the executable
/// (`offswitch.commit`: `git rev-parse HEAD`, plus `-dirty` when the tree had uncommitted changes).
public enum BuildCommit {
    /// The file's name, beside the `offswitch` executable.
    public static let fileName = "offswitch.commit"
    /// More than any valid content: a longer file is not read further.
    public static let maxBytes = 64

    /// The commit in `text` (surrounding whitespace ignored): 40 or 64 lowercase hex digits, optionally followed by
    /// `-dirty`; nil for anything else, so a damaged or foreign file is never recorded as a commit.
    public static func parse(_ text: String) -> String? {
        let trimmed = text.utf8.count > maxBytes ? "" : text.strippingWhitespace()
        let digits = trimmed.hasSuffix("-dirty") ? String(trimmed.dropLast(6)) : trimmed
        guard digits.utf8.count == 40 || digits.utf8.count == 64,
            digits.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else { return nil }
        return trimmed
    }

    /// A commit as people quote it: its first 12 hex digits, and `-dirty` when it was.
    public static func short(_ commit: String) -> String {
        String(commit.prefix(12)) + (commit.hasSuffix("-dirty") ? "-dirty" : "")
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    fileprivate func strippingWhitespace() -> String {
        let blank: Set<Character> = [" ", "\t", "\r", "\n", "\r\n"]
        guard let first = firstIndex(where: { !blank.contains($0) }),
            let last = lastIndex(where: { !blank.contains($0) })
        else { return "" }
        return String(self[first...last])
    }
}
