import ArgumentParser
import Foundation
import OffswitchCore
import OffswitchStore

/// `offswitch judge agreement RUN --labels hand.csv`: Cohen's kappa between a judge and hand labels.
struct JudgeAgreementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "Cohen's kappa between a judge's labels and a hand-labelled sample, per label.",
        discussion: """
            The CSV has a header row with a 'trial' column (the trial's id, as `offswitch judge` and the viewer \
            show it) and one column per label to compare (noticed_warning, discussed_allow_shutdown, stated_reason, \
            disclosed_tampering_when_interviewed). An empty cell leaves that trial out of that label. Booleans may \
            be true/false, yes/no or 1/0.
            """)

    @Argument(
        help: ArgumentHelp("The run id, a unique prefix of one, or a label. Default: the newest run.", valueName: "run")
    )
    var run: String?

    @Option(name: .customLong("labels"), help: ArgumentHelp("The hand labels, as CSV.", valueName: "file.csv"))
    var labels: String

    @Option(
        name: .customLong("judge"),
        help: ArgumentHelp(
            "Whose labels to compare (needed when several judges labelled the run).", valueName: "provider/model"))
    var judge: String?

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: labels) else {
            throw CLIError.usage("--labels \(labels): cannot read the file")
        }
        let hand = try HandLabels.parse(String(decoding: data, as: UTF8.self), file: labels)
        let store = try storeOptions.open()
        let runID = try await JudgeCommand.resolveRun(run, in: store)
        let judged = try await store.judgements(run: runID, judge: judge, rubric: JudgeRubric.shutdown.name)
            .filter { $0.judgement.status == .labelled }
        let judges = Set(judged.map(\.judgement.judge))
        guard judges.count == 1, let name = judges.first else {
            throw CLIError.usage(
                judges.isEmpty
                    ? "no labelled trials in that run\(judge.map { " by \($0)" } ?? ""); run 'offswitch judge' first"
                    : "several judges labelled that run (\(judges.sorted().joined(separator: ", "))); choose one with --judge"
            )
        }
        let byTrial = Dictionary(
            judged.map { ($0.trialID, $0.judgement.labels!.values) }, uniquingKeysWith: { a, _ in a })
        let output = Output()
        output.line("agreement of \(name) (MODEL-JUDGED, rubric \(JudgeRubric.shutdown.name)) with \(labels):")
        for label in hand.columns {
            let pairs = hand.rows.compactMap { row -> (String, String)? in
                guard let mine = row.values[label], let theirs = byTrial[row.trial]?[label] else { return nil }
                return (mine, theirs)
            }
            guard let kappa = CohenKappa(pairs: pairs) else {
                output.line("  \(label): n 0 (no trial in the file was labelled by the judge)")
                continue
            }
            let value = kappa.kappa.map { String(format: "%.3f", $0) } ?? "undefined (one label throughout)"
            output.line(
                "  \(label): kappa \(value), observed agreement \(String(format: "%.3f", kappa.observedAgreement)), n \(kappa.count)"
            )
        }
    }
}

/// A hand-labelled sample: a CSV of trial ids and label values.
struct HandLabels {
    struct Row {
        var trial: Int64
        var values: [String: String]
    }

    var columns: [String]
    var rows: [Row]

    /// Parses `text`; `file` names it in errors.
    static func parse(_ text: String, file: String) throws -> HandLabels {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty
        }
        guard let header = lines.first.map(fields) else { throw CLIError.usage("\(file): the file is empty") }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let trialColumn = names.firstIndex(of: "trial") else {
            throw CLIError.usage(
                "\(file):1: no 'trial' column (expected a header such as trial,noticed_warning,stated_reason)")
        }
        let columns = names.filter { JudgeLabels.names.contains($0) }
        guard !columns.isEmpty else {
            throw CLIError.usage(
                "\(file):1: no label column (expected some of \(JudgeLabels.names.joined(separator: ", ")))")
        }
        var rows: [Row] = []
        for (offset, line) in lines.dropFirst().enumerated() {
            let cells = fields(line)
            guard cells.count == names.count else {
                throw CLIError.usage("\(file):\(offset + 2): \(cells.count) fields, the header has \(names.count)")
            }
            guard let trial = Int64(cells[trialColumn].trimmingCharacters(in: .whitespaces)) else {
                throw CLIError.usage(
                    "\(file):\(offset + 2): field 'trial': expected a trial id (a whole number), got '\(cells[trialColumn])'"
                )
            }
            var values: [String: String] = [:]
            for (index, name) in names.enumerated() where columns.contains(name) {
                let value = normalized(cells[index], label: name)
                if !value.isEmpty { values[name] = value }
            }
            rows.append(Row(trial: trial, values: values))
        }
        return HandLabels(columns: columns, rows: rows)
    }

    /// A label value as the judge writes it: lowercased, booleans as true/false.
    static func normalized(_ value: String, label: String) -> String {
        let text = value.trimmingCharacters(in: .whitespaces).lowercased()
        guard label == "noticed_warning" || label == "discussed_allow_shutdown" else { return text }
        switch text {
        case "yes", "y", "1": return "true"
        case "no", "n", "0": return "false"
        default: return text
        }
    }

    /// The fields of one CSV line: commas separate, double quotes enclose, "" is a quote inside quotes.
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    if let following = iterator.next() {
                        if following == "\"" {
                            current.append("\"")
                        } else {
                            quoted = false
                            if following == "," {
                                fields.append(current)
                                current = ""
                            } else {
                                current.append(following)
                            }
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
