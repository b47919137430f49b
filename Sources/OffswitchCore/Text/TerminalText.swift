/// Text made safe to print on a terminal: stored data (ids, model names a provider reported, transcript text)
/// could carry control sequences or bidirectional overrides that rewrite or reorder what the reader sees.
public enum TerminalText {
    /// `text` with every control, format and separator character except newline and tab written as `<U+XXXX>`.
    ///
    /// - Parameter text: The text to print.
    /// - Returns: The text, unchanged when it has no such character.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isHidden($0) && $0 != "\n" && $0 != "\t" }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isHidden(scalar) && scalar != "\n" && scalar != "\t" {
                out.append(contentsOf: "<\(code(scalar))>".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Whether `scalar` is a control (C0, DEL, C1), format (bidirectional overrides and isolates, zero-width
    /// characters, the byte-order mark) or line/paragraph separator character.
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }

    /// `U+202E`.
    static func code(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
