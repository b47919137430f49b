/// Long text as the store keeps it and as pages show it: its head and its tail, with the number of bytes cut
/// from between them written where they were.
public enum StoredText {
    /// Bytes kept from the start of each stream of a command's output: the model sees at most
    /// ``AgentLoop/modelOutputLimit`` bytes of stderr then stdout, so this keeps all of what it saw and as much
    /// again of what it did not.
    public static let outputHead = 2 * AgentLoop.modelOutputLimit
    /// Bytes kept from the end of each stream of a command's output.
    public static let outputTail = 16 << 10
    /// Bytes kept from the start and from the end of a raw provider request or response body. A request repeats
    /// the whole conversation (which the transcript has as messages): its head holds the parameters, the prompts
    /// and the tools, its tail the turn it added.
    public static let exchangeEnd = 32 << 10

    /// `text` itself when it has at most `head + tail` UTF-8 bytes (plus the marker's length, so cutting always
    /// saves room); otherwise its first `head` and last `tail` bytes, each cut at a character boundary, around
    /// the marker `[... 8,372,224 bytes omitted ...]` on a line of its own.
    public static func excerpt(_ text: String, head: Int, tail: Int) -> String {
        precondition(head >= 0 && tail >= 0)
        let count = text.utf8.count
        guard count > head + tail + 64 else { return text }
        var text = text
        return text.withUTF8 { bytes in
            var end = head
            while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
            var start = count - tail
            while start < count && bytes[start] & 0xC0 == 0x80 { start += 1 }
            let first = String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
            let last = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<count]), as: UTF8.self)
            return first + "\n" + marker(omitted: start - end) + "\n" + last
        }
    }

    /// The marker written in place of `omitted` bytes.
    public static func marker(omitted: Int) -> String {
        "[... \(SandboxCommand.grouped(omitted)) bytes omitted ...]"
    }

    /// Bytes a page shows from the start and from the end of one text of an event (the viewer's trial page, the
    /// HTML report's transcripts): enough for all a new transcript stores of a command's output, while a text
    /// stored before it was bounded cannot make a page of hundreds of megabytes.
    public static let pageHead = 48 << 10
    public static let pageTail = 16 << 10

    /// One text of an event as a page shows it.
    public static func page(_ text: String) -> String { excerpt(text, head: pageHead, tail: pageTail) }

    /// One stream of a command's output as the transcript keeps it.
    public static func output(_ text: String) -> String { excerpt(text, head: outputHead, tail: outputTail) }
}

extension TranscriptEvent.Kind {
    /// The event as the transcript keeps it: a command's output and a raw exchange's bodies bounded (see
    /// ``StoredText``), everything else as it is.
    public var bounded: TranscriptEvent.Kind {
        switch self {
        case .command(var record):
            record.stdout = StoredText.output(record.stdout)
            record.stderr = StoredText.output(record.stderr)
            return .command(record)
        case .model(var call):
            if var exchange = call.exchange {
                exchange.request = StoredText.excerpt(
                    exchange.request, head: StoredText.exchangeEnd, tail: StoredText.exchangeEnd)
                exchange.response = StoredText.excerpt(
                    exchange.response, head: StoredText.exchangeEnd, tail: StoredText.exchangeEnd)
                call.exchange = exchange
            }
            return .model(call)
        case .message, .snapshot, .note:
            return self
        }
    }
}
