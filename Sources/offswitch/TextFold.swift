/// Prose folded at spaces to a terminal width: the one word-wrapping rule of the command line's text.
enum TextFold {
    /// `text` folded into lines of at most `width` columns at spaces, each indented by `indent`. A word longer than
    /// a line is cut into pieces when `cutLongWords`, else it stays whole on a line of its own.
    static func lines(_ text: String, width: Int, indent: Int = 0, cutLongWords: Bool) -> [String] {
        let room = max(1, width - indent)
        let margin = String(repeating: " ", count: indent)
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            var word = Substring(word)
            while cutLongWords && word.count > room {
                if !line.isEmpty {
                    lines.append(margin + line)
                    line = ""
                }
                lines.append(margin + word.prefix(room))
                word = word.dropFirst(room)
            }
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= room {
                line += " " + word
            } else {
                lines.append(margin + line)
                line = String(word)
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(margin + line) }
        return lines
    }
}
