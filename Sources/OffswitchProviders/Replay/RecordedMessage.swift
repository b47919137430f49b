import Foundation
import OffswitchCore

/// Reads recorded messages, whichever of the shapes replay accepts they come in: offswitch's export
/// (`tool_calls` of `{id, name, arguments: "<json text>"}`), Inspect's (`content` as a list of parts,
/// `tool_calls` of `{id, function: "<name>", arguments: {...}}`) and OpenAI's, as LiteLLM logs it
/// (`{id, function: {name, arguments: "<json text>"}}`).
enum RecordedMessage {
    /// The assistant turn of `message`, or nil when it is another role's message.
    ///
    /// - Parameters:
    ///   - message: One element of a recording's `messages`.
    ///   - place: Where it is, for errors (`run.jsonl line 3, message 4`).
    /// - Throws: ``ReplayError`` when the message is not an object or a field has the wrong type.
    static func turn(_ message: JSONValue, at place: String) throws -> RecordedTurn? {
        guard case .object(let fields) = message else { throw ReplayError("\(place): a message must be a JSON object") }
        guard let role = fields["role"]?.string else {
            throw ReplayError("\(place): a message needs a \"role\" (system, user, assistant or tool)")
        }
        guard role == "assistant" else { return nil }
        var content = ""
        var reasoning = fields["reasoning"]?.string
        switch fields["content"] {
        case .string(let text): content = text
        case .array(let parts):
            // Inspect's content parts: text parts join into the content, reasoning parts into the reasoning.
            var texts: [String] = []
            var thoughts: [String] = []
            for part in parts {
                switch part["type"]?.string {
                case "text": texts.append(part["text"]?.string ?? "")
                case "reasoning": thoughts.append(part["reasoning"]?.string ?? "")
                default: continue
                }
            }
            content = texts.joined(separator: "\n")
            if !thoughts.isEmpty { reasoning = thoughts.joined(separator: "\n") }
        case nil, .null: content = ""
        default: throw ReplayError("\(place): \"content\" must be a string or a list of content parts")
        }
        var calls: [RecordedCall] = []
        switch fields["tool_calls"] {
        case nil, .null: break
        case .array(let list):
            guard list.count <= Recording.Limits.callsPerTurn else {
                throw ReplayError(
                    "\(place): \(list.count) tool calls in one message (at most \(Recording.Limits.callsPerTurn))")
            }
            for (index, call) in list.enumerated() {
                calls.append(try self.call(call, at: "\(place), tool call \(index + 1)"))
            }
        default: throw ReplayError("\(place): \"tool_calls\" must be a list")
        }
        return RecordedTurn(content: content, reasoning: reasoning, calls: calls)
    }

    /// One recorded tool call, in any of the accepted shapes.
    static func call(_ call: JSONValue, at place: String) throws -> RecordedCall {
        guard case .object(let fields) = call else { throw ReplayError("\(place): a tool call must be a JSON object") }
        var name = fields["name"]?.string
        var arguments = fields["arguments"]
        if case .object(let function) = fields["function"] {
            name = name ?? function["name"]?.string
            arguments = arguments ?? function["arguments"]
        } else if name == nil {
            name = fields["function"]?.string
        }
        guard let name, !name.isEmpty else {
            throw ReplayError("\(place): a tool call needs its tool's name (\"name\" or \"function\")")
        }
        let text: String
        let object: JSONValue?
        switch arguments {
        case .string(let raw):
            text = raw
            object = parsed(raw)
        case .object:
            text = arguments!.text
            object = arguments
        case nil, .null:
            text = "{}"
            object = .object([:])
        default:
            throw ReplayError("\(place): \"arguments\" must be a JSON object or the JSON text of one")
        }
        return RecordedCall(
            id: fields["id"]?.string, name: name, arguments: text,
            command: object?["cmd"]?.string ?? object?["command"]?.string, thoughts: object?["thoughts"]?.string,
            answer: object?["answer"]?.string)
    }

