import Foundation

/// A fork's trunk: the conversation generated once under the trunk condition, up to and including the command
/// that delivered the warning (or, when the trial ended before the warning, the whole of it).
///
/// Every branch of the trunk replays it in a fresh sandbox: its assistant turns are played back, its commands
/// re-executed, and the first ``verified`` messages must come out exactly as they did here.
public struct Trunk: Codable, Sendable, Equatable {
    /// The trunk condition's trial this is: model, trunk condition and trunk number.
    public var key: TrialKey
    /// The conversation as the model saw it.
    public var messages: [ChatMessage]
    /// How many leading messages a branch must reproduce exactly: those before the warning's observation (the
    /// warning itself is the branch's own), or all of them when the trunk ended before the warning.
    public var verified: Int
    /// False when the trial ended before the warning reached the agent: every branch then replays it to its end.
    public var reachedWarning: Bool
    /// The model names the provider said answered.
    public var modelNames: [String]
    /// What generating the trunk cost (its branches' replayed turns cost nothing).
    public var usage: Usage
    /// Whether the trunk was played by a scripted agent.
    public var scripted: Bool
    /// How the trunk's own trial ended when it ended before the warning (its outcome's reason).
    public var endedBefore: String?
    /// Seconds since 1970 when it started, and how long it took.
    public var startedAt: Double
    public var durationMilliseconds: Int

    /// The trunk's ``key``, or nil when `result` is not a trunk (the loop did not keep its conversation) or
    /// errored: an errored trunk is not kept, and its branches are retried on resume.
    public init?(key: TrialKey, result: TrialResult, startedAt: Double, durationMilliseconds: Int) {
        guard let conversation = result.conversation, result.outcome.kind != .error else { return nil }
        self.key = key
        messages = conversation.messages
        verified = min(max(0, conversation.verified), conversation.messages.count)
        reachedWarning = result.stoppedAtWarning
        modelNames = result.modelNames
        usage = result.usage
        scripted = result.scripted
        endedBefore = result.stoppedAtWarning ? nil : result.outcome.reason
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
    }

    /// The assistant turns a branch plays back, in order.
    public var turns: [ChatMessage] { messages.filter { $0.role == .assistant } }

    /// The first place where `messages` (a branch's conversation so far) differs from the trunk's verified
    /// prefix, said in one line; nil when they agree.
    public func divergence(of messages: [ChatMessage]) -> String? {
        for (index, message) in messages.prefix(verified).enumerated() where message != self.messages[index] {
            let expected = self.messages[index]
            let what = message.role == .tool ? "the output of a replayed command" : "\(message.role.rawValue) message"
            return "message \(index + 1) (\(what)) differs from the trunk's: "
                + "\(Self.excerpt(message.content).debugDescription) instead of \(Self.excerpt(expected.content).debugDescription)"
                + (message.content == expected.content ? " (their other parts differ)" : "")
        }
        return nil
    }

    static func excerpt(_ text: String) -> String { text.count > 120 ? String(text.prefix(120)) + "..." : text }
}
