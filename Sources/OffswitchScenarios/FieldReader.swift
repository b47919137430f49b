import Yams

/// Reads the fields of one YAML mapping, with errors that name file, line and field.
struct FieldReader {
    let file: String
    let node: Node
    /// The enclosing field (`task`), for messages.
    let section: String?
    let known: [String]
    private var values: [String: Node] = [:]

    init(file: String, node: Node, section: String?, known: [String]) {
        self.file = file
        self.node = node
        self.section = section
        self.known = known
    }

    /// Checks the node is a mapping of known, unique fields.
    mutating func check() throws {
        guard let mapping = node.mapping else {
            throw ConfigurationError(
                .syntax,
                "\(file):\(node.mark?.line ?? 1): expected a mapping of fields (name: value), got a \(Self.kind(node))")
        }
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                throw ConfigurationError(.syntax, "\(file):\(key.mark?.line ?? 0): field names must be plain text")
            }
            guard known.contains(name) else {
                let hint = Self.closest(name, in: known).map { " (did you mean '\($0)'?)" } ?? ""
                throw ConfigurationError(
                    .unknownField,
                    "\(file):\(key.mark?.line ?? 0): unknown field '\(qualified(name))'\(hint); known fields: \(known.joined(separator: ", "))"
                )
            }
            guard values[name] == nil else {
                throw ConfigurationError(
                    .invalidValue, "\(file):\(key.mark?.line ?? 0): field '\(qualified(name))' appears twice")
            }
            values[name] = value
        }
    }

    subscript(name: String) -> Node? { values[name] }

    func qualified(_ name: String) -> String { section.map { "\($0).\(name)" } ?? name }

    func invalid(_ name: String, _ value: Node, expected: String) -> ConfigurationError {
        let got = value.scalar.map { "'\($0.string)'" } ?? "a \(Self.kind(value))"
        return ConfigurationError(
            .invalidValue,
            "\(file):\(value.mark?.line ?? 0): field '\(qualified(name))': expected \(expected), got \(got)")
    }

    func string(_ name: String, _ value: Node) throws -> String {
        guard let scalar = value.scalar else { throw invalid(name, value, expected: "text") }
        return scalar.string
    }

    func integer(_ name: String, _ value: Node, in range: ClosedRange<Int>) throws -> Int {
        guard let int = value.int, range.contains(int) else {
            throw invalid(name, value, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return int
    }

    func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ value: Node, _: T.Type) throws -> T
    where T.RawValue == String {
        guard let text = value.scalar?.string, let choice = T(rawValue: text) else {
            throw invalid(
                name, value, expected: "one of " + T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))
        }
        return choice
    }

    static func kind(_ node: Node) -> String {
        switch node {
        case .scalar: "value"
        case .mapping: "mapping"
        case .sequence: "list"
        case .alias: "alias"
        }
    }

    /// The known name closest to `name` (edit distance at most 3).
    static func closest(_ name: String, in known: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for (i, x) in a.enumerated() {
                var previous = row[0]
                row[0] = i + 1
                for (j, y) in b.enumerated() {
                    let current = row[j + 1]
                    row[j + 1] = min(row[j] + 1, current + 1, previous + (x == y ? 0 : 1))
                    previous = current
                }
            }
            return row[b.count]
        }
        let scored = known.map { ($0, distance(Array(name), Array($0))) }.min { $0.1 < $1.1 }
        return scored.flatMap { $0.1 <= 3 ? $0.0 : nil }
    }
}
