import Foundation

/// Any JSON value, for the parts of provider wire formats that are open-ended (tool schemas, error bodies).
package enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Each JSON kind is tried in turn; the last, an object, reports the error when none fits.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            // Whole numbers go out as integers (`1000`, not `1000.0`): APIs validate token counts as integers.
            if value.rounded() == value, abs(value) < 9_007_199_254_740_992 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The member `key` of an object, or nil.
    package subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The string, or nil for any other kind of value.
    package var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// Whether the value is an object.
    package var isObject: Bool {
        if case .object = self { return true }
        return false
    }

    /// The number, or nil for any other kind of value.
    package var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The value as compact JSON text.
    package var text: String {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        } catch {
            // Only a non-finite number fails to encode, and decoded JSON never holds one.
            preconditionFailure("JSONValue could not be encoded: \(error)")
        }
    }

    /// Parses `bytes` as JSON.
    /// - Throws: `DecodingError` when the bytes are not JSON.
    package static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }
}
