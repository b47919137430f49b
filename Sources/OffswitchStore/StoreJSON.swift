import Foundation

/// The one JSON form the store writes and reads: sorted keys, so equal values store as equal text.
enum StoreJSON {
    /// Encodes `value` as JSON text.
    static func encode<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            // Only a non-finite Double can fail here: a value the harness should never produce.
            throw StoreError(
                .write, "could not encode a \(Value.self) as JSON for the results store: \(error)", underlying: error)
        }
    }

    /// Decodes JSON text stored in `column`; a failure means the row is not what this version wrote.
    static func decode<Value: Decodable>(_ type: Value.Type, from text: String, column: String) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError(
                .corrupt,
                "the results store holds a \(column) value this version of offswitch cannot read (\(Value.self)); "
                    + "it was written by another version: use that version, or record the run again in a new directory",
                underlying: error)
        }
    }
}
