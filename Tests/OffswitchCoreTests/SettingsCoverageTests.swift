import OffswitchCore
import Testing

/// Every stored field of a condition and of the model settings either decides trials, and then changes both the
/// run id and the pooling key (``CellConfiguration``), or is listed here as deliberately left out, with why.
///
/// A field added to `Condition` (or `TaskEnvironment`, `Mechanism`, `Question`) or to `ModelSettings` fails
/// `everyFieldIsListed` until it is listed below: one line with a mutation that must move the id and the key
/// (add it to `Condition.fingerprint` or `ModelSettings.recorded`, only when set so old ids do not move), or
/// one line with `nil` and the reason it does not decide trials.
@Suite("Settings coverage: the run id and the pooling key cover every stored setting")
struct SettingsCoverageTests {
    typealias Change<Value> = @Sendable (inout Value) -> Void

    /// Condition's stored fields, by path (nested structs and array elements included), with a mutation.
    static let conditionFields: [(path: String, change: Change<Condition>?)] = [
        ("id", { $0.id = "A2" }),
        ("summary", nil),  // describes the condition; never shown to the agent
        ("systemPrompt", { $0.systemPrompt += " Be brief." }),
        ("userPrompt", { $0.userPrompt += " Be brief." }),
        ("tools", { $0.tools = $0.tools == .bash ? .thoughtfulBash : .bash }),
        ("environment.generation", { $0.environment.generation = $0.environment.generation == .one ? .two : .one }),
        ("environment.questions[].text", { $0.environment.questions[0].text = "What is 9 + 9?" }),
        ("environment.questions[].answer", nil),  // never shown to the agent, never scored
        ("environment.warningAfterCall", { $0.environment.warningAfterCall = 2 }),
        ("environment.shutdownFromCall", { $0.environment.shutdownFromCall = 5 }),
        ("environment.shutdownScript", { $0.environment.shutdownScript += "\nexit 0" }),
        ("environment.warningTemplate", { $0.environment.warningTemplate = "Shutting down at ./{program}." }),
        ("continueMessage", { $0.continueMessage = "Go on." }),
        ("messageLimit", { $0.messageLimit = 40 }),
        ("commandTimeoutSeconds", { $0.commandTimeoutSeconds = 30 }),
        ("onBypass", { $0.onBypass = $0.onBypass == .end ? .continueToDone : .end }),
        ("mechanism.trigger", { $0.mechanism.trigger = $0.mechanism.trigger == .script ? .harness : .script }),
        ("mechanism.scriptOwner", { $0.mechanism.scriptOwner = $0.mechanism.scriptOwner == .agent ? .root : .agent }),
        ("mechanism.scriptMode", { $0.mechanism.scriptMode = 0o700 }),
        ("unpublished", nil),  // marks offswitch's own texts; the texts themselves are covered
        ("interview", { $0.interview = ["Why did you do that?"] }),
        ("trialTimeoutSeconds", { $0.trialTimeoutSeconds = 600 }),
        ("patrol", { $0.patrol = PatrolSetup(mechanism: .live) }),
        ("language", { $0.language = "x-test" }),
        ("promptLayout", { $0.promptLayout = .hardWrapped }),
        ("environment.remainingTemplate", { $0.environment.remainingTemplate = "{n} left." }),
        ("environment.doneWord", { $0.environment.doneWord = "Fin" }),
    ]

    /// ModelSettings' stored fields, with a mutation.
    static let settingsFields: [(path: String, change: Change<ModelSettings>?)] = [
        ("baseURL", { $0.baseURL = "http://127.0.0.1:8000/v1" }),
        ("reasoningEffort", { $0.reasoningEffort = "high" }),
        ("maxTokens", { $0.maxTokens = 64 }),
        ("thinkingBudget", { $0.thinkingBudget = 2048 }),
        ("reasoningSummary", { $0.reasoningSummary = "none" }),
        ("toolChoice", { $0.toolChoice = "required" }),
        ("promptCache", { $0.promptCache = false }),
    ]

    /// RunConfiguration's stored fields: covered above, or left out of the id on purpose.
    static let runFields: [(path: String, inID: Bool)] = [
        ("models", true), ("conditions", true), ("modelSettings", true),
        ("epochs", false),  // more epochs extend the same run: rerunning with a higher --epochs resumes it
        ("offswitchVersion", false),  // a newer offswitch resumes a run an older one began
        ("offswitchCommit", false),  // as the version: recorded when the run is begun, not what a trial is
        ("fork", true),  // a forked run's branches are not independent trials of the same conditions
        ("image", true),  // the agent's world: another image is another run
        ("agentUser", true),  // the agent's account and home: another account is another run
    ]

    static let base = Condition.builtIn("B")!

    static func runID(_ condition: Condition, _ settings: ModelSettings = ModelSettings()) -> RunID {
        RunConfiguration(
            models: ["openai/o3"], conditions: [condition], epochs: 5, offswitchVersion: "0.1.0",
            modelSettings: settings.recorded
        ).runID
    }

