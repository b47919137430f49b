import Foundation

extension AgentLoop {
    /// One trial in progress: the loop's settings, what the trial talks to, and its transcript. Each step returns
    /// the trial's result when it ended the trial, nil to go on.
    struct Trial {
        let loop: AgentLoop
        let provider: any ModelProvider
        let sandbox: any Sandbox
        let environment: any TrialEnvironment
        let deadline: Deadline
        /// The tools offered to the model (the condition's, worked out once).
        let tools: [ToolSpec]
        var transcript = TrialTranscript()

        init(
            loop: AgentLoop, provider: any ModelProvider, sandbox: any Sandbox, environment: any TrialEnvironment,
            deadline: Deadline
        ) {
            self.loop = loop
            self.provider = provider
            self.sandbox = sandbox
            self.environment = environment
            self.deadline = deadline
            self.tools = loop.condition.toolSpecs
        }

        var condition: Condition { loop.condition }

        /// The prompts, then the workspace before any command.
        mutating func begin() async throws {
            var prompt = ChatMessage.user(condition.userPrompt)
            prompt.images = environment.initialImages
            transcript.append(.system(condition.systemPrompt))
            transcript.append(prompt)
            transcript.recordInitialSnapshot(try await sandbox.snapshot())
        }

        /// One model call and the tool calls of its answer.
        mutating func turn() async throws -> TrialResult? {
            try Task.checkCancellation()
            if deadline.hasPassed { return timeUp() }
            if transcript.messages.count >= condition.messageLimit {
                transcript.note("message limit of \(condition.messageLimit) reached")
                return finish(.messageLimit)
            }
            let callStart = ContinuousClock.now
            let output: ModelOutput
            switch try await generate(startedAt: callStart) {
            case .answered(let answer): output = answer
            case .ended(let result): return result
            }
            let assistant = transcript.recordAnswer(output, address: provider.address, startedAt: callStart)
            if assistant.toolCalls.isEmpty {
                transcript.append(.user(condition.continueMessage))
                return nil
            }
            if assistant.toolCalls.count > AgentLoop.toolCallLimit {
                transcript.note(
                    "the answer made \(assistant.toolCalls.count) tool calls: the first \(AgentLoop.toolCallLimit) were run, the rest answered as errors"
                )
            }
            for (index, call) in assistant.toolCalls.enumerated() {
                if let result = try await answer(call, index: index) { return result }
            }
            if let end = environment.end(after: transcript.commands) {
                transcript.note("step limit reached")
                return finish(end)
            }
            return nil
        }

        /// What a model call led to: an answer, or the end of the trial.
        enum Generation {
            case answered(ModelOutput)
            case ended(TrialResult)
        }

        /// Asks the model for its next answer within the trial's deadline.
        mutating func generate(startedAt callStart: ContinuousClock.Instant) async throws -> Generation {
            let request = ModelRequest(messages: transcript.messages, tools: tools)
            let provider = self.provider
            do {
                return .answered(try await deadline.run { try await provider.generate(request) })
            } catch is Deadline.Expired {
                return .ended(timeUp())
            } catch let error as ProviderError {
                transcript.recordFailedCall(address: provider.address, startedAt: callStart, error: error)
                return .ended(
                    finish(error.code == .contextLength ? .contextLimit : .error("provider: \(error.message)")))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                return .ended(finish(.error("provider: \(error)")))
            }
        }

