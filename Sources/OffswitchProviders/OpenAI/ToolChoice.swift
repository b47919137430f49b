import OffswitchCore

/// Whether the model may, must or must not call a tool: OpenAI's `tool_choice` (`--tool-choice`).
///
/// The default, `auto`, is what the paper ran. Forcing exists for weak local models, which rarely call a tool on
/// their own: vLLM and OpenAI honour `required`; llama-cpp-python's server only forces a named tool (`bash`),
/// which it then grammar-constrains to well-formed JSON.
public enum ToolChoice: Sendable, Equatable, CustomStringConvertible {
    /// The model decides.
    case auto
    /// The model must call some tool.
    case required
    /// The model must not call a tool (`none` on the wire).
    case forbidden
    /// The model must call the tool with this name.
    case tool(String)

    /// Parses `auto`, `required`, `none`, or a tool's name; nil for anything that is none of these.
    public init?(_ text: String) {
        switch text {
        case "auto": self = .auto
        case "required": self = .required
        case "none": self = .forbidden
        case let name where !name.isEmpty && name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }):
            self = .tool(name)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .auto: "auto"
        case .required: "required"
        case .forbidden: "none"
        case .tool(let name): name
        }
    }

    /// Throws when a forced tool is not among the tools offered (servers answer that with an opaque 400 or 500).
    /// - Throws: `ProviderError` `.badRequest`, naming the tools the condition offers.
    func check(offered tools: [ToolSpec], address: String) throws {
        guard case .tool(let name) = self, !tools.isEmpty, !tools.contains(where: { $0.name == name }) else { return }
        let names = tools.map(\.name).joined(separator: ", ")
        throw ProviderError(
            .badRequest, "\(address): --tool-choice \(name) names no tool this condition offers (\(names))")
    }

    /// The Chat Completions value: a string, or `{"type": "function", "function": {"name": ...}}`.
    var chatCompletionsValue: JSONValue {
        switch self {
        case .tool(let name):
            .object(["type": .string("function"), "function": .object(["name": .string(name)])])
        default: .string(description)
        }
    }

    /// The Responses API value: a string, or `{"type": "function", "name": ...}`.
    var responsesValue: JSONValue {
        switch self {
        case .tool(let name): .object(["type": .string("function"), "name": .string(name)])
        default: .string(description)
        }
    }
}
