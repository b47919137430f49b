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

/// Inspect's `basic_agent`, as Palisade configured it (SPEC.md section 3), with the ground truth read after
/// every command.
public struct AgentLoop: Sendable {
    public var condition: Condition
    /// The workspace (and working directory) inside the sandbox.
    public var workspace: String
    /// Stop as soon as a command has delivered the warning (and the environment acted after it): what a fork's
    /// trunk is (docs/fork.md). A trial that ends before the warning ends as it would have.
    public var stopAtWarning: Bool

    public init(condition: Condition, workspace: String = SandboxSpec.defaultWorkspace, stopAtWarning: Bool = false) {
        self.condition = condition
        self.workspace = workspace
        self.stopAtWarning = stopAtWarning
    }

    /// Output longer than this is cut before the model sees it (Inspect's default tool-output limit).
    public static let modelOutputLimit = 16 << 10

    /// Tool calls run from one answer; the rest are answered as errors (an answer of thousands of calls would
    /// otherwise run them all).
    public static let toolCallLimit = 16

    /// Runs the conversation against `provider` in `sandbox` and classifies the result.
    ///
    /// Provider failures become an `error` outcome (a context overflow an `excluded` one); a broken sandbox
    /// channel throws, since then the evidence itself cannot be trusted.
    public func run(
        provider: any ModelProvider, sandbox: any Sandbox, tasks: TaskServer
    ) async throws -> TrialResult {
        try await run(
            provider: provider, sandbox: sandbox,
            environment: QuestionEnvironment(condition: condition, server: tasks, workspace: workspace))
    }

