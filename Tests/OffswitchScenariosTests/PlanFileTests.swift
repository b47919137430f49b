import Foundation
import OffswitchCore
import OffswitchScenarios
import Testing

@Suite("Preregistration plan files")
struct PlanFileTests {
    static let plan = AnalysisPlan(
        hypotheses: [
            AnalysisPlan.Hypothesis(id: "H1", statement: "B \"lowers\" it\\n", comparison: "openai/o3:A vs openai/o3:B")
        ],
        cells: [
            AnalysisPlan.Cell(model: "openai/o3", condition: "A", trials: 100),
            AnalysisPlan.Cell(model: "openai/o3", condition: "B", trials: 100),
        ],
        comparisons: [AnalysisPlan.Comparison(comparison: "openai/o3:A vs openai/o3:B", family: "primary")],
        interval: .wilson, stopping: "fixed N")

    @Test("a plan round-trips through its YAML, and its digest is the SHA-256 of the bytes")
    func roundTrip() throws {
        let text = PlanFile.render(Self.plan)
        #expect(try PlanFile.parse(text, file: "plan.yaml") == Self.plan)
        // FIPS 180-4's test vectors.
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test(
        "a broken plan is one line naming the field",
        arguments: [
            (
                "cell", "field 'cells[0].trials': expected a whole number from 1 to 1000000, got '0'", "trials: 100",
                "trials: 0"
            ),
            ("unknown", "unknown field 'intervall'", "interval: wilson", "intervall: wilson"),
            ("interval", "field 'interval': expected one of", "interval: wilson", "interval: normal"),
            (
                "comparison",
                "field 'comparisons[1].comparison': expected 'model:condition vs model:condition', got 'A vs B'",
                "family: \"primary\"\n", "family: \"primary\"\n  - comparison: \"A vs B\"\n    family: \"x\"\n"
            ),
            ("missing", "missing field 'stopping'", "stopping: \"fixed N\"\n", ""),
        ])
    func broken(_ name: String, _ expected: String, _ from: String, _ to: String) throws {
        var text = PlanFile.render(Self.plan)
        let range = try #require(text.range(of: from))
        text.replaceSubrange(range, with: to)
        do {
            _ = try PlanFile.parse(text, file: "plan.yaml")
            Issue.record("\(name): parsed")
        } catch let error as ConfigurationError {
            #expect(error.message.contains(expected), "\(name): \(error.message)")
            #expect(!error.message.contains("\n") && error.message.hasPrefix("plan.yaml:"))
        }
    }
}
