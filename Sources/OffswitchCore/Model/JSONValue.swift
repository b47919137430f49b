package import Foundation

/// Any JSON value, for the open-ended parts of what offswitch reads and writes: provider wire formats (tool
/// schemas, error bodies, batch lines) and export formats (Inspect's metadata, raw provider bodies).
///
/// Numbers keep the integer/real split the text had: an integer that fits `Int64` is ``int(_:)`` and is written
/// back exactly as it came (a Double would round it past 2^53); any other number is ``double(_:)``.
package enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    /// A whole number that fits `Int64` (written as `1.0` or `1e3` in the text, it is still an integer).
    case int(Int64)
    /// Any other finite number.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Each JSON kind is tried in turn (an integer before a real); the last, an object, reports the error
        // when none fits.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
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
        case .int(let value): try container.encode(value)
        case .double(let value):
            // Whole numbers go out as integers (`1000`, not `1000.0`): APIs validate token counts as integers.
            if value.rounded() == value, abs(value) < Self.exactDoubleLimit {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The magnitude below which every whole `Double` is exactly an integer (2^53).
    static let exactDoubleLimit: Double = 9_007_199_254_740_992

    /// The number `value`: an ``int(_:)`` when it is whole and exact, else a ``double(_:)``, so that a number
    /// equals the value its text decodes to (`.number(8000) == .int(8000)`).
    package static func number(_ value: Double) -> JSONValue {
        value.rounded() == value && abs(value) < exactDoubleLimit ? .int(Int64(value)) : .double(value)
    }

    /// The value of an optional: `.null` for nil.
    package static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// The value of an optional number: `.null` for nil.
    package static func optional(_ value: Int?) -> JSONValue { value.map { .int(Int64($0)) } ?? .null }

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

    /// The number as a `Double` (an integer beyond 2^53 rounded), or nil for any other kind of value.
    package var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// The value as compact JSON text, keys in no set order (what a provider is sent).
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

    /// The compact JSON text of this value, keys sorted (what an export writes, byte for byte repeatable).
    /// - Throws: `EncodingError` when the value holds a number that is not finite.
    package func data() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Parses `bytes` as JSON.
    /// - Throws: `DecodingError` when the bytes are not JSON.
    package static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// The JSON text `text` as a value, or nil when it is not JSON (a model's malformed tool arguments).
    package static func parsing(_ text: String) -> JSONValue? {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            return nil
        }
    }

    /// `value` as the JSON value its `Encodable` form is.
    /// - Throws: `EncodingError` when `value` cannot be encoded.
    package static func encoding(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(value))
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int64) { self = .int(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    package init(nilLiteral: ()) { self = .null }
}