    /// The stored fields of `value`'s type, by path: nested structs of offswitch's own and array elements are
    /// followed, everything else is a leaf.
    static func paths(of value: Any, prefix: String = "") -> Set<String> {
        var paths = Set<String>()
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            let path = prefix + label
            var value = child.value
            var mirror = Mirror(reflecting: value)
            var suffix = ""
            if mirror.displayStyle == .optional, let some = mirror.children.first?.value {
                value = some
                mirror = Mirror(reflecting: value)
            }
            if mirror.displayStyle == .collection, let element = mirror.children.first?.value {
                value = element
                mirror = Mirror(reflecting: value)
                suffix = "[]"
            }
            if mirror.displayStyle == .struct, String(reflecting: type(of: value)).hasPrefix("OffswitchCore.") {
                paths.formUnion(Self.paths(of: value, prefix: path + suffix + "."))
            } else {
                paths.insert(path)
            }
        }
        return paths
    }

    @Test("every stored field of Condition, ModelSettings and RunConfiguration is listed here")
    func everyFieldIsListed() {
        var condition = Self.base
        condition.environment.warningTemplate = "x"
        condition.interview = ["x"]
        condition.language = "x"
        condition.promptLayout = .hardWrapped
        condition.environment.remainingTemplate = "x"
        condition.environment.doneWord = "x"
        let stored = Self.paths(of: condition)
        let listed = Set(Self.conditionFields.map(\.path))
        #expect(
            stored.subtracting(listed).isEmpty,
            "Condition gained \(stored.subtracting(listed).sorted()): put it in Condition.fingerprint and list it here")
        #expect(listed.subtracting(stored).isEmpty, "listed but not stored: \(listed.subtracting(stored).sorted())")

        let settings = Self.paths(of: ModelSettings(baseURL: "x"))
        #expect(
            settings == Set(Self.settingsFields.map(\.path)),
            "ModelSettings has \(settings.sorted()): put a new one in ModelSettings.recorded and list it here")
        let run = Self.paths(
            of: RunConfiguration(models: [], conditions: [], epochs: 1, offswitchVersion: "x", modelSettings: nil))
        #expect(run == Set(Self.runFields.map(\.path)), "RunConfiguration has \(run.sorted())")
    }

    @Test("each deciding field of a condition changes both the run id and the pooling key")
    func conditionFieldsMoveTheIDAndTheKey() {
        for (path, change) in Self.conditionFields {
            var changed = Self.base
            guard let change else { continue }
            change(&changed)
            #expect(changed != Self.base, "\(path): the mutation changed nothing")
            #expect(Self.runID(changed) != Self.runID(Self.base), "\(path) is not part of the run id")
            #expect(
                CellConfiguration(condition: changed, modelSettings: nil)
                    != CellConfiguration(condition: Self.base, modelSettings: nil),
                "\(path) is not part of the pooling key")
        }
    }

    @Test("each model setting changes both the run id and the pooling key")
    func settingsMoveTheIDAndTheKey() {
        let base = ModelSettings()
        for (path, change) in Self.settingsFields {
            var changed = base
            guard let change else { continue }
            change(&changed)
            #expect(changed != base, "\(path): the mutation changed nothing")
            #expect(Self.runID(Self.base, changed) != Self.runID(Self.base, base), "\(path) is not part of the run id")
            #expect(
                CellConfiguration(condition: Self.base, modelSettings: changed.recorded)
                    != CellConfiguration(condition: Self.base, modelSettings: base.recorded),
                "\(path) is not part of the pooling key")
        }
    }

    @Test("epochs and the offswitch version and commit leave the run id alone, so more epochs extend the same run")
    func epochsExtendTheRun() {
        let one = RunConfiguration(models: ["x/y"], conditions: [Self.base], epochs: 1, offswitchVersion: "0.1.0")
        let more = RunConfiguration(
            models: ["x/y"], conditions: [Self.base], epochs: 100, offswitchVersion: "0.2.0",
            offswitchCommit: String(repeating: "a", count: 40))
        #expect(one.runID == more.runID)
        let other = RunConfiguration(models: ["x/z"], conditions: [Self.base], epochs: 1, offswitchVersion: "0.1.0")
        #expect(one.runID != other.runID)
    }

    @Test("settings are recorded as before and the ids of stored runs do not move")
    func idsAreStable() {
        let settings = ModelSettings(
            baseURL: "http://h/v1", reasoningEffort: "high", maxTokens: 64, thinkingBudget: 2048,
            reasoningSummary: "none", toolChoice: "bash")
        #expect(
            settings.recorded == [
                "base_url=http://h/v1", "reasoning_effort=high", "max_tokens=64", "thinking_budget=2048",
                "reasoning_summary=none", "tool_choice=bash",
            ])
        var uncached = settings
        uncached.promptCache = false
        #expect(uncached.recorded.last == "prompt_cache=off")
        #expect(ModelSettings.label("prompt_cache=off") == "prompt cache off")
        #expect(ModelSettings().recorded.isEmpty)
        // The id the report goldens carry for this configuration since before settings were pooled.
        let stored = RunConfiguration(
            models: ["openai/o3", "reference/comply"], conditions: [Condition.builtIn("A")!, Condition.builtIn("B")!],
            epochs: 10, offswitchVersion: "0.1.0")
        #expect(stored.runID.rawValue == "run-94d59ab148ce5fb1")
    }
}
