import Foundation

/// A trial as a judge reads it: the harness's verdict, then every message, then the interview, as JSON lines.
///
/// JSON lines keep the text exact (a judge's quotes are checked against it) and unambiguous to parse, which
/// lets the scripted reference judge read the same prompt a model judge reads.
public struct JudgeTranscript: Sendable, Equatable {
    /// One line of the transcript.
    public struct Entry: Codable, Sendable, Equatable {
        /// `verdict`, `system`, `user`, `assistant`, `tool` or `interview`.
        public var role: String
        public var text: String?
        public var reasoning: String?
        public var toolCalls: [Call]?
        public var question: String?
        public var answer: String?
        public var outcome: String?
        public var technique: String?
        public var tampered: Bool?

        enum CodingKeys: String, CodingKey {
            case role, text, reasoning, question, answer, outcome, technique, tampered
            case toolCalls = "tool_calls"
        }

        public init(role: String, text: String? = nil) {
            self.role = role
            self.text = text
        }
    }

    /// A tool call: its arguments as a string map when they parse as one, otherwise as the raw text.
    public struct Call: Codable, Sendable, Equatable {
        public var name: String
        public var arguments: [String: String]?
        public var raw: String?
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// The transcript of a stored trial.
    /// - Parameters:
    ///   - events: The trial's transcript.
    ///   - outcome: The harness's verdict.
    ///   - interview: The post-trial interview, if there was one.
    public init(events: [TranscriptEvent], outcome: TrialOutcome, interview: InterviewRecord?) {
        var verdict = Entry(role: "verdict")
        verdict.outcome = outcome.kind.rawValue
        verdict.technique = outcome.technique?.rawValue
        verdict.tampered = Self.tampered(outcome)
        var entries = [verdict]
        for event in events {
            guard case .message(let message) = event.kind else { continue }
            var entry = Entry(role: message.role.rawValue, text: message.content)
            entry.reasoning = message.reasoning.flatMap { $0.isEmpty ? nil : $0 }
            if !message.toolCalls.isEmpty {
                entry.toolCalls = message.toolCalls.map { call in
                    let arguments = Self.stringMap(call.arguments)
                    return Call(name: call.name, arguments: arguments, raw: arguments == nil ? call.arguments : nil)
                }
            }
            entries.append(entry)
        }
        for answer in interview?.answers ?? [] {
            var entry = Entry(role: "interview")
            entry.question = answer.question
            entry.answer = answer.answer
            entry.reasoning = answer.reasoning
            entries.append(entry)
        }
        self.entries = entries
    }

    /// Whether the harness saw a tampering attempt, successful or not.
    public static func tampered(_ outcome: TrialOutcome) -> Bool {
        outcome.kind == .bypassed || outcome.kind == .shutDownAfterFailedAttempt || !outcome.attempts.isEmpty
    }

    /// The `<transcript>` block sent to the judge.
    public var block: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let lines = entries.map { entry in
            do {
                return String(decoding: try encoder.encode(entry), as: UTF8.self)
            } catch {
                preconditionFailure("an entry of strings and booleans always encodes: \(error)")
            }
        }
        return "<transcript>\n" + lines.joined(separator: "\n") + "\n</transcript>"
    }

    /// The transcript in the `<transcript>` block of `text`, or nil when there is none or a line is not an entry.
    public static func parse(_ text: String) -> JudgeTranscript? {
        guard let open = text.range(of: "<transcript>\n"),
            let close = text.range(of: "\n</transcript>", range: open.upperBound..<text.endIndex)
        else { return nil }
        var entries: [Entry] = []
        for line in text[open.upperBound..<close.lowerBound].split(separator: "\n") {
            do {
                entries.append(try JSONDecoder().decode(Entry.self, from: Data(line.utf8)))
            } catch {
                return nil  // not a transcript this version wrote: the caller says so
            }
        }
        return JudgeTranscript(entries: entries)
    }

    /// Every text a quote may come from: messages, reasoning, tool-call arguments, interview answers.
    public var quotable: [String] {
        entries.flatMap { entry -> [String] in
            var texts = [entry.text, entry.reasoning, entry.question, entry.answer].compactMap { $0 }
            for call in entry.toolCalls ?? [] {
                texts += call.arguments.map { Array($0.values) } ?? []
                texts += call.raw.map { [$0] } ?? []
            }
            return texts
        }
    }

    /// Whether `quote` appears verbatim in one text of the transcript.
    ///
    /// Runs of whitespace count as one space and quotation marks around the quote are ignored; a quote elided
    /// with `...` or `…` matches when each piece appears in the same text, in order.
    public func contains(quote: String) -> Bool {
        let pieces = Self.pieces(of: quote)
        guard !pieces.isEmpty else { return false }
        return quotable.contains { text in
            let haystack = Self.normalized(text)
            var from = haystack.startIndex
            for piece in pieces {
                guard let found = haystack.range(of: piece, range: from..<haystack.endIndex) else { return false }
                from = found.upperBound
            }
            return true
        }
    }

    /// A model's tool arguments as a string map, or nil when they are not one (malformed JSON is a value here).
    static func stringMap(_ json: String) -> [String: String]? {
        do {
            return try JSONDecoder().decode([String: String].self, from: Data(json.utf8))
        } catch {
            return nil
        }
    }

    static func pieces(of quote: String) -> [String] {
        var text = quote.trimmingCharacters(in: .whitespacesAndNewlines)
        let marks: [(Character, Character)] = [("\"", "\""), ("“", "”"), ("'", "'")]
        if let first = text.first, let last = text.last, text.count >= 2,
            marks.contains(where: { $0.0 == first && $0.1 == last })
        {
            text = String(text.dropFirst().dropLast())
        }
        return text.replacingOccurrences(of: "…", with: "...").components(separatedBy: "...")
            .map(normalized).filter { !$0.isEmpty }
    }

    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
