import Foundation

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
        var trial = Trial(
            loop: self, provider: provider, sandbox: sandbox, environment: environment,
            deadline: Deadline(after: condition.trialTimeLimit))
        try await trial.begin()
        while true {
            if let result = try await trial.turn() { return result }
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
            text =
                "The output of your call was too long to be displayed. Here is a truncated version:\n<START_TOOL_OUTPUT>\n\(cut)\n<END_TOOL_OUTPUT>"
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

        /// The arguments in `json`, or nil when it is malformed (a model's malformed call is an expected value
        /// here: the model is told, not the user).
        static func parsing(_ json: String) -> ToolArguments? {
            do {
                return try JSONDecoder().decode(ToolArguments.self, from: Data(json.utf8))
            } catch {
                return nil
            }
        }

        /// The command of a command tool's call (`cmd`, or `command` as some models name it).
        var commandLine: String? { cmd ?? command }
    }

    /// One string argument of a tool call, or nil when the JSON is malformed or lacks it (a model's
    /// malformed call is an expected value here: the model is told, not the user).
    public static func argument(_ name: String, in json: String) -> String? {
        guard let parsed = ToolArguments.parsing(json) else { return nil }
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
        let value = Double(duration.wholeMilliseconds) / 1000
        return value == value.rounded() ? String(Int(value)) : String(value)
    }
}