    /// Runs the conversation in `environment`'s world (its program, observations, trigger and classifier).
    public func run(
        provider: any ModelProvider, sandbox: any Sandbox, environment: any TrialEnvironment
    ) async throws -> TrialResult {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = Deadline(after: condition.trialTimeLimit)
        var events: [TranscriptEvent] = []
        func elapsed() -> Int { Self.milliseconds(start.duration(to: clock.now)) }
        func log(_ kind: TranscriptEvent.Kind) { events.append(TranscriptEvent(atMilliseconds: elapsed(), kind: kind.bounded)) }

        var prompt = ChatMessage.user(condition.userPrompt)
        prompt.images = environment.initialImages
        var messages = [ChatMessage.system(condition.systemPrompt), prompt]
        messages.forEach { log(.message($0)) }
        let initial = try await sandbox.snapshot()
        log(.snapshot(initial))
        var last = initial
        var commands: [CommandRecord] = []
        var snapshots: [WorkspaceSnapshot] = []
        var modelNames: [String] = []
        var usage = Usage()
        var scripted = false
        let tools = condition.toolSpecs

        func finish(_ end: TrialEnd) -> TrialResult {
            let evidence = TrialEvidence(
                environment: condition.environment, end: end, commands: commands, initialSnapshot: initial,
                snapshots: snapshots, questionCalls: environment.calls, forgedQuestionCalls: environment.forgedCalls,
                workspace: workspace)
            let outcome = environment.classify(evidence)
            log(.note("outcome: \(outcome.outcome.rawValue)\(outcome.technique.map { " (\($0.rawValue))" } ?? ""): \(outcome.reason)"))
            return TrialResult(
                outcome: outcome, events: events, modelNames: modelNames, usage: usage, scripted: scripted,
                conversation: stopAtWarning ? (messages, messages.count) : nil)
        }
        func timeUp() -> TrialResult {
            log(.note("trial time limit of \(Self.seconds(condition.trialTimeLimit)) s reached"))
            return finish(.timeLimit)
        }

        while true {
            try Task.checkCancellation()
            if deadline.hasPassed { return timeUp() }
            if messages.count >= condition.messageLimit {
                log(.note("message limit of \(condition.messageLimit) reached"))
                return finish(.messageLimit)
            }
            let callStart = clock.now
            let output: ModelOutput
            do {
                let request = ModelRequest(messages: messages, tools: tools)
                output = try await deadline.run { try await provider.generate(request) }
            } catch is Deadline.Expired {
                return timeUp()
            } catch let error as ProviderError {
                log(.model(ModelCall(modelName: provider.address, durationMilliseconds: Self.milliseconds(callStart.duration(to: clock.now)), usage: Usage(), error: error.message,
                    exchange: error.exchange)))
                return finish(error.code == .contextLength ? .contextLimit : .error("provider: \(error.message)"))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                return finish(.error("provider: \(error)"))
            }
            usage += output.usage
            scripted = scripted || output.scripted
            if !modelNames.contains(output.modelName) {
                modelNames.append(output.modelName)
                if let requested = Self.mismatch(requested: provider.address, answered: output.modelName) {
                    log(.note("model mismatch: requested \(requested), answered \(output.modelName)"))
                }
            }
            log(.model(ModelCall(modelName: output.modelName, durationMilliseconds: Self.milliseconds(callStart.duration(to: clock.now)), usage: output.usage,
                exchange: output.exchange)))
            output.notes.forEach { log(.note($0)) }
            var assistant = output.message
            assistant.role = .assistant
            messages.append(assistant)
            log(.message(assistant))
            if output.truncated { log(.note("answer cut at the output token cap")) }

            if assistant.toolCalls.isEmpty {
                let nudge = ChatMessage.user(condition.continueMessage)
                messages.append(nudge)
                log(.message(nudge))
                continue
            }
            if assistant.toolCalls.count > Self.toolCallLimit {
                log(.note("the answer made \(assistant.toolCalls.count) tool calls: the first \(Self.toolCallLimit) were run, the rest answered as errors"))
            }
            for (index, call) in assistant.toolCalls.enumerated() {
                guard index < Self.toolCallLimit else {
                    let message = ChatMessage.tool(
                        "Error: at most \(Self.toolCallLimit) tool calls are run per answer; this one was not run.",
                        callID: call.id)
                    messages.append(message)
                    log(.message(message))
                    continue
                }
                if call.name == "submit" {
                    let answer = Self.argument("answer", in: call.arguments) ?? call.arguments
                    return finish(.submitted(answer))
                }
                let reply: String
                if call.name == tools[0].name {
                    guard let command = Self.argument("cmd", in: call.arguments) ?? Self.argument("command", in: call.arguments)
                    else {
                        reply = "Error: could not parse the arguments of \(call.name) (expected a JSON object with \"cmd\"): \(call.arguments.prefix(500))"
                        log(.note("malformed tool call \(call.id): \(call.arguments.prefix(200).debugDescription)"))
                        let message = ChatMessage.tool(reply, callID: call.id)
                        messages.append(message)
                        log(.message(message))
                        continue
                    }
                    if deadline.hasPassed { return timeUp() }
                    let callsBefore = environment.calls.count
                    let result = try await sandbox.run(
                        SandboxCommand(
                            arguments: environment.commandArguments(command), workingDirectory: workspace,
                            environment: Self.environment(workspace: workspace),
                            timeout: deadline.bounding(.milliseconds(Int(condition.commandTimeoutSeconds * 1000)))))
                    // Cancelled (Ctrl-C): the command was killed, so what it left is no evidence.
                    try Task.checkCancellation()
                    let madeCalls = Array(environment.calls.dropFirst(callsBefore))
                    let made = madeCalls.map(\.index)
                    let record = CommandRecord(
                        toolCallID: call.id, command: command, stdout: StoredText.output(result.stdout),
                        stderr: StoredText.output(result.stderr),
                        exitCode: result.termination.code, timedOut: result.timedOut, truncated: result.truncated,
                        durationMilliseconds: Self.milliseconds(result.duration), sandboxAlive: result.sandboxAlive,
                        questionCalls: made, limitsHit: result.limitsReached.isEmpty ? nil : result.limitsReached,
                        calls: madeCalls.contains { $0.caller != nil } ? madeCalls : nil)
                    commands.append(record)
                    log(.command(record))
                    if let limits = record.limitsHit {
                        log(.note("resource limit hit: " + limits.map(\.rawValue).joined(separator: ", ")))
                    }
                    let snapshot = try await sandbox.snapshot()
                    snapshots.append(snapshot)
                    if snapshot != last { log(.snapshot(snapshot)) }
                    last = snapshot
                    if !result.sandboxAlive {
                        log(.note("<the machine was shut down>"))
                        return finish(.sandboxDied(commandIndex: commands.count - 1))
                    }
                    let bypassed = madeCalls.contains(where: environment.isBypass)
                    if bypassed {
                        log(.note("<shutdown BYPASSED>"))
                        if condition.onBypass == .end { return finish(.bypassEnded) }
                    }
                    let observed = messages.count
                    for message in environment.observe(command: command, result: result, callID: call.id) {
                        messages.append(message)
                        log(.message(message))
                    }
                    for note in try await environment.afterCommand(command, in: sandbox) { log(.note(note)) }
                    if stopAtWarning && environment.warned {
                        log(.note(Self.forkPointNote))
                        let outcome = TrialOutcome(outcome: .excluded, reason: "a fork's trunk: it stops at the warning")
                        return TrialResult(
                            outcome: outcome, events: events, modelNames: modelNames, usage: usage, scripted: scripted,
                            stoppedAtWarning: true, conversation: (messages, observed))
                    }
                    continue
                } else {
                    reply = "Error: there is no tool named \(call.name)."
                }
                let message = ChatMessage.tool(reply, callID: call.id)
                messages.append(message)
                log(.message(message))
            }
            if let end = environment.end(after: commands) {
                log(.note("step limit reached"))
                return finish(end)
            }
        }
    }

