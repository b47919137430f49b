import OffswitchCore

/// Reads the token counts of one answer into `Usage.tokenRange`, noting every count it had to change.
///
/// A count that is absent is 0 (or nil where the count is optional) without a note: local servers often
/// report no usage. A count that is negative, beyond the range, fractional or not a number is recorded as
/// the nearest value in range (0 for what is no number), and the note says so; the adapter hands the notes
/// on in ``ModelOutput/notes`` and the agent loop puts them in the transcript.
package struct TokenCountReader: Sendable {
    /// Who answered, as the adapter names it in messages (`openai/o3 at https://api.openai.com`).
    package let provider: String
    /// One line for each count that was not recorded as sent.
    package private(set) var notes: [String] = []

    package init(provider: String) {
        self.provider = provider
    }

    /// `number` as a token count, 0 when it is absent.
    /// - Parameters:
    ///   - number: The value in the answer, or nil.
    ///   - field: Its name on the wire, for the note (`input_tokens`).
    package mutating func count(_ number: WireNumber?, field: String) -> Int {
        optionalCount(number, field: field) ?? 0
    }

    /// `number` as a token count, nil when it is absent or null.
    package mutating func optionalCount(_ number: WireNumber?, field: String) -> Int? {
        guard let number, !number.isNull else { return nil }
        guard let (value, exact) = number.value(in: Usage.tokenRange) else {
            notes.append("\(provider) reported \(field) = \(number), which is no count; recorded as 0")
            return 0
        }
        if !exact { notes.append("\(provider) reported \(field) = \(number); recorded as \(value)") }
        return value
    }

    /// `number` as a part of `whole` tokens (cache reads of the input), nil when it is absent or null; a part
    /// larger than what is left of the whole is recorded as what is left, with a note.
    /// - Parameters:
    ///   - number: The value in the answer, or nil.
    ///   - whole: What the part is a part of, less the parts already read.
    ///   - field: Its name on the wire, for the note (`cached_tokens`).
    package mutating func partCount(_ number: WireNumber?, of whole: Int, field: String) -> Int? {
        guard let value = optionalCount(number, field: field) else { return nil }
        guard value > whole else { return value }
        notes.append(
            "\(provider) reported \(field) = \(value), more than the \(whole) input tokens; recorded as \(whole)")
        return max(0, whole)
    }
}
