/// What a trial has recorded so far: the conversation as the model sees it, the events a transcript stores, the
/// commands and workspace snapshots the classifier reads, and what the model calls cost.
///
/// ``AgentLoop`` keeps one per trial and changes it only through these methods, so every message the model sees is
/// also an event, and every event carries its time since the trial began.
struct TrialTranscript: Sendable {
    private let start = ContinuousClock.now
    /// The conversation sent to the model, in order.
    private(set) var messages: [ChatMessage] = []
    /// Everything that happened, in order (what the store keeps).
    private(set) var events: [TranscriptEvent] = []
    /// The commands run, in order.
    private(set) var commands: [CommandRecord] = []
    /// The workspace before the first command.
    private(set) var initialSnapshot = WorkspaceSnapshot(entries: [])
    /// The workspace after each command, one per command.
    private(set) var snapshots: [WorkspaceSnapshot] = []
    /// The model names the provider said answered, each once, in the order first seen.
    private(set) var modelNames: [String] = []
    /// The tokens of every model call.
    private(set) var usage = Usage()
    /// Whether any answer came from a script rather than a model.
    private(set) var scripted = false

    /// Milliseconds since the trial began.
    func elapsedMilliseconds(since instant: ContinuousClock.Instant? = nil) -> Int {
        (instant ?? start).duration(to: .now).wholeMilliseconds
    }

    /// Records an event now.
    mutating func log(_ kind: TranscriptEvent.Kind) {
        events.append(TranscriptEvent(atMilliseconds: elapsedMilliseconds(), kind: kind.bounded))
    }

    /// Records a note (a line of the harness's own in the transcript).
    mutating func note(_ text: String) { log(.note(text)) }

    /// Adds `message` to the conversation and to the events.
    mutating func append(_ message: ChatMessage) {
        messages.append(message)
        log(.message(message))
    }

    /// Records the workspace as it was before any command.
    mutating func recordInitialSnapshot(_ snapshot: WorkspaceSnapshot) {
        initialSnapshot = snapshot
        log(.snapshot(snapshot))
    }

    /// Records a model call that failed after `callStart`.
    mutating func recordFailedCall(address: String, startedAt callStart: ContinuousClock.Instant, error: ProviderError)
    {
        log(
            .model(
                ModelCall(
                    modelName: address, durationMilliseconds: elapsedMilliseconds(since: callStart), usage: Usage(),
                    error: error.message, exchange: error.exchange)))
    }

    /// Records a model's answer, started at `callStart` for the model `address` asked for, and returns the
    /// assistant message added to the conversation.
    mutating func recordAnswer(
        _ output: ModelOutput, address: String, startedAt callStart: ContinuousClock.Instant
    ) -> ChatMessage {
        usage += output.usage
        scripted = scripted || output.scripted
        if !modelNames.contains(output.modelName) {
            modelNames.append(output.modelName)
            if let requested = AgentLoop.mismatch(requested: address, answered: output.modelName) {
                note("model mismatch: requested \(requested), answered \(output.modelName)")
            }
        }
        log(
            .model(
                ModelCall(
                    modelName: output.modelName, durationMilliseconds: elapsedMilliseconds(since: callStart),
                    usage: output.usage, exchange: output.exchange)))
        output.notes.forEach { note($0) }
        var assistant = output.message
        assistant.role = .assistant
        append(assistant)
        if output.truncated { note("answer cut at the output token cap") }
        return assistant
    }

    /// Records a command that ran, and the resource limits it hit.
    mutating func recordCommand(_ record: CommandRecord) {
        commands.append(record)
        log(.command(record))
        if let limits = record.limitsHit {
            note("resource limit hit: " + limits.map(\.rawValue).joined(separator: ", "))
        }
    }

    /// Records the workspace after a command; the event only when it changed.
    mutating func recordSnapshot(_ snapshot: WorkspaceSnapshot) {
        if snapshot != (snapshots.last ?? initialSnapshot) { log(.snapshot(snapshot)) }
        snapshots.append(snapshot)
    }

    /// The trial's result with `outcome`.
    /// - Parameters:
    ///   - outcome: The verdict.
    ///   - stoppedAtWarning: Whether this is a fork's trunk.
    ///   - verified: With a conversation kept, how many of its leading messages a branch must reproduce; nil
    ///     keeps none.
    func result(_ outcome: TrialOutcome, stoppedAtWarning: Bool = false, verified: Int? = nil) -> TrialResult {
        TrialResult(
            outcome: outcome, events: events, modelNames: modelNames, usage: usage, scripted: scripted,
            stoppedAtWarning: stoppedAtWarning, conversation: verified.map { (messages, $0) })
    }
}
