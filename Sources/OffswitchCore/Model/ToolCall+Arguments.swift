import Foundation

extension ToolCall {
    /// One argument of a tool call as a transcript shows it.
    public struct Argument: Sendable, Equatable {
        /// The argument's name (`cmd`, `thoughts`, `answer`, or whatever else the model sent).
        public var name: String
        /// A string argument's text as it is; any other value as compact JSON.
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The names shown first, in this order (the order `thoughtful_bash` and `submit` declare them); the rest
    /// follow by name, so a page never depends on the order a JSON parser returns keys in.
    static let leadingArguments = ["thoughts", "cmd", "command", "answer"]

    /// Every argument of the call, or nil when its arguments are not a JSON object (a model's malformed call is
    /// a value: pages then show the raw text).
    public var displayedArguments: [Argument]? {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(arguments.utf8)) as? [String: Any] else {
                return nil
            }
            object = parsed
        } catch {
            return nil
        }
        let ordered =
            Self.leadingArguments.filter { object[$0] != nil }
            + object.keys.filter { !Self.leadingArguments.contains($0) }.sorted()
        return ordered.map { name in
            let value = object[name] ?? NSNull()
            if let text = value as? String { return Argument(name: name, value: text) }
            return Argument(name: name, value: Self.json(value))
        }
    }

    /// A non-string JSON value as compact JSON text (`3`, `true`, `null`, `{"a":1}`).
    static func json(_ value: Any) -> String {
        do {
            let data = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])
            return String(decoding: data, as: UTF8.self)
        } catch {
            return String(describing: value)
        }
    }
}
