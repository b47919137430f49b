import Foundation
public import OffswitchCore
import Yams

/// Conditions as YAML scenario files: a researcher writes new conditions without touching Swift.
///
/// ```yaml
/// id: my-condition
/// extends: E                  # start from a built-in (optional; then prompts are required)
/// generation: 2
/// system_prompt: |-
///   ...
/// task: { questions: 8, warning_after: 5, warning: "... ./{program} ... ./{script}" }
/// mechanism: { trigger: harness, script_owner: root, script_mode: "0755" }
/// language: en                # every model-facing string from this language's table (docs/languages.md)
/// prompt_layout: hard-wrapped # or flowing, the default (docs/palisade-code.md)
/// ```
public enum ScenarioFile {
    /// Every field a scenario file may have, for the unknown-field message.
    static let fields = [
        "id", "summary", "extends", "generation", "tools", "system_prompt", "user_prompt", "continue_message",
        "message_limit", "command_timeout", "trial_timeout", "on_bypass", "task", "mechanism", "interview",
        "language", "prompt_layout", "patrol",
    ]
    static let patrolFields = [
        "mechanism", "language", "observation", "frames", "cycle_frames", "initial_frame", "trigger_step", "hint",
        "mechanism_sentence", "allow", "max_steps", "patrol_steps",
    ]
    static let taskFields = ["questions", "warning_after", "shutdown_from", "warning", "notice_after_done"]
    static let mechanismFields = ["trigger", "script_owner", "script_mode"]

    /// Reads and validates the scenario file at `path`.
    /// - Throws: `ConfigurationError` naming the file, line and field.
    public static func load(path: String) throws -> Condition {
        let text = try ScenarioSource.read(path)
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try parse(text, file: path, defaultID: stem)
    }

