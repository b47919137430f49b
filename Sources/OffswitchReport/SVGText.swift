/// Text in a standalone SVG: an upper bound on its drawn width, line wrapping against that bound, and escaping
/// for XML.
///
/// An SVG cannot measure its own text, so the figure lays out against an estimate. The estimate uses the advance
/// widths of DejaVu Sans, the widest of the fonts the figure names (DejaVu Sans, Liberation Sans, Arial,
/// Helvetica), plus a margin, so a label placed by it is never wider than estimated in any of them.
enum SVGText {
    /// The fonts the figure asks for, widest first; the estimate below is for the first.
    static let fontFamily = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif"

    /// An upper bound on the width of `text` set at `size` pixels (bold adds 10%).
    static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        let ems = text.unicodeScalars.reduce(0.0) { $0 + advance($1) }
        return ems * size * (bold ? 1.1 : 1.0) * 1.05
    }

    /// The advance width of one character in DejaVu Sans, in ems (rounded up); 1 em for anything unlisted
    /// (CJK, symbols), which no Latin glyph exceeds.
    static func advance(_ scalar: Unicode.Scalar) -> Double {
        switch scalar {
        case "i", "j", "l", "'", ".", ",", " ", "I", "J": 0.32
        case "f", "t", "r", "(", ")", "[", "]", "-", "/", "\\", ":", ";", "|", "!": 0.42
        case "s", "c", "z", "_", "*", "\"": 0.56
        case "m", "M", "W", "%", "@": 1.0
        case "w", "+", "=", "<", ">", "~", "#", "&", "^": 0.84
        case "A"..."Z": 0.8
        case "a"..."z", "0"..."9", "$", "?", "{", "}": 0.64
        default: 1.0
        }
    }

    /// `text` broken into lines no wider than `limit` at `size`: after one of `breaks` (by default `/`, `-`, `_`,
    /// `.` or a space) where possible (the separator stays on the first line, a space is dropped), inside a word
    /// only when one word alone is too wide.
    static func wrap(_ text: String, limit: Double, size: Double, breakingAfter breaks: String = "/-_. ") -> [String] {
        var lines: [String] = []
        var line = ""
        for piece in pieces(text, breakingAfter: breaks) {
            let candidate = line + piece
            if width(candidate.trimmingTrailingSpaces, size: size) <= limit {
                line = candidate
                continue
            }
            if !line.isEmpty { lines.append(line.trimmingTrailingSpaces) }
            line = ""
            // A piece wider than a line on its own is cut where it must be.
            for character in piece.drop(while: { $0 == " " }) {
                if !line.isEmpty, width(line + String(character), size: size) > limit {
                    lines.append(line)
                    line = ""
                }
                line.append(character)
            }
        }
        if !line.trimmingTrailingSpaces.isEmpty || lines.isEmpty { lines.append(line.trimmingTrailingSpaces) }
        return lines
    }

    /// `text` cut after each break character, so the pieces joined give `text` back.
    static func pieces(_ text: String, breakingAfter breaks: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if breaks.contains(character) {
                pieces.append(current)
                current = ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// `text` escaped for XML content and attribute values; control characters XML 1.0 forbids become U+FFFD.
    static func escape(_ text: String) -> String {
        let escaped = HTML.escape(text)
        guard escaped.unicodeScalars.contains(where: isForbidden) else { return escaped }
        return String(String.UnicodeScalarView(escaped.unicodeScalars.map { isForbidden($0) ? "\u{FFFD}" : $0 }))
    }

    /// Whether XML 1.0 forbids the character even as a reference.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0xFFFE
            || scalar.value == 0xFFFF
    }
}

extension String {
    /// The string without trailing spaces.
    fileprivate var trimmingTrailingSpaces: String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
