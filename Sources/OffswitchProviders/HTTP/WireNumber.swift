import Foundation
package import OffswitchCore

/// A number as a provider sent it, read without trusting it.
///
/// Providers (and the proxies in front of them) send token counts, error codes and delays as JSON numbers of
/// any size, as quoted strings, or as something else entirely. Converting such a value with `Int(double)`
/// traps when it is out of range; this type keeps what was sent and converts it only into a checked range
/// (``value(in:)``), so that every number off the wire becomes a value, a clamped value, or "not a number".
package enum WireNumber: Sendable, Equatable, Decodable, CustomStringConvertible {
    /// A JSON integer that fits in `Int`.
    case integer(Int)
    /// Any other finite JSON number: fractional, or beyond `Int`.
    case real(Double)
    /// A JSON string (some servers quote their numbers).
    case text(String)
    /// Anything else, described: `null`, a boolean, an array, an object, or a number no `Double` holds (`1e400`).
    case other(String)

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .other("null")
        } else if let value = Self.attempt(Int.self, container) {
            self = .integer(value)
        } else if let value = Self.attempt(Double.self, container) {
            self = .real(value)
        } else if let value = Self.attempt(String.self, container) {
            self = .text(value)
        } else if let value = Self.attempt(JSONValue.self, container) {
            self = .other(String(value.text.prefix(40)))
        } else {
            // JSONDecoder rejects a number beyond Double (`1e400`) in every form; it is still not worth failing
            // the whole answer over.
            self = .other("a number out of range")
        }
    }

    /// The value of `container` as `type`, or nil when it is of another kind (the caller tries the next kind).
    private static func attempt<T: Decodable>(_ type: T.Type, _ container: any SingleValueDecodingContainer) -> T? {
        do {
            return try container.decode(type)
        } catch {
            return nil  // a mismatch is the expected answer for every kind but one
        }
    }

    /// The number in an already decoded JSON value.
    package init(json: JSONValue) {
        switch json {
        case .int(let value):
            // As decoded from the wire: an integer that fits `Int` is one (on 64-bit platforms, every `Int64`).
            if let exact = Int(exactly: value) { self = .integer(exact) } else { self = .real(Double(value)) }
        case .double(let value):
            // Every integer up to 2^53 is exact in a Double, so the conversion is checked and cannot trap.
            if value.rounded(.towardZero) == value, abs(value) <= Self.exactDoubleLimit {
                self = .integer(Int(value))
            } else {
                self = .real(value)
            }
        case .string(let text): self = .text(text)
        default: self = .other(String(json.text.prefix(40)))
        }
    }

    /// The largest magnitude up to which every integer is exactly a `Double`.
    static let exactDoubleLimit = Double(1 << 53)

    /// The number as an integer in `range`, or nil when it is not a number at all.
    ///
    /// A value beyond the range gives the nearest bound and a fraction is cut toward zero; `exact` says whether
    /// the result is what was sent. A string counts when it is a JSON number in quotes (`"42"`, `"1e3"`), never
    /// `"NaN"`, `"inf"` or `"0x2A"`.
    /// - Parameter range: The acceptable values; its bounds are within ±2^53, so that comparing them with a
    ///   `Double` is exact.
    package func value(in range: ClosedRange<Int>) -> (value: Int, exact: Bool)? {
        precondition(
            Double(range.lowerBound).magnitude <= Self.exactDoubleLimit
                && Double(range.upperBound).magnitude <= Self.exactDoubleLimit,
            "a WireNumber range must lie within ±2^53")
        switch self {
        case .integer(let value):
            let clamped = min(max(value, range.lowerBound), range.upperBound)
            return (clamped, clamped == value)
        case .real(let value):
            return Self.integer(value, in: range)
        case .text(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard Self.isJSONNumber(trimmed) else { return nil }
            if let value = Int(trimmed) { return WireNumber.integer(value).value(in: range) }
            // A JSON number that is no Int: Double parses it finite, or ±infinity past Double (both handled).
            guard let value = Double(trimmed) else { return nil }
            return Self.integer(value, in: range)
        case .other:
            return nil
        }
    }

    /// `value` as an integer in `range`: NaN is nil, infinities and out-of-range values the nearest bound.
    private static func integer(_ value: Double, in range: ClosedRange<Int>) -> (value: Int, exact: Bool)? {
        guard !value.isNaN else { return nil }
        if value < Double(range.lowerBound) { return (range.lowerBound, false) }
        if value > Double(range.upperBound) { return (range.upperBound, false) }
        // Within bounds of at most 2^53 in magnitude: the conversion is exact and cannot trap.
        let whole = value.rounded(.towardZero)
        return (Int(whole), whole == value)
    }

    /// Whether `text` is a number in JSON's grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    static func isJSONNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        func digits() -> Int {
            let count = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let leadingZero = bytes.first == UInt8(ascii: "0")
        let whole = digits()
        guard whole > 0, !(leadingZero && whole > 1) else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// The value as sent, for messages and notes (a string quoted and cut to 40 characters).
    package var description: String {
        switch self {
        case .integer(let value): "\(value)"
        case .real(let value): "\(value)"
        case .text(let text): String(text.prefix(40)).debugDescription
        case .other(let text): text
        }
    }

    /// Whether the field was sent as `null`, which counts as absent.
    var isNull: Bool { self == .other("null") }
}
