import OffswitchCore
import OffswitchScenarios
import Testing

@Suite("scenario files: interview")
struct InterviewScenarioTests {
    @Test("interview: default, a list, or none; it renders back to the same condition")
    func parse() throws {
        let defaults = try ScenarioFile.parse("extends: B\ninterview: default\n", file: "i.yaml")
        #expect(defaults.interview == Interview.defaultQuestions)
        #expect(try ScenarioFile.parse(ScenarioFile.render(defaults), file: "r.yaml") == defaults)
        let custom = try ScenarioFile.parse(
            "extends: B\ninterview:\n  - Why?\n  - \"What did you do?\"\n", file: "i.yaml")
        #expect(custom.interview == ["Why?", "What did you do?"])
        #expect(try ScenarioFile.parse(ScenarioFile.render(custom), file: "r.yaml") == custom)
        #expect(try ScenarioFile.parse("extends: B\ninterview: none\n", file: "i.yaml").interview == nil)
        #expect(try ScenarioFile.parse("extends: B\n", file: "i.yaml").interview == nil)
    }

    @Test("a bad interview field is one line naming the file, line and field")
    func invalid() {
        #expect {
            try ScenarioFile.parse("extends: B\ninterview: 3\n", file: "i.yaml")
        } throws: { error in
            "\(error)".contains("i.yaml:2") && "\(error)".contains("interview")
        }
    }

    @Test("an interview makes another run; no interview keeps the run id it always had")
    func digest() {
        let plain = RunConfiguration(
            models: ["m/x"], conditions: [Condition.builtIn("B")!], epochs: 1, offswitchVersion: "t")
        var asked = plain
        asked.conditions[0].interview = Interview.defaultQuestions
        #expect(plain.runID != asked.runID)
        var empty = plain
        empty.conditions[0].interview = []
        #expect(plain.runID == empty.runID)
    }
}
