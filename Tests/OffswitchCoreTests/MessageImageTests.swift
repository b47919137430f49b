import Foundation
import OffswitchCore
import Testing

/// Images in the neutral message model: bounded where they enter, absent from the JSON of a message without any
/// (issue 16, item 3).
@Suite("Message images")
struct MessageImageTests {
    /// The 8 bytes every PNG starts with, then a few more: enough to stand for an image here.
    static let pngBytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]

    static func encoded(_ value: some Encodable, sorted: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        if sorted { encoder.outputFormatting = [.sortedKeys] }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test("a message without images encodes exactly as before images existed")
    func noImagesUnchanged() throws {
        let message = ChatMessage(
            role: .assistant, content: "ok", toolCalls: [ToolCall(id: "c1", name: "bash", arguments: #"{"cmd":"ls"}"#)],
            reasoning: "think")
        #expect(
            try Self.encoded(message, sorted: true)
                == #"{"content":"ok","reasoning":"think","role":"assistant","#
                + #""toolCalls":[{"arguments":"{\"cmd\":\"ls\"}","id":"c1","name":"bash"}]}"#)
        #expect(
            try Self.encoded(ChatMessage.tool("out", callID: "c1"), sorted: true)
                == #"{"content":"out","role":"tool","toolCallID":"c1","toolCalls":[]}"#)
        // A stored message from before images decodes with none.
        let old = Data(#"{"role":"user","content":"hi","toolCalls":[]}"#.utf8)
        #expect(try JSONDecoder().decode(ChatMessage.self, from: old) == .user("hi"))
    }

    @Test("a message with images round-trips through JSON")
    func roundTrip() throws {
        let image = try MessageImage(mediaType: "image/png", bytes: Self.pngBytes, name: "frame_01.png")
        let message = ChatMessage.tool("Moved forward.", callID: "c2", images: [image])
        let json = try Self.encoded(message, sorted: true)
        #expect(
            json == #"{"content":"Moved forward.","images":[{"data":"iVBORw0KGgoAAAAN","mediaType":"image\/png","#
                + #""name":"frame_01.png"}],"role":"tool","toolCallID":"c2","toolCalls":[]}"#)
        #expect(try JSONDecoder().decode(ChatMessage.self, from: Data(json.utf8)) == message)
        #expect(image.bytes == Data(Self.pngBytes))
        #expect(image.byteCount == Self.pngBytes.count)
        #expect(image.dataURL == "data:image/png;base64,iVBORw0KGgoAAAAN")
        #expect(try MessageImage(dataURL: image.dataURL, name: "frame_01.png") == image)
    }

    @Test("the decoded size is known from the base64 text for every padding")
    func byteCountFromText() throws {
        for count in 1...7 {
            let image = try MessageImage(mediaType: "image/jpeg", bytes: [UInt8](repeating: 0xFF, count: count))
            #expect(image.byteCount == count)
        }
    }

    @Test(
        "an image of another type, not base64, empty or too large is refused where it enters",
        arguments: [
            ("image/bmp", "AAAA", "media type image/bmp"),
            ("text/html", "AAAA", "only image/jpeg, image/png, image/gif, image/webp"),
            ("image/png", "not base64!", "not valid base64"),
            ("image/png", "", "empty"),
        ])
    func refused(mediaType: String, base64: String, expected: String) throws {
        let error = try #require(throws: MessageImageError.self) {
            try MessageImage(mediaType: mediaType, base64: base64, name: "x")
        }
        #expect(error.message.contains(expected))
        // The same refusal when the image comes in as JSON (a stored transcript, a recording to replay).
        let json =
            #"{"role":"user","content":"","toolCalls":[],"images":[{"mediaType":"\#(mediaType)","data":"\#(base64)"}]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ChatMessage.self, from: Data(json.utf8)) }
    }

    @Test("one image may have at most 8 MiB and one message at most 16 images")
    func bounds() throws {
        let largest = [UInt8](repeating: 7, count: MessageImage.maximumBytes)
        let image = try MessageImage(mediaType: "image/jpeg", bytes: largest)
        #expect(image.byteCount == MessageImage.maximumBytes)
        #expect(throws: MessageImageError.self) {
            try MessageImage(mediaType: "image/jpeg", bytes: largest + [7])
        }
        #expect(throws: MessageImageError.self) {
            try MessageImage(mediaType: "image/jpeg", base64: String(repeating: "A", count: 12 << 20))
        }
        let small = try MessageImage(mediaType: "image/gif", bytes: [1, 2, 3])
        let many = ChatMessage.user("look", images: Array(repeating: small, count: MessageImage.maximumPerMessage + 1))
        let json = try Self.encoded(many)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ChatMessage.self, from: Data(json.utf8)) }
        let allowed = ChatMessage.user("look", images: Array(repeating: small, count: MessageImage.maximumPerMessage))
        #expect(try JSONDecoder().decode(ChatMessage.self, from: Data(Self.encoded(allowed).utf8)) == allowed)
    }

    @Test("images count toward a trial's storage cap; past it they are left out and the text names them")
    func storageCap() throws {
        let frame = try MessageImage(
            mediaType: "image/jpeg", bytes: [UInt8](repeating: 0xAB, count: 300_000), name: "frame_07.jpg")
        let events = (0..<60).map { index in
            TranscriptEvent(
                atMilliseconds: index,
                kind: .message(.tool("step \(index)", callID: "c\(index)", images: [frame, frame])))
        }
        let budget = TranscriptBudget(trialBytes: 4 << 20, cutEnd: 1000, eventBytes: 8000)
        let fitted = try budget.fit(events) { try Self.encoded($0, sorted: true) }
        let total = fitted.reduce(0) { $0 + $1.body.utf8.count }
        #expect(total <= budget.trialBytes + events.count * budget.eventBytes)
        let kept = fitted.filter {
            if case .message(let message) = $0.event.kind { return !message.images.isEmpty }
            return false
        }
        // Each event holds 800,000 base64 bytes: five fit under 4 MiB, then the cap.
        #expect(kept.count == 5)
        #expect(fitted.contains { $0.event.kind == .note(budget.capNote) })
        guard case .message(let last) = fitted.last?.event.kind else {
            Issue.record("the last event is not a message")
            return
        }
        #expect(last.images.isEmpty)
        #expect(
            last.content == "step 59\n[2 image(s) of 600,000 bytes not stored, after this trial's storage cap: "
                + "frame_07.jpg, frame_07.jpg]")
    }
}
