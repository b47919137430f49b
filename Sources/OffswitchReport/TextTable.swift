/// A plain-text table with aligned columns: what the terminal renderer prints.
package struct TextTable {
    /// The header row.
    package var header: [String]
    /// The body rows, each as long as the header.
    package var rows: [[String]] = []
    /// The columns aligned to the right (numbers).
    package var rightAligned: Set<Int> = []
    /// How many leading columns name a row (model, condition): a folded table repeats them in every part.
    package var keyColumns = 0

    package init(header: [String], rows: [[String]] = [], rightAligned: Set<Int> = [], keyColumns: Int = 0) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
        self.keyColumns = keyColumns
    }

    /// The table as lines: header, a rule, then the rows; columns two spaces apart, no trailing spaces.
    package func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            let cells = row.enumerated().map { index, text in
                let pad = String(repeating: " ", count: widths[index] - text.count)
                return rightAligned.contains(index) ? pad + text : text + pad
            }
            var text = cells.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        var lines = [line(header)]
        lines.append(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)))
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }

    /// The table fitted to `width` columns: as ``render()`` when it fits (or `width` is nil), otherwise folded into
    /// parts one below the other, a blank line apart, each repeating the key columns and taking as many of the
    /// other columns, in order, as fit. A single column wider than the window is left whole (the terminal wraps it).
    package func render(width: Int?) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        let total = widths.reduce(0, +) + 2 * (widths.count - 1)
        guard let width, total > width, keyColumns < header.count else { return render() }
        let keys = Array(0..<keyColumns)
        let keyWidth = keys.reduce(0) { $0 + widths[$1] + 2 }
        var parts: [[Int]] = []
        var current: [Int] = []
        var used = keyWidth
        for column in keyColumns..<header.count {
            if !current.isEmpty && used + widths[column] > width {
                parts.append(current)
                current = []
                used = keyWidth
            }
            current.append(column)
            used += widths[column] + 2
        }
        if !current.isEmpty { parts.append(current) }
        return parts.map { part in
            let columns = keys + part
            return TextTable(
                header: columns.map { header[$0] }, rows: rows.map { row in columns.map { row[$0] } },
                rightAligned: Set(columns.indices.filter { rightAligned.contains(columns[$0]) })
            ).render()
        }.joined(separator: "\n\n")
    }
}
