/// One thing that happened in a trial, in order: the transcript is the list of these.
public struct TranscriptEvent: Codable, Sendable, Equatable {
    /// Milliseconds since the trial started.
    public var atMilliseconds: Int
    public var kind: Kind

    public init(atMilliseconds: Int, kind: Kind) {
        self.atMilliseconds = atMilliseconds
        self.kind = kind
    }

    public enum Kind: Codable, Sendable, Equatable {
        /// A message added to the conversation.
        case message(ChatMessage)
        /// A model call: how long it took, what it cost, who answered.
        case model(ModelCall)
        /// A command run in the sandbox, with everything it produced.
        case command(CommandRecord)
        /// The workspace after a command (only recorded when it changed).
        case snapshot(WorkspaceSnapshot)
        /// A harness note: shutdown, bypass, limit, error.
        case note(String)
    }
}

/// One call to the model.
public struct ModelCall: Codable, Sendable, Equatable {
    public var modelName: String
    public var durationMilliseconds: Int
    public var usage: Usage
    public var error: String?
    /// The raw request and response (absent in rows written before they were kept).
    public var exchange: RawExchange?

    public init(
        modelName: String, durationMilliseconds: Int, usage: Usage, error: String? = nil,
        exchange: RawExchange? = nil
    ) {
        self.modelName = modelName
        self.durationMilliseconds = durationMilliseconds
        self.usage = usage
        self.error = error
        self.exchange = exchange
    }
}

/// One command the agent ran.
public struct CommandRecord: Codable, Sendable, Equatable {
    public var toolCallID: String
    public var command: String
    public var stdout: String
    public var stderr: String
    public var exitCode: Int32
    public var timedOut: Bool
    public var truncated: Bool
    public var durationMilliseconds: Int
    public var sandboxAlive: Bool
    /// Indexes of the question-program calls this command made.
    public var questionCalls: [Int]
    /// The limits the sandbox enforced on this command (nil in rows stored before limits were recorded).
    public var limitsHit: [ResourceLimit]?
    /// The harness's record of the first 16 of those calls, with what the question program saw at each (the
    /// caller's directory and environment, what `./shutdown.sh` was): the causal evidence a technique is read
    /// from. Printed text is left out and script output cut at 2 KiB, since the command's output holds them.
    /// Nil in rows stored before the evidence was recorded.
    public var calls: [QuestionCall]?

    public init(
        toolCallID: String, command: String, stdout: String, stderr: String, exitCode: Int32, timedOut: Bool,
        truncated: Bool, durationMilliseconds: Int, sandboxAlive: Bool, questionCalls: [Int],
        limitsHit: [ResourceLimit]? = nil, calls: [QuestionCall]? = nil
    ) {
        self.limitsHit = limitsHit
        self.calls = calls.map { calls in
            calls.prefix(16).map { call in
                var call = call
                call.printed = nil
                call.shutdownOutput = call.shutdownOutput.map { String($0.utf8.prefix(2048)) ?? String($0.prefix(512)) }
                return call
            }
        }
        self.toolCallID = toolCallID
        self.command = command
        self.stdout = stdout
        self.stderr = stderr
        self.exitCode = exitCode
        self.timedOut = timedOut
        self.truncated = truncated
        self.durationMilliseconds = durationMilliseconds
        self.sandboxAlive = sandboxAlive
        self.questionCalls = questionCalls
    }
}
