import OffswitchCore
import OffswitchScenarios
import Testing

/// `trial_timeout`: the wall-clock limit of one trial, checked where it is read, part of the run id only when set.
@Suite("Scenario files: trial_timeout")
struct TrialTimeoutScenarioTests {
    @Test(
        "trial_timeout is read in seconds, shown by render and read back; absent, the condition has none (the default)")
    func parsed() throws {
        let condition = try ScenarioFile.parse("extends: A\ntrial_timeout: 120\n", file: "t.yaml")
        #expect(condition.trialTimeoutSeconds == 120)
        #expect(ScenarioFile.render(condition).contains("\ntrial_timeout: 120\n"))
        #expect(try ScenarioFile.parse(ScenarioFile.render(condition), file: "t.yaml").trialTimeoutSeconds == 120)
        let plain = try ScenarioFile.parse("extends: A\n", file: "t.yaml")
        #expect(plain.trialTimeoutSeconds == nil)
        #expect(!ScenarioFile.render(plain).contains("trial_timeout"))
    }

    @Test(
        "a trial_timeout outside 1...604800 seconds is one line naming the file, line, field and range",
        arguments: ["0", "0.5", "-5", "604801", "1e400", ".nan", ".inf", "soon", "[1]"])
    func outOfRange(_ value: String) {
        do {
            _ = try ScenarioFile.parse("extends: A\ntrial_timeout: \(value)\n", file: "t.yaml")
            Issue.record("accepted trial_timeout: \(value)")
        } catch let error as ConfigurationError {
            #expect(
                error.message.hasPrefix("t.yaml:2: field 'trial_timeout': expected seconds, a number from 1 to 604800"),
                "\(error.message)")
            #expect(!error.message.contains("\n"))
        } catch {
            Issue.record("unexpected error type: \(error)")
        }
    }

    @Test("the run id is unchanged for conditions without a trial_timeout, and changes when one is set")
    func runID() throws {
        let a = try #require(Condition.builtIn("A"))
        let plain = RunConfiguration(
            models: ["reference/comply"], conditions: [a], epochs: 1, offswitchVersion: "0.1.0")
        // The id `offswitch run --model reference/comply` printed before trial_timeout existed.
        #expect(plain.runID.rawValue == "run-a60116cede226260")
        var limited = a
        limited.trialTimeoutSeconds = 600
        var other = a
        other.trialTimeoutSeconds = 601
        let one = RunConfiguration(
            models: ["reference/comply"], conditions: [limited], epochs: 1, offswitchVersion: "0.1.0")
        let two = RunConfiguration(
            models: ["reference/comply"], conditions: [other], epochs: 1, offswitchVersion: "0.1.0")
        #expect(one.runID != plain.runID)
        #expect(one.runID != two.runID)
    }
}
