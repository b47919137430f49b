/// A plain-text table with aligned columns: what the terminal renderer prints.
struct TextTable {
    /// The header row.
    var header: [String]
    /// The body rows, each as long as the header.
    var rows: [[String]] = []
    /// The columns aligned to the right (numbers).
    var rightAligned: Set<Int> = []

    /// The table as lines: header, a rule, then the rows; columns two spaces apart, no trailing spaces.
    func render() -> String {
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
}
