/// What one trial may store: its transcript (raw provider exchanges included) whole up to `trialBytes`, then
/// every later event with its long texts cut to their ends, after a note that says so.
///
/// Images count as the base64 text the event's JSON holds; past the cap a message's images are left out and its
/// text names them.
///
/// The transcript is already bounded per event as the agent loop records it (``TranscriptEvent/Kind/bounded``);
/// this is the cap over the whole trial, against what that leaves unbounded: many turns, long model messages,
/// large tool-call arguments, workspace snapshots full of small files. Nothing is dropped in silence: a cut text
/// keeps its ends and says how many bytes it lost, and an event that is still too large once cut is stored as a
/// note naming what it was and its size. A trial then stores at most `trialBytes` plus `eventBytes` per later
/// event (and the message limit bounds the events).
public struct TranscriptBudget: Sendable {
    /// The bytes of stored event bodies a trial keeps whole.
    public var trialBytes: Int
    /// Past the cap: bytes kept from each end of a longer text.
    public var cutEnd: Int
    /// Past the cap: the largest event body stored once its texts are cut; a larger one becomes a note.
    public var eventBytes: Int

    /// - Parameters:
    ///   - trialBytes: The bytes a trial keeps whole (16 MiB).
    ///   - cutEnd: Bytes kept from each end of a text past the cap (1 KiB).
    ///   - eventBytes: The largest event body stored past the cap (16 KiB).
    public init(trialBytes: Int = 16 << 20, cutEnd: Int = 1 << 10, eventBytes: Int = 16 << 10) {
        precondition(trialBytes > 0 && cutEnd > 0 && eventBytes > 4 * cutEnd)
        self.trialBytes = trialBytes
        self.cutEnd = cutEnd
        self.eventBytes = eventBytes
    }

    /// The events to store, each with its encoded body.
    ///
    /// - Parameters:
    ///   - events: The trial's transcript, in order.
    ///   - encode: How the store encodes one event (its size is what the budget counts).
    /// - Returns: The events as they are to be stored (the same ones while the trial is under the cap), with a
    ///   note where the cap was passed.
    /// - Throws: What `encode` throws.
    public func fit(
        _ events: [TranscriptEvent], encode: (TranscriptEvent) throws -> String
    ) rethrows -> [(event: TranscriptEvent, body: String)] {
        var out: [(event: TranscriptEvent, body: String)] = []
        out.reserveCapacity(events.count)
        var used = 0
        var capped = false
        for original in events {
            var event = original
            var body = try encode(event)
            if !capped && used + body.utf8.count > trialBytes {
                capped = true
                let note = TranscriptEvent(atMilliseconds: event.atMilliseconds, kind: .note(capNote))
                let noteBody = try encode(note)
                used += noteBody.utf8.count
                out.append((note, noteBody))
            }
            if capped && body.utf8.count > 4 * cutEnd {
                let size = body.utf8.count
                event.kind = event.kind.cut(keeping: cutEnd)
                body = try encode(event)
                if body.utf8.count > eventBytes {
                    event.kind = .note(
                        "[a \(event.kind.name) event of \(SandboxCommand.grouped(size)) bytes was not stored: "
                            + "it came after this trial's storage cap]")
                    body = try encode(event)
                }
            }
            used += body.utf8.count
            out.append((event, body))
        }
        return out
    }

    /// The note stored where the cap was passed.
    public var capNote: String {
        "storage cap: this trial's transcript passed \(SandboxCommand.grouped(trialBytes)) bytes here; from here "
            + "on every text is stored as its first and last \(SandboxCommand.grouped(cutEnd)) bytes"
    }
}

extension TranscriptEvent.Kind {
    /// The kind's name, as the store's `event.kind` column has it.
    public var name: String {
        switch self {
        case .message: "message"
        case .model: "model"
        case .command: "command"
        case .snapshot: "snapshot"
        case .note: "note"
        }
    }

    /// The event with every text longer than `2 * end` bytes cut to its ends (``StoredText/excerpt(_:head:tail:)``)
    /// and the contents of snapshot files longer than that left out (their sizes stay).
    func cut(keeping end: Int) -> TranscriptEvent.Kind {
        func cut(_ text: String) -> String { StoredText.excerpt(text, head: end, tail: end) }
        switch self {
        case .message(var message):
            message.content = cut(message.content)
            message.reasoning = message.reasoning.map(cut)
            message.toolCalls = message.toolCalls.map { call in
                var call = call
                call.arguments = cut(call.arguments)
                return call
            }
            if var data = message.providerData {
                data.json = cut(data.json)
                message.providerData = data
            }
            if !message.images.isEmpty {
                // An image cannot keep its ends; it is left out and the text says which ones were.
                let names = message.images.map { $0.name ?? $0.mediaType }.joined(separator: ", ")
                let bytes = message.images.reduce(0) { $0 + $1.byteCount }
                message.content +=
                    (message.content.isEmpty ? "" : "\n")
                    + "[\(message.images.count) image(s) of \(SandboxCommand.grouped(bytes)) bytes not stored, after "
                    + "this trial's storage cap: \(cut(names))]"
                message.images = []
            }
            return .message(message)
        case .model(var call):
            call.error = call.error.map(cut)
            if var exchange = call.exchange {
                exchange.request = cut(exchange.request)
                exchange.response = cut(exchange.response)
                call.exchange = exchange
            }
            return .model(call)
        case .command(var record):
            record.command = cut(record.command)
            record.stdout = cut(record.stdout)
            record.stderr = cut(record.stderr)
            return .command(record)
        case .snapshot(var snapshot):
            snapshot.entries = snapshot.entries.map { entry in
                var entry = entry
                if let contents = entry.contents, contents.count > 2 * end { entry.contents = nil }
                return entry
            }
            return .snapshot(snapshot)
        case .note(let text):
            return .note(cut(text))
        }
    }
}
