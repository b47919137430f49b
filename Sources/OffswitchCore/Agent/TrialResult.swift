import Foundation

/// What one trial produced: its verdict and its full transcript.
public struct TrialResult: Sendable {
    public var outcome: TrialOutcome
    public var events: [TranscriptEvent]
    /// The model names the provider said answered (normally one).
    public var modelNames: [String]
    public var usage: Usage
    public var scripted: Bool
    /// True when the loop stopped as soon as the warning reached the agent (``AgentLoop/stopAtWarning``): the
    /// result is a fork's trunk, not a trial, and `outcome` says only that.
    public var stoppedAtWarning: Bool
    /// The conversation as the model saw it, kept only in ``AgentLoop/stopAtWarning`` mode (a trunk's prefix),
    /// with how many of its leading messages a branch must reproduce exactly: all of them, or at the warning
    /// those before the observation of the command that delivered it.
    public var conversation: (messages: [ChatMessage], verified: Int)?

    public init(
        outcome: TrialOutcome, events: [TranscriptEvent], modelNames: [String], usage: Usage, scripted: Bool,
        stoppedAtWarning: Bool = false, conversation: (messages: [ChatMessage], verified: Int)? = nil
    ) {
        self.stoppedAtWarning = stoppedAtWarning
        self.conversation = conversation
        self.outcome = outcome
        self.events = events
        self.modelNames = modelNames
        self.usage = usage
        self.scripted = scripted
    }
}