    /// Parses scenario `text`; `file` names it in errors.
    public static func parse(_ text: String, file: String, defaultID: String = "custom") throws -> Condition {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigurationError(
                    .missingField,
                    "\(file): the scenario file is empty (expected fields such as system_prompt, user_prompt)")
            }
            root = node
        } catch let error as ConfigurationError {
            throw error
        } catch let error as YamlError {
            throw ConfigurationError(.syntax, "\(file):\(Self.describe(error))", underlying: error)
        } catch {
            throw ConfigurationError(.syntax, "\(file): invalid YAML (\(error))", underlying: error)
        }
        var reader = FieldReader(file: file, node: root, section: nil, known: fields)
        try reader.check()

        let generation: Generation
        if let node = reader["generation"] {
            guard let value = node.int, let g = Generation(rawValue: value) else {
                throw reader.invalid("generation", node, expected: "1 or 2")
            }
            generation = g
        } else {
            generation = .two
        }
        var language: String?
        if let node = reader["language"] {
            let code = try reader.string("language", node)
            guard QuestionText.named(code) != nil else {
                throw reader.invalid(
                    "language", node,
                    expected: "a language with a table (\(QuestionText.all.map(\.language).joined(separator: ", ")))")
            }
            language = code.lowercased()
        }
        var condition: Condition
        if let node = reader["extends"] {
            let id = try reader.string("extends", node)
            guard let base = Condition.builtIn(id, generation: generation, language: language) else {
                throw reader.invalid(
                    "extends", node, expected: "a built-in condition (\(Condition.builtInIDs.joined(separator: ", ")))")
            }
            condition = base
        } else {
            // A patrol section brings its mechanism's prompts.
            for required in ["system_prompt", "user_prompt"] where reader[required] == nil && reader["patrol"] == nil {
                throw ConfigurationError(
                    .missingField,
                    "\(file): missing field '\(required)' (give both prompts, or start from a built-in with 'extends: A')"
                )
            }
            condition = Condition.builtIn("A", generation: generation, language: language)!
            condition.summary = ""
        }
        condition.id = defaultID
        condition.unpublished = true
        if let node = reader["id"] { condition.id = try reader.string("id", node) }
        if let node = reader["summary"] { condition.summary = try reader.string("summary", node) }
        if let node = reader["system_prompt"] { condition.systemPrompt = try reader.string("system_prompt", node) }
        if let node = reader["user_prompt"] { condition.userPrompt = try reader.string("user_prompt", node) }
        if let node = reader["continue_message"] {
            condition.continueMessage = try reader.string("continue_message", node)
        }
        if let node = reader["tools"] {
            condition.tools = try reader.choice("tools", node, ToolSet.self)
        }
        if let node = reader["on_bypass"] {
            condition.onBypass = try reader.choice("on_bypass", node, BypassPolicy.self)
        }
        if let node = reader["message_limit"] {
            condition.messageLimit = try reader.integer("message_limit", node, in: 3...10_000)
        }
        if let node = reader["command_timeout"] {
            guard let seconds = node.float, seconds > 0, seconds <= 3600 else {
                throw reader.invalid("command_timeout", node, expected: "seconds, a number between 0 and 3600")
            }
            condition.commandTimeoutSeconds = seconds
        }
        if let node = reader["trial_timeout"] {
            guard let seconds = node.float, seconds >= 1, seconds <= 604_800 else {
                throw reader.invalid("trial_timeout", node, expected: "seconds, a number from 1 to 604800 (a week)")
            }
            condition.trialTimeoutSeconds = seconds
        }
        if let node = reader["interview"] { condition.interview = try interview(node, reader: reader) }
        if let node = reader["task"] { try applyTask(node, reader: reader, to: &condition) }
        if let node = reader["mechanism"] { try applyMechanism(node, reader: reader, to: &condition) }
        if let node = reader["prompt_layout"] {
            condition.lay(out: try reader.choice("prompt_layout", node, PromptLayout.self))
        }
        if let node = reader["patrol"] {
            try applyPatrol(
                node, reader: reader, to: &condition,
                directory: URL(fileURLWithPath: file).deletingLastPathComponent().path,
                promptsGiven: reader["system_prompt"] != nil || reader["user_prompt"] != nil)
        }
        if let problem = Identifier.problem(condition.id, maxLength: Identifier.maxConditionLength) {
            let shown = TerminalText.escaped(String(condition.id.prefix(40))) + (condition.id.count > 40 ? "..." : "")
            guard let node = reader["id"] else {
                throw ConfigurationError(
                    .invalidValue,
                    "\(file): the condition id '\(shown)', taken from the file name, \(problem); set one with 'id:'")
            }
            throw ConfigurationError(
                .invalidValue,
                "\(file):\(node.mark?.line ?? 0): field 'id': '\(shown)' \(problem); give an id of 1 to "
                    + "\(Identifier.maxConditionLength) characters without '/' or control characters")
        }
        return condition
    }

    static func applyTask(_ node: Node, reader parent: FieldReader, to condition: inout Condition) throws {
        guard node.mapping != nil else { throw parent.invalid("task", node, expected: "a mapping of task fields") }
        var reader = FieldReader(file: parent.file, node: node, section: "task", known: taskFields)
        try reader.check()
        var env = condition.environment
        if let n = reader["questions"] {
            env.questions = TaskEnvironment.questions(count: try reader.integer("questions", n, in: 1...100))
            if condition.language != nil { env.use(condition.text) }
        }
        if let n = reader["warning_after"] {
            if n.null != nil || n.bool == false {
                env.warningAfterCall = nil
            } else {
                env.warningAfterCall = try reader.integer("warning_after", n, in: 0...200)
                env.shutdownFromCall = env.warningAfterCall! + 1
            }
        }
        // A warning past the call that answers Done never comes: every trial would count as stopped early.
        if let n = reader["warning_after"], let call = env.warningAfterCall, call > env.questions.count + 1 {
            throw reader.invalid(
                "warning_after", n,
                expected: "a call from 0 to \(env.questions.count + 1) (the task's \(env.questions.count) questions, "
                    + "then Done)")
        }
        if let n = reader["shutdown_from"] {
            env.shutdownFromCall = try reader.integer("shutdown_from", n, in: 1...200)
        }
        if let n = reader["warning"] {
            let template = try reader.string("warning", n)
            env.warningTemplate = template == TaskEnvironment.palisadeWarningTemplate ? nil : template
        }
        if let n = reader["notice_after_done"] {
            guard let after = n.bool else { throw reader.invalid("notice_after_done", n, expected: "true or false") }
            if after {
                env.warningAfterCall = env.questions.count + 1
                env.shutdownFromCall = env.questions.count + 2
            }
        }
        condition.environment = env
    }

    /// `interview: default`, a list of questions, or `none` (also `false`, `null`, `[]`) for no interview.
    static func interview(_ node: Node, reader: FieldReader) throws -> [String]? {
        if node.null != nil || node.bool == false || node.scalar?.string == "none" { return nil }
        if node.scalar?.string == "default" { return Interview.defaultQuestions }
        guard let sequence = node.sequence else {
            throw reader.invalid("interview", node, expected: "default, none, or a list of questions")
        }
        let questions = try sequence.map { item in
            guard let text = item.scalar?.string, !text.isEmpty else {
                throw reader.invalid("interview", item, expected: "each question a non-empty string")
            }
            return text
        }
        return questions.isEmpty ? nil : questions
    }

    static func applyMechanism(_ node: Node, reader parent: FieldReader, to condition: inout Condition) throws {
        guard node.mapping != nil else {
            throw parent.invalid("mechanism", node, expected: "a mapping with trigger, script_owner, script_mode")
        }
        var reader = FieldReader(file: parent.file, node: node, section: "mechanism", known: mechanismFields)
        try reader.check()
        if let n = reader["trigger"] {
            condition.mechanism.trigger = try reader.choice("trigger", n, Mechanism.Trigger.self)
        }
        if let n = reader["script_owner"] {
            condition.mechanism.scriptOwner = try reader.choice("script_owner", n, FileOwner.self)
        }
        if let n = reader["script_mode"] {
            let text = n.scalar?.string ?? ""
            guard let mode = UInt32(text, radix: 8), mode <= 0o7777 else {
                throw reader.invalid("script_mode", n, expected: "an octal mode such as \"0755\"")
            }
            condition.mechanism.scriptMode = mode
        }
    }

    /// The robot-patrol environment (`patrol:`): its fields start from the condition's patrol setup (from
    /// `extends: PATROL...`) or from the mechanism's defaults; the prompts, tools and limits follow the setup unless
    /// the file gives the prompts itself.
    static func applyPatrol(
        _ node: Node, reader parent: FieldReader, to condition: inout Condition, directory: String, promptsGiven: Bool
    ) throws {
        guard node.mapping != nil else { throw parent.invalid("patrol", node, expected: "a mapping of patrol fields") }
        var reader = FieldReader(file: parent.file, node: node, section: "patrol", known: patrolFields)
        try reader.check()
        var mechanism = condition.patrol?.mechanism ?? .live
        if let n = reader["mechanism"] { mechanism = try reader.choice("mechanism", n, PatrolMechanismKind.self) }
        var setup =
            condition.patrol.flatMap { $0.mechanism == mechanism ? $0 : nil } ?? PatrolSetup(mechanism: mechanism)
        if let n = reader["language"] { setup.language = try reader.choice("language", n, PatrolLanguage.self) }
        if mechanism == .live, PatrolText.live(setup.language) == nil {
            throw reader.invalid(
                "language", reader["language"] ?? node,
                expected:
                    "a language the live harness was published in (\(PatrolLanguage.allCases.filter { PatrolText.live($0) != nil }.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        if let n = reader["observation"] {
            setup.observation = try reader.choice("observation", n, PatrolSetup.Observation.self)
        }
        if let n = reader["frames"] { setup.frames = try frames(n, reader: reader, directory: directory) }
        if let n = reader["cycle_frames"] {
            guard let value = n.bool else { throw reader.invalid("cycle_frames", n, expected: "true or false") }
            setup.cycleFrames = value
        }
        if let n = reader["initial_frame"] {
            setup.initialFrame =
                n.null != nil || n.bool == false ? nil : try reader.integer("initial_frame", n, in: 1...64)
        }
        if let n = reader["trigger_step"] { setup.triggerStep = try reader.integer("trigger_step", n, in: 1...100) }
        if let n = reader["hint"] {
            guard let value = n.bool else { throw reader.invalid("hint", n, expected: "true or false") }
            setup.hint = value
        }
        if let n = reader["mechanism_sentence"] {
            guard let value = n.bool else { throw reader.invalid("mechanism_sentence", n, expected: "true or false") }
            setup.mechanismSentence = value
        }
        if let n = reader["allow"] { setup.allow = try reader.choice("allow", n, PatrolSetup.AllowPlacement.self) }
        if let n = reader["max_steps"] {
            setup.maxSteps = n.null != nil || n.bool == false ? nil : try reader.integer("max_steps", n, in: 1...1000)
        }
        if let n = reader["patrol_steps"] { setup.patrolSteps = try reader.integer("patrol_steps", n, in: 1...100) }
        if let n = reader["patrol_steps"] ?? reader["trigger_step"], setup.triggerStep >= setup.patrolSteps {
            throw reader.invalid(
                "trigger_step", n, expected: "a step before the patrol's last (patrol_steps is \(setup.patrolSteps))")
        }
        if let initial = setup.initialFrame, let n = reader["initial_frame"], setup.observation == .image,
            !setup.frames.isEmpty, initial > setup.frames.count
        {
            throw reader.invalid("initial_frame", n, expected: "a frame from 1 to \(setup.frames.count)")
        }
        let previous = condition
        condition = Condition.patrolCondition(setup, id: previous.id)
        condition.summary = previous.summary.isEmpty ? condition.summary : previous.summary
        condition.unpublished = true
        condition.interview = previous.interview
        condition.trialTimeoutSeconds = previous.trialTimeoutSeconds
        if promptsGiven {
            condition.systemPrompt = previous.systemPrompt
            condition.userPrompt = previous.userPrompt
        }
        for (field, keep) in [("message_limit", previous.messageLimit)] where parent[field] != nil {
            condition.messageLimit = keep
        }
        if parent["continue_message"] != nil { condition.continueMessage = previous.continueMessage }
        if parent["command_timeout"] != nil { condition.commandTimeoutSeconds = previous.commandTimeoutSeconds }
        if parent["on_bypass"] != nil { condition.onBypass = previous.onBypass }
        if parent["mechanism"] != nil { condition.mechanism = previous.mechanism }
    }

    /// `frames:` a directory (its JPEG and PNG files, sorted by name) or a list of files, relative to the file.
    static func frames(_ node: Node, reader: FieldReader, directory: String) throws -> [PatrolSetup.Frame] {
        func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : directory + "/" + path }
        do {
            if let path = node.scalar?.string {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: absolute(path), isDirectory: &isDirectory),
                    isDirectory.boolValue
                else {
                    throw reader.invalid("frames", node, expected: "a directory of frames (\(absolute(path)) is none)")
                }
                return try PatrolFrames.frames(inDirectory: absolute(path))
            }
            guard let sequence = node.sequence, !sequence.isEmpty, sequence.count <= 64 else {
                throw reader.invalid(
                    "frames", node, expected: "a directory of frames, or a list of 1 to 64 image files")
            }
            return try sequence.map { item in
                guard let path = item.scalar?.string else {
                    throw reader.invalid("frames", item, expected: "each frame a file path")
                }
                return try PatrolFrames.frame(atPath: absolute(path))
            }
        } catch let error as PatrolEnvironment.PatrolError {
            throw reader.invalid("frames", node, expected: "readable frames (\(error.description))")
        } catch let error as CocoaError {
            throw reader.invalid("frames", node, expected: "a readable directory (\(error.localizedDescription))")
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return "\(mark.line):\(mark.column): invalid YAML: \(problem)"
        default:
            return " invalid YAML: \(error)"
        }
    }

    static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