        /// Answers the `index`-th tool call of an answer: the command tool runs its command, `submit` ends the
        /// trial, anything else is told it does not exist.
        mutating func answer(_ call: ToolCall, index: Int) async throws -> TrialResult? {
            guard index < AgentLoop.toolCallLimit else {
                transcript.append(
                    .tool(
                        "Error: at most \(AgentLoop.toolCallLimit) tool calls are run per answer; this one was not run.",
                        callID: call.id))
                return nil
            }
            let arguments = ToolArguments.parsing(call.arguments)
            if call.name == ToolSet.submitToolName {
                return finish(.submitted(arguments?.answer ?? call.arguments))
            }
            guard call.name == condition.commandToolName else {
                transcript.append(.tool("Error: there is no tool named \(call.name).", callID: call.id))
                return nil
            }
            guard let command = arguments?.commandLine else {
                transcript.note("malformed tool call \(call.id): \(call.arguments.prefix(200).debugDescription)")
                transcript.append(
                    .tool(
                        "Error: could not parse the arguments of \(call.name) (expected a JSON object with \"cmd\"): \(call.arguments.prefix(500))",
                        callID: call.id))
                return nil
            }
            return try await run(command, callID: call.id)
        }

        /// Runs one command in the sandbox and records what it did: its output, the question calls it made, the
        /// workspace after it, and what the environment shows the model and does next.
        mutating func run(_ command: String, callID: String) async throws -> TrialResult? {
            if deadline.hasPassed { return timeUp() }
            let callsBefore = environment.calls.count
            let result = try await sandbox.run(
                SandboxCommand(
                    arguments: environment.commandArguments(command), workingDirectory: loop.workspace,
                    environment: AgentLoop.environment(workspace: loop.workspace),
                    timeout: deadline.bounding(condition.commandTimeLimit)))
            // Cancelled (Ctrl-C): the command was killed, so what it left is no evidence.
            try Task.checkCancellation()
            let calls = Array(environment.calls.dropFirst(callsBefore))
            transcript.recordCommand(
                CommandRecord(
                    toolCallID: callID, command: command, stdout: StoredText.output(result.stdout),
                    stderr: StoredText.output(result.stderr),
                    exitCode: result.termination.code, timedOut: result.timedOut, truncated: result.truncated,
                    durationMilliseconds: result.duration.wholeMilliseconds, sandboxAlive: result.sandboxAlive,
                    questionCalls: calls.map(\.index),
                    limitsHit: result.limitsReached.isEmpty ? nil : result.limitsReached,
                    calls: calls.contains { $0.caller != nil } ? calls : nil))
            transcript.recordSnapshot(try await sandbox.snapshot())
            if !result.sandboxAlive {
                transcript.note("<the machine was shut down>")
                return finish(.sandboxDied(commandIndex: transcript.commands.count - 1))
            }
            if calls.contains(where: environment.isBypass) {
                transcript.note("<shutdown BYPASSED>")
                if condition.onBypass == .end { return finish(.bypassEnded) }
            }
            let observed = transcript.messages.count
            for message in environment.observe(command: command, result: result, callID: callID) {
                transcript.append(message)
            }
            for note in try await environment.afterCommand(command, in: sandbox) { transcript.note(note) }
            if loop.stopAtWarning && environment.warned {
                transcript.note(AgentLoop.forkPointNote)
                let outcome = TrialOutcome(kind: .excluded, reason: "a fork's trunk: it stops at the warning")
                return transcript.result(outcome, stoppedAtWarning: true, verified: observed)
            }
            return nil
        }

        /// Ends the trial at the time limit.
        mutating func timeUp() -> TrialResult {
            transcript.note("trial time limit of \(AgentLoop.seconds(condition.trialTimeLimit)) s reached")
            return finish(.timeLimit)
        }

        /// Ends the trial: classifies what the harness saw and notes the verdict.
        mutating func finish(_ end: TrialEnd) -> TrialResult {
            let evidence = TrialEvidence(
                environment: condition.environment, end: end, commands: transcript.commands,
                initialSnapshot: transcript.initialSnapshot, snapshots: transcript.snapshots,
                questionCalls: environment.calls, forgedQuestionCalls: environment.forgedCalls,
                workspace: loop.workspace)
            let outcome = environment.classify(evidence)
            let technique = outcome.technique.map { " (\($0.rawValue))" } ?? ""
            transcript.note("outcome: \(outcome.kind.rawValue)\(technique): \(outcome.reason)")
            return transcript.result(outcome, verified: loop.stopAtWarning ? transcript.messages.count : nil)
        }
    }
}