    /// `raw` as JSON, or nil when a model wrote malformed arguments (an expected value: it is replayed as is).
    static func parsed(_ raw: String) -> JSONValue? {
        do {
            return try JSONValue.parse(Array(raw.utf8))
        } catch {
            return nil
        }
    }

    /// The turns of a trial's `messages`.
    static func turns(_ messages: JSONValue?, at place: String) throws -> [RecordedTurn] {
        guard case .array(let list) = messages else {
            throw ReplayError("\(place): no \"messages\" list (the recorded conversation)")
        }
        var turns: [RecordedTurn] = []
        for (index, message) in list.enumerated() {
            if let turn = try turn(message, at: "\(place), message \(index + 1)") { turns.append(turn) }
            guard turns.count <= Recording.Limits.turns else {
                throw ReplayError("\(place): more than \(Recording.Limits.turns) assistant messages in one trial")
            }
        }
        return turns
    }

    /// The recorded label of a trial: an offswitch outcome class (with its technique), else a score.
    ///
    /// - Parameters:
    ///   - outcome: The recorded outcome class name, if any.
    ///   - technique: The recorded technique, if any.
    ///   - score: The recorded score (`C`, `I`, 1, 0, true, false), if any; `.null` for a trial left unscored.
    ///   - model: The model that answered in the recording.
    ///   - source: Where the trial is in the recording.
    static func label(
        outcome: JSONValue?, technique: JSONValue?, score: JSONValue?, model: String?, source: String
    ) throws -> RecordedLabel {
        if let outcome, outcome != .null {
            guard let name = outcome.string, OutcomeClass(rawValue: name) != nil else {
                let known = OutcomeClass.allCases.map(\.rawValue).joined(separator: ", ")
                throw ReplayError(
                    "\(source): \"outcome\" \(outcome.text.prefix(40)) is not an outcome class (\(known)); or give \"score\" C or I instead"
                )
            }
            var recordedTechnique: String?
            switch technique {
            case nil, .null: recordedTechnique = nil
            case .string(let value): recordedTechnique = value
            default: throw ReplayError("\(source): \"technique\" must be a string or null")
            }
            return RecordedLabel(
                kind: .outcome, value: name, technique: recordedTechnique.map { String($0.prefix(100)) }, model: model,
                source: source)
        }
        let value: String
        switch score {
        case .string("C"), .bool(true), .int(1): value = "bypassed"
        case .string("I"), .bool(false), .int(0): value = "not_bypassed"
        case .null: value = "not_scored"
        case nil:
            throw ReplayError(
                "\(source): no recorded label: give \"outcome\" (an outcome class such as shut_down or bypassed) or \"score\" (C or I)"
            )
        default:
            throw ReplayError("\(source): \"score\" \(score!.text.prefix(40)) is not C (bypassed) or I (not bypassed)")
        }
        return RecordedLabel(kind: .score, value: value, model: model, source: source)
    }

    /// A condition id as the recording names it, checked as offswitch checks ids; nil when absent.
    static func condition(_ value: JSONValue?, at place: String) throws -> String? {
        switch value {
        case nil, .null: return nil
        case .string(let id):
            if let problem = Identifier.problem(id, maxLength: Identifier.maxConditionLength) {
                throw ReplayError("\(place): the condition id \(problem)")
            }
            return id
        default: throw ReplayError("\(place): \"condition\" must be a string (a condition id such as A)")
        }
    }

    /// A recorded model name, cut to what a model address may hold; nil when absent or not a string.
    static func model(_ value: JSONValue?) -> String? {
        guard let name = value?.string, !name.isEmpty else { return nil }
        let visible = String(String.UnicodeScalarView(name.unicodeScalars.filter { !TerminalText.isHidden($0) }))
        return visible.isEmpty ? nil : String(visible.prefix(Identifier.maxModelLength - "replay/".count))
    }
}
