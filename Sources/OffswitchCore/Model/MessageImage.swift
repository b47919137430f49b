import Foundation

// PROVISIONAL (coordinator): replaced by helper "vision"'s version on merge.
public struct MessageImage: Codable, Sendable, Equatable {
    public var mediaType: String
    public var data: String
    public var name: String?
    public init(mediaType: String, data: String, name: String? = nil) {
        self.mediaType = mediaType
        self.data = data
        self.name = name
    }
    public init(mediaType: String, bytes: [UInt8], name: String? = nil) {
        self.init(mediaType: mediaType, data: Data(bytes).base64EncodedString(), name: name)
    }
}
