/// Byte ranges of values inside a JSON document, so that provider items can be replayed byte for byte.
///
/// Decoding and re-encoding would reorder keys and reformat numbers; the OpenAI Responses API's reasoning
/// items must go back exactly as they came, so the adapter slices them out of the answer instead. The input
/// must already be known to be valid JSON (the adapter decodes it first); on anything unexpected these
/// functions return nil rather than guess.
enum RawJSON {
    /// The raw text of the member `key` of the top-level object (a batch result's answer, kept byte for byte).
    static func member(_ key: String, in bytes: some Collection<UInt8>) -> [UInt8]? {
        let bytes = Array(bytes)
        guard let start = valueStart(ofMember: key, in: bytes), let end = endOfValue(bytes, from: start) else {
            return nil
        }
        return Array(bytes[start..<end])
    }

    /// The raw text of each element of the array that is the member `key` of the top-level object.
    static func elements(ofMember key: String, in bytes: [UInt8]) -> [ArraySlice<UInt8>]? {
        guard let start = valueStart(ofMember: key, in: bytes), bytes[start] == UInt8(ascii: "[") else { return nil }
        return elements(ofArrayAt: start, in: bytes)
    }

    /// Where the value of the top-level object's member `key` starts (its first byte, in bounds), or nil.
    private static func valueStart(ofMember key: String, in bytes: [UInt8]) -> Int? {
        var index = skipWhitespace(bytes, from: 0)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index = skipWhitespace(bytes, from: index + 1)
        let wanted = Array(key.utf8)
        while index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            guard let keyEnd = endOfString(bytes, from: index) else { return nil }
            let name = bytes[(index + 1)..<(keyEnd - 1)]
            index = skipWhitespace(bytes, from: keyEnd)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index = skipWhitespace(bytes, from: index + 1)
            guard index < bytes.count else { return nil }
            if name.elementsEqual(wanted) { return index }
            guard let valueEnd = endOfValue(bytes, from: index) else { return nil }
            index = skipWhitespace(bytes, from: valueEnd)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return nil }
            index = skipWhitespace(bytes, from: index + 1)
        }
        return nil
    }

    /// The raw text of each element of the top-level array.
    static func elements(ofArray bytes: [UInt8]) -> [ArraySlice<UInt8>]? {
        let start = skipWhitespace(bytes, from: 0)
        guard start < bytes.count, bytes[start] == UInt8(ascii: "[") else { return nil }
        return elements(ofArrayAt: start, in: bytes)
    }

    private static func elements(ofArrayAt start: Int, in bytes: [UInt8]) -> [ArraySlice<UInt8>]? {
        var result: [ArraySlice<UInt8>] = []
        var index = skipWhitespace(bytes, from: start + 1)
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { return result }
        while index < bytes.count {
            guard let end = endOfValue(bytes, from: index) else { return nil }
            result.append(bytes[index..<end])
            index = skipWhitespace(bytes, from: end)
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "]") { return result }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index = skipWhitespace(bytes, from: index + 1)
        }
        return nil
    }

    /// The index just past the value starting at `start`.
    private static func endOfValue(_ bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return endOfString(bytes, from: start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard let end = endOfString(bytes, from: index) else { return nil }
                    index = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default:
                    break
                }
                index += 1
            }
            return nil
        default:
            var index = start
            while index < bytes.count, !isDelimiter(bytes[index]) { index += 1 }
            return index
        }
    }

    /// The index just past the closing quote of the string starting at `start`.
    private static func endOfString(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return nil
    }

    private static func skipWhitespace(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count, isWhitespace(bytes[index]) { index += 1 }
        return index
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\t")
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        isWhitespace(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
    }
}