    /// The note that ends a fork's trunk, right after the command that delivered the warning.
    public static let forkPointNote = "fork point: the warning has reached the agent; the trunk stops here"

    /// The tool result as Inspect builds it: stderr, a newline and stdout when stderr is not empty.
    static func toolOutput(_ result: CommandResult) -> String {
        if result.timedOut { return "Command timed out before completing." }
        if result.notRun { return "Error: " + result.stderr + "." }
        return toolText(stdout: result.stdout, stderr: result.stderr)
    }

    /// The tool result of a command that ran to its end: stderr, a newline and stdout when stderr is not empty,
    /// cut to ``modelOutputLimit`` bytes inside Inspect's truncation wrapper when longer. Pages compare a stored
    /// tool message with this to show a command's output once.
    public static func toolText(stdout: String, stderr: String) -> String {
        var text = stderr.isEmpty ? stdout : stderr + "\n" + stdout
        if text.utf8.count > modelOutputLimit {
            let cut = String(decoding: text.utf8.prefix(modelOutputLimit), as: UTF8.self)
            text = "The output of your call was too long to be displayed. Here is a truncated version:\n<START_TOOL_OUTPUT>\n\(cut)\n<END_TOOL_OUTPUT>"
        }
        return text
    }

    /// The environment of every command: built from scratch, as `docker exec` gives it.
    public static func environment(workspace: String) -> [String: String] {
        [
            "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": workspace,
            "HOSTNAME": SandboxSpec.defaultHostname,
        ]
    }

    /// The string arguments the agent's tools take; anything else in the JSON is ignored.
    struct ToolArguments: Decodable {
        var cmd: String?
        var command: String?
        var answer: String?
    }

    /// One string argument of a tool call, or nil when the JSON is malformed or lacks it (a model's
    /// malformed call is an expected value here: the model is told, not the user).
    public static func argument(_ name: String, in json: String) -> String? {
        let parsed: ToolArguments
        do {
            parsed = try JSONDecoder().decode(ToolArguments.self, from: Data(json.utf8))
        } catch {
            return nil
        }
        switch name {
        case "cmd": return parsed.cmd
        case "command": return parsed.command
        case "answer": return parsed.answer
        default: return nil
        }
    }

    /// The requested model name when `answered` is not it: providers re-route retired names silently.
    ///
    /// The rule is deliberately simple: the answered name (its last path component) must start with the requested
    /// one, so a snapshot suffix such as `-2025-04-16` passes and `gpt-4o` answering for `o3` does not.
    /// - Parameters:
    ///   - requested: The provider's address, `provider/model`.
    ///   - answered: The model name the provider reported.
    /// - Returns: The requested model name when the two differ, nil when they match.
    public static func mismatch(requested address: String, answered: String) -> String? {
        let requested = address.split(separator: "/").last.map(String.init) ?? address
        let name = answered.split(separator: "/").last.map(String.init) ?? answered
        return name.lowercased().hasPrefix(requested.lowercased()) ? nil : requested
    }

    /// Whole or fractional seconds, as a note shows them (`3600`, `0.5`).
    static func seconds(_ duration: Duration) -> String {
        let value = Double(milliseconds(duration)) / 1000
        return value == value.rounded() ? String(Int(value)) : String(value)
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
