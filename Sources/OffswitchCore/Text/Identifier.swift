/// The rules for names that become file names and terminal text: condition ids and model addresses.
///
/// A name is 1 to `maxLength` characters with no control, format (bidirectional overrides, zero-width
/// characters) or line-separator characters, and no `/` unless it may have one (a model address): such
/// characters would hide what a name says in a terminal, or reach a file name.
public enum Identifier {
    /// The longest condition id: ids become parts of file names, which have a limit of their own.
    public static let maxConditionLength = 64
    /// The longest model address (`provider/model`).
    public static let maxModelLength = 200

    /// What is wrong with `name` as a name, as a phrase, or nil when it is fine.
    ///
    /// - Parameters:
    ///   - name: The name.
    ///   - maxLength: The most characters it may have.
    ///   - allowingSlash: Whether `/` may appear (model addresses); never for a condition id.
    /// - Returns: "is empty", "is 10000 characters long (at most 64)", or "contains U+202E (...)", or nil.
    public static func problem(_ name: String, maxLength: Int, allowingSlash: Bool = false) -> String? {
        if name.isEmpty { return "is empty" }
        if name.count > maxLength { return "is \(name.count) characters long (at most \(maxLength))" }
        if let bad = name.unicodeScalars.first(where: { TerminalText.isHidden($0) }) {
            return "contains the invisible or control character \(TerminalText.code(bad))"
        }
        if !allowingSlash, name.contains("/") { return "contains '/'" }
        return nil
    }
}
