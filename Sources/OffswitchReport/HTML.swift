/// HTML text helpers: every string that reaches the HTML report goes through ``escape(_:)``.
package enum HTML {
    /// `text` escaped for HTML element content and quoted attribute values.
    ///
    /// `&`, `<`, `>`, `"` and `'` become character references, so a transcript that prints `<script>` shows
    /// as text; NUL (which HTML forbids) becomes U+FFFD.
    package static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{0}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// An element with escaped text content: `<tag class="...">text</tag>`.
    package static func element(_ tag: String, _ text: String, class name: String? = nil) -> String {
        let attribute = name.map { " class=\"\(escape($0))\"" } ?? ""
        return "<\(tag)\(attribute)>\(escape(text))</\(tag)>"
    }

    /// A token safe for an `id` or a fragment: letters, digits, `-` and `_`; anything else becomes `-`.
    package static func identifier(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" })
    }
}
