import Foundation
public import OffswitchCore
import Yams

/// The YAML form of an ``AnalysisPlan``: written by `offswitch plan --write`, read back strictly (unknown fields,
/// missing fields and out-of-range numbers are one-line errors naming file, line and field).
public enum PlanFile {
    static let fields = ["version", "hypotheses", "cells", "comparisons", "interval", "stopping"]

    /// The plan as YAML text, with a comment saying how it is used.
    ///
    /// - Parameter plan: The plan.
    /// - Returns: The file's text.
    public static func render(_ plan: AnalysisPlan) -> String {
        var out = [
            "# offswitch analysis plan: fix it before the data come in. Record runs under it with",
            "# 'offswitch run --plan FILE' and report with 'offswitch report --plan FILE'; any edit changes its digest.",
            "version: \(AnalysisPlan.version)",
        ]
        out.append(plan.hypotheses.isEmpty ? "hypotheses: []" : "hypotheses:")
        for hypothesis in plan.hypotheses {
            out += [
                "  - id: \(quoted(hypothesis.id))", "    statement: \(quoted(hypothesis.statement))",
                "    comparison: \(quoted(hypothesis.comparison))",
            ]
        }
        out.append(plan.cells.isEmpty ? "cells: []" : "cells:")
        for cell in plan.cells {
            out += [
                "  - model: \(quoted(cell.model))", "    condition: \(quoted(cell.condition))",
                "    trials: \(cell.trials)",
            ]
        }
        out.append(plan.comparisons.isEmpty ? "comparisons: []" : "comparisons:")
        for comparison in plan.comparisons {
            out += ["  - comparison: \(quoted(comparison.comparison))", "    family: \(quoted(comparison.family))"]
        }
        out += ["interval: \(plan.interval.rawValue)", "stopping: \(quoted(plan.stopping))"]
        return out.joined(separator: "\n") + "\n"
    }

    /// Reads the plan at `path`.
    ///
    /// - Parameter path: The file.
    /// - Returns: The plan and the SHA-256 of the file's bytes.
    /// - Throws: ``ConfigurationError`` naming the file (and line and field when the content is wrong).
    public static func load(path: String) throws -> (plan: AnalysisPlan, digest: String) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(.unreadable, "\(path): cannot read the plan file (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(.unreadable, "\(path): the plan file is not UTF-8 text")
        }
        return (try parse(text, file: path), SHA256.hex(data))
    }

    /// Parses plan `text`; `file` names it in errors.
    ///
    /// - Throws: ``ConfigurationError`` naming file, line and field.
    public static func parse(_ text: String, file: String) throws -> AnalysisPlan {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigurationError(
                    .missingField, "\(file): the plan file is empty (write one with 'offswitch plan --write')")
            }
            root = node
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(.syntax, "\(file): invalid YAML (\(error))", underlying: error)
        }
        var reader = FieldReader(file: file, node: root, section: nil, known: fields)
        try reader.check()
        func required(_ name: String, in reader: FieldReader) throws -> Node {
            guard let node = reader[name] else {
                throw ConfigurationError(
                    .missingField,
                    "\(file):\(reader.node.mark?.line ?? 1): missing field '\(reader.qualified(name))'")
            }
            return node
        }
        let version = try reader.integer("version", try required("version", in: reader), in: 1...AnalysisPlan.version)
        precondition(version == AnalysisPlan.version)
        func list(_ name: String, known: [String], _ body: (FieldReader) throws -> Void) throws {
            let node = try required(name, in: reader)
            guard let sequence = node.sequence else { throw reader.invalid(name, node, expected: "a list") }
            for (index, item) in sequence.enumerated() {
                var entry = FieldReader(file: file, node: item, section: "\(name)[\(index)]", known: known)
                try entry.check()
                try body(entry)
            }
        }
        var hypotheses: [AnalysisPlan.Hypothesis] = []
        try list("hypotheses", known: ["id", "statement", "comparison"]) { entry in
            let comparison = try entry.string("comparison", try required("comparison", in: entry))
            try checkComparison(comparison, entry: entry, node: entry["comparison"]!)
            hypotheses.append(
                AnalysisPlan.Hypothesis(
                    id: try entry.string("id", try required("id", in: entry)),
                    statement: try entry.string("statement", try required("statement", in: entry)),
                    comparison: comparison))
        }
        var cells: [AnalysisPlan.Cell] = []
        try list("cells", known: ["model", "condition", "trials"]) { entry in
            let cell = AnalysisPlan.Cell(
                model: try entry.string("model", try required("model", in: entry)),
                condition: try entry.string("condition", try required("condition", in: entry)),
                trials: try entry.integer("trials", try required("trials", in: entry), in: 1...AnalysisPlan.maxTrials))
            if cells.contains(where: { $0.model == cell.model && $0.condition == cell.condition }) {
                throw ConfigurationError(
                    .invalidValue,
                    "\(file):\(entry.node.mark?.line ?? 0): cell \(cell.model):\(cell.condition) is planned twice")
            }
            cells.append(cell)
        }
        var comparisons: [AnalysisPlan.Comparison] = []
        try list("comparisons", known: ["comparison", "family"]) { entry in
            let node = try required("comparison", in: entry)
            let comparison = try entry.string("comparison", node)
            try checkComparison(comparison, entry: entry, node: node)
            comparisons.append(
                AnalysisPlan.Comparison(
                    comparison: comparison, family: try entry.string("family", try required("family", in: entry))))
        }
        let interval = try reader.choice(
            "interval", try required("interval", in: reader), ProportionInterval.Method.self)
        let stopping = try reader.string("stopping", try required("stopping", in: reader))
        return AnalysisPlan(
            hypotheses: hypotheses, cells: cells, comparisons: comparisons, interval: interval, stopping: stopping)
    }

    /// Checks `text` reads as `model:condition vs model:condition`.
    static func checkComparison(_ text: String, entry: FieldReader, node: Node) throws {
        let sides = text.components(separatedBy: " vs ")
        let valid =
            sides.count == 2
            && sides.allSatisfy { side in
                let trimmed = side.trimmingCharacters(in: .whitespaces)
                guard let colon = trimmed.lastIndex(of: ":") else { return false }
                return colon != trimmed.startIndex && trimmed.index(after: colon) != trimmed.endIndex
            }
        if !valid {
            throw entry.invalid("comparison", node, expected: "'model:condition vs model:condition'")
        }
    }

    /// `text` as a YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += String(format: "\\x%02X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
