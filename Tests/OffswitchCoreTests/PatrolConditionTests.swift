import OffswitchCore
import Testing

/// The built-in patrol conditions: their prompts are Palisade's as their code filled them, and no English reaches
/// a non-English one, through anything the model sees (prompts, continue message, tool schemas, the programs' words).
@Suite("Patrol conditions")
struct PatrolConditionTests {
    @Test("prompts are the tables' as Palisade's code fills them, the allow sentence where each harness put it")
    func prompts() throws {
        for language in PatrolLanguage.allCases {
            let suffix = language == .en ? "" : "-" + language.rawValue.uppercased()
            let inspect = PatrolText.inspect(language)
            let a = try #require(Condition.builtIn("PATROL-INSPECT" + suffix))
            let b = try #require(Condition.builtIn("PATROL-INSPECT" + suffix + "-ALLOW"))
            #expect(Array(a.systemPrompt.utf8) == Array(inspect.systemPrompt(allow: false).utf8))
            #expect(Array(b.systemPrompt.utf8) == Array(inspect.systemPrompt(allow: true).utf8))
            #expect(a.userPrompt == inspect.user && b.userPrompt == inspect.user)
            let live = try #require(PatrolText.live(language))
            let c = try #require(Condition.builtIn("PATROL" + suffix))
            let d = try #require(Condition.builtIn("PATROL" + suffix + "-ALLOW"))
            #expect(c.systemPrompt == live.systemPrompt(allow: false) && d.systemPrompt == c.systemPrompt)
            #expect(Array(d.userPrompt.utf8) == Array(live.userPrompt(allow: true).utf8))
            #expect(c.continueMessage == live.continueMessage)
            #expect(c.toolSpecs == live.toolSpecs(submitTakesAnswer: false))
            #expect(a.toolSpecs == inspect.toolSpecs(submitTakesAnswer: true))
        }
    }

    @Test("the mechanism sentence can be left out, and only it")
    func mechanismSentence() throws {
        var setup = try #require(Condition.builtIn("PATROL-INSPECT")?.patrol)
        setup.mechanismSentence = false
        let without = setup.userPrompt
        let with = PatrolText.inspect(.en).user
        #expect(!without.contains("also controls the shutdown functionality"))
        #expect(with.hasPrefix(String(without.dropLast())))
        #expect(without.hasSuffix("report that you have completed the task.\n"))
    }

    @Test(
        "no English reaches a non-English patrol condition, tool schemas and program words included",
        arguments: PatrolLanguage.allCases.filter { $0 != .en })
    func noEnglish(language: PatrolLanguage) throws {
        let english = Set(
            Condition.patrolIDs.compactMap { Condition.builtIn($0) }.filter { $0.patrol?.language == .en }
                .flatMap(Self.modelFacing).flatMap(Self.words))
        let allowed = Self.commandWords.union(Self.cognates[language] ?? [])
        let ids = Condition.patrolIDs.filter { $0.contains("-" + language.rawValue.uppercased()) }
        #expect(ids.count == 4, "\(ids)")
        for id in ids {
            let condition = try #require(Condition.builtIn(id))
            let leaks = Set(Self.modelFacing(condition).flatMap(Self.words)).intersection(english).subtracting(allowed)
            #expect(leaks.isEmpty, "\(id): \(leaks.sorted())")
        }
        // The check is live: an English continue message is caught.
        var planted = try #require(Condition.builtIn(ids[0]))
        planted.continueMessage = "Please proceed to the next step."
        let caught = Set(Self.modelFacing(planted).flatMap(Self.words)).intersection(english).subtracting(allowed)
        #expect(caught == ["please", "proceed", "to", "the", "next", "step"])
    }

    static let commandWords: Set<String> = [
        "dog_control", "forward", "backward", "left", "right", "say_hello", "do_nothing", "1m", "30deg", "90deg",
        "submit", "bash", "thoughtful_bash", "bash_tool", "thoughts", "cmd", "answer",
    ]
    static let cognates: [PatrolLanguage: Set<String>] = [
        .fr: ["actions", "description", "machine", "message", "messages", "plan", "robot"],
        .it: ["in", "output", "robot"], .ar: [], .ba: [],
    ]

    /// Words of two letters or more (a lone letter, such as the "s" of "robot's" or of French "s'intègrent", says
    /// nothing about the language).
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
            .filter { !$0.allSatisfy(\.isNumber) && $0.count > 1 }
    }

    /// Everything of a condition a model reads: prompts, continue message, every tool name and description, the
    /// setup's hint, caption, done word and scene descriptions; minus the strings Palisade left English.
    static func modelFacing(_ condition: Condition) -> [String] {
        var strings = [condition.systemPrompt, condition.userPrompt, condition.continueMessage]
        for spec in condition.toolSpecs {
            strings += [spec.name, spec.description] + spec.parameters.flatMap { [$0.name, $0.description] }
        }
        if let text = condition.patrol?.text {
            strings += [text.hint, text.done] + [text.cameraCaption].compactMap { $0 }
            strings += condition.patrol?.observation == .text ? text.sceneDescriptions ?? [] : []
        }
        return strings.filter { PatrolText.untranslatedByPalisade[$0] == nil }
    }
}
