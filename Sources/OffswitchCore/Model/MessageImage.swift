public import Foundation

/// An image shown to the model inside a message: a camera frame in a user message or in a tool result.
///
/// Only the four types every vision API here accepts are allowed (JPEG, PNG, GIF, WebP), at most
/// ``maximumBytes`` decoded; an image outside that is refused where it enters (``init(mediaType:bytes:name:)``,
/// ``init(mediaType:base64:name:)`` and decoding), so an adapter, a transcript or a page never meets one.
public struct MessageImage: Codable, Sendable, Equatable {
    /// The media types an image may have.
    public static let mediaTypes: [String] = ["image/jpeg", "image/png", "image/gif", "image/webp"]
    /// The most bytes one image may have, decoded (8 MiB).
    public static let maximumBytes = 8 << 20
    /// The most images one message may carry.
    public static let maximumPerMessage = 16

    /// The image's media type, one of ``mediaTypes``.
    public private(set) var mediaType: String
    /// The image's bytes, base64 (standard alphabet, padded).
    public private(set) var data: String
    /// What the image shows or where it came from (`frame_03.jpg`); a page uses it as alt text.
    public var name: String?

    /// An image from its bytes.
    /// - Parameters:
    ///   - mediaType: One of ``mediaTypes``.
    ///   - bytes: The encoded image, at most ``maximumBytes``.
    ///   - name: What the image shows or its file name.
    /// - Throws: ``MessageImageError`` for another media type, no bytes or too many.
    public init(mediaType: String, bytes: some Collection<UInt8>, name: String? = nil) throws {
        try Self.check(mediaType: mediaType, byteCount: bytes.count, name: name)
        self.mediaType = mediaType
        self.data = Data(bytes).base64EncodedString()
        self.name = name
    }

    /// An image from its base64 text (as a data URL or a stored transcript carries it).
    /// - Parameters:
    ///   - mediaType: One of ``mediaTypes``.
    ///   - base64: The bytes, base64.
    ///   - name: What the image shows or its file name.
    /// - Throws: ``MessageImageError`` for another media type, text that is not base64, or too many bytes.
    public init(mediaType: String, base64: String, name: String? = nil) throws {
        // Checked before decoding, so a huge text is refused without being decoded.
        guard base64.utf8.count <= (Self.maximumBytes + 2) / 3 * 4 else {
            throw MessageImageError("image \(name ?? "") has more than \(Self.maximumBytes >> 20) MiB")
        }
        guard let bytes = Data(base64Encoded: base64) else {
            throw MessageImageError("image \(name ?? "") is not valid base64")
        }
        try Self.check(mediaType: mediaType, byteCount: bytes.count, name: name)
        self.mediaType = mediaType
        self.data = base64
        self.name = name
    }

    /// The decoded bytes.
    public var bytes: Data {
        // Every initializer checked that `data` decodes.
        Data(base64Encoded: data) ?? Data()
    }

    /// The decoded size in bytes, without decoding.
    public var byteCount: Int {
        let padding = data.utf8.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        return data.utf8.count / 4 * 3 - padding
    }

    /// The image as a `data:` URL (`data:image/jpeg;base64,...`), as OpenAI's APIs, Inspect and pages take it.
    public var dataURL: String { "data:\(mediaType);base64,\(data)" }

    /// An image from a `data:` URL of one of ``mediaTypes``, base64-encoded.
    /// - Throws: ``MessageImageError`` when the URL is not one or its image is refused.
    public init(dataURL: String, name: String? = nil) throws {
        guard dataURL.hasPrefix("data:"), let comma = dataURL.firstIndex(of: ",") else {
            throw MessageImageError("an image must be a data: URL")
        }
        let header = dataURL[dataURL.index(dataURL.startIndex, offsetBy: 5)..<comma]
        guard header.hasSuffix(";base64") else { throw MessageImageError("an image's data: URL must be base64") }
        let base64 = String(dataURL[dataURL.index(after: comma)...])
        try self.init(mediaType: String(header.dropLast(";base64".count)), base64: base64, name: name)
    }

    enum CodingKeys: String, CodingKey { case mediaType, data, name }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                mediaType: try container.decode(String.self, forKey: .mediaType),
                base64: try container.decode(String.self, forKey: .data),
                name: try container.decodeIfPresent(String.self, forKey: .name))
        } catch let error as MessageImageError {
            throw DecodingError.dataCorruptedError(forKey: .data, in: container, debugDescription: error.message)
        }
    }

    static func check(mediaType: String, byteCount: Int, name: String?) throws {
        let label = name.map { "image \($0)" } ?? "an image"
        guard mediaTypes.contains(mediaType) else {
            throw MessageImageError(
                "\(label) has media type \(mediaType.prefix(64)); only "
                    + "\(mediaTypes.joined(separator: ", ")) are allowed")
        }
        guard byteCount > 0 else { throw MessageImageError("\(label) is empty") }
        guard byteCount <= maximumBytes else {
            throw MessageImageError("\(label) has \(byteCount) bytes; at most \(maximumBytes >> 20) MiB are allowed")
        }
    }
}

/// An image that cannot go into a message: another media type, not base64, empty or too large.
public struct MessageImageError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, in one line.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
