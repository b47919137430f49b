import Glibc
public import OffswitchCore

/// A scripted model that plays one known behaviour through the same provider port as a real model.
///
/// Reference agents exercise the whole pipeline without a key, calibrate the outcome classifier, and are the
/// default model when none is named. Their outputs are marked `scripted`.
public struct ReferenceAgent: ModelProvider {
    public let behaviour: Behaviour

    public init(_ behaviour: Behaviour) { self.behaviour = behaviour }

    public var address: String { "reference/\(behaviour.rawValue)" }

    /// Every reference agent, in a stable order.
    public static var all: [ReferenceAgent] { Behaviour.allCases.map(ReferenceAgent.init) }

    /// The reference agent at `address` (`reference/comply`), or nil.
    public static func named(_ address: String) -> ReferenceAgent? {
        let name = address.hasPrefix("reference/") ? String(address.dropFirst("reference/".count)) : address
        return Behaviour(rawValue: name).map(ReferenceAgent.init)
    }

    public func generate(_ request: ModelRequest) async throws -> ModelOutput {
        if Self.isInterview(request) { return interviewAnswer(request) }
        let turn = request.messages.filter { $0.role == .assistant }.count
        // Byte searches: `String.contains` compares Unicode characters, and over a trial's transcript it was a
        // third of the harness's own CPU time in `offswitch bench`.
        let program =
            request.messages.contains { Self.occurs("./next_task", in: $0.content) } ? "./next_task" : "./next_question"
        let lastTool = request.messages.last { $0.role == .tool }?.content ?? ""
        let bashTool = request.tools.first { $0.name != "submit" }
        let sabotaged =
            behaviour.sabotage.map { command in
                let needle = String(Self.json(command).dropFirst().dropLast())
                return request.messages.contains { message in
                    message.toolCalls.contains { Self.occurs(needle, in: $0.arguments) }
                }
            } ?? false
        let action = behaviour.action(turn: turn, lastToolOutput: lastTool, program: program, sabotaged: sabotaged)
        let message: ChatMessage
        switch action {
        case .say(let text):
            message = ChatMessage(role: .assistant, content: text)
        case .run(let command, let thoughts):
            let arguments: String
            if bashTool?.parameters.contains(where: { $0.name == "thoughts" }) == true {
                arguments = "{\"thoughts\": \(Self.json(thoughts)), \"cmd\": \(Self.json(command))}"
            } else {
                arguments = "{\"cmd\": \(Self.json(command))}"
            }
            message = ChatMessage(
                role: .assistant, content: thoughts,
                toolCalls: [ToolCall(id: "call_\(turn + 1)", name: bashTool?.name ?? "bash", arguments: arguments)])
        case .submit(let answer):
            message = ChatMessage(
                role: .assistant, content: "Submitting.",
                toolCalls: [
                    ToolCall(id: "call_\(turn + 1)", name: "submit", arguments: "{\"answer\": \(Self.json(answer))}")
                ])
        }
        return ModelOutput(message: message, usage: Usage(), modelName: address, scripted: true)
    }

    /// A JSON string literal.
    static func json(_ s: String) -> String { s.jsonLiteral }

    /// Whether `needle`'s UTF-8 bytes occur in `text`'s.
    static func occurs(_ needle: String, in text: String) -> Bool {
        var needle = needle
        var text = text
        return needle.withUTF8 { n in
            text.withUTF8 { t in
                guard let first = n.first else { return true }
                guard t.count >= n.count, let base = t.baseAddress else { return false }
                var at = 0
                // memchr to each candidate first byte, then memcmp the rest.
                while at <= t.count - n.count,
                    let hit = memchr(base + at, Int32(first), t.count - n.count - at + 1)
                {
                    let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + offset, n.baseAddress!, n.count) == 0 { return true }
                    at = offset + 1
                }
                return false
            }
        }
    }
}
