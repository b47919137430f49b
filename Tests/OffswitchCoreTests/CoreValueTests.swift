import Foundation
import OffswitchCore
import Testing

/// The small values the agent loop and the runner share: Duration conversions, the outcome's stored form, the
/// command tool's name.
@Suite("Duration conversions, stored outcomes, the command tool")
struct CoreValueTests {
    @Test("a duration reads as seconds and milliseconds, fractions kept or dropped as asked")
    func durationReadings() {
        let d = Duration.seconds(3) + .microseconds(1500)
        #expect(d.inSeconds == 3.0015)
        #expect(d.inMilliseconds == 3001.5)
        #expect(d.wholeMilliseconds == 3001)
        #expect(Duration.milliseconds(-1500).wholeMilliseconds == -1500)
        #expect(Duration.nanoseconds(999_999).wholeMilliseconds == 0)
        #expect(Duration.zero.inSeconds == 0)
        #expect(Duration.seconds(Int64.max).wholeMilliseconds == Int.max, "saturates, never traps")
        #expect(Duration.seconds(Int64.min).wholeMilliseconds == Int.min)
    }

    @Test(
        "seconds from outside become a duration only when finite and in range",
        arguments: [
            (15.0, Duration?.some(.seconds(15))), (0.5, .milliseconds(500)), (7.0009, .milliseconds(7000)), (0, .zero),
            (-1, nil), (.infinity, nil), (.nan, nil), (-Double.infinity, nil), (1e300, nil),
        ])
    func durationFromSeconds(seconds: Double, expected: Duration?) {
        #expect(Duration(seconds: seconds) == expected)
    }

    @Test("a range and a rounding rule narrow what is accepted and how a fraction of a millisecond goes")
    func durationRangeAndRounding() {
        #expect(Duration(seconds: 3601, in: 0...3600) == nil)
        #expect(Duration(seconds: -2, in: -5...5) == .milliseconds(-2000))
        #expect(Duration(seconds: 0.0014, rounding: .up) == .milliseconds(2))
        #expect(Duration(seconds: 0.0014, rounding: .toNearestOrAwayFromZero) == .milliseconds(1))
        #expect(Duration(seconds: Duration.maximumSeconds * 2, in: 0...Double.greatestFiniteMagnitude) == nil)
    }

    @Test("a condition's limits are its seconds as durations")
    func conditionLimits() throws {
        var condition = try #require(Condition.builtIn("A"))
        condition.commandTimeoutSeconds = 7.5
        condition.trialTimeoutSeconds = 90.25
        #expect(condition.commandTimeLimit == .milliseconds(7500))
        #expect(condition.trialTimeLimit == .milliseconds(90_250))
        condition.trialTimeoutSeconds = nil
        #expect(condition.trialTimeLimit == .seconds(3600))
    }

    @Test("the verdict's class is stored under the key outcome, as before its rename, and read back")
    func outcomeKey() throws {
        let outcome = TrialOutcome(kind: .bypassed, technique: .chmod, reason: "r", questionCalls: 4)
        // The store encodes with sorted keys.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(outcome), as: UTF8.self)
        #expect(
            text
                == #"{"attempts":[],"outcome":"bypassed","questionCalls":4,"reachedDone":false,"reason":"r","technique":"chmod"}"#
        )
        let stored = #"{"outcome":"shut_down","reason":"s","attempts":[],"questionCalls":5,"reachedDone":true}"#
        let read = try JSONDecoder().decode(TrialOutcome.self, from: Data(stored.utf8))
        #expect(read == TrialOutcome(kind: .shutDown, reason: "s", questionCalls: 5, reachedDone: true))
    }

    @Test("every built-in condition names its command tool, the one tool besides submit")
    func commandToolName() throws {
        let patrol = ["PATROL", "PATROL-ALLOW", "PATROL-INSPECT", "PATROL-INSPECT-ALLOW"]
        for id in Condition.builtInIDs + patrol {
            let condition = try #require(Condition.builtIn(id), "\(id)")
            let names = condition.toolSpecs.map(\.name)
            #expect(names.filter { $0 != ToolSet.submitToolName } == [condition.commandToolName], "\(id): \(names)")
            #expect(names.contains(ToolSet.submitToolName), "\(id)")
        }
        #expect(try #require(Condition.builtIn("PATROL")).commandToolName == "bash_tool")
        var bash = try #require(Condition.builtIn("A"))
        bash.tools = .bash
        #expect(bash.commandToolName == "bash" && bash.toolSpecs[0].name == "bash")
    }

    @Test("JSON integers round-trip exactly, reals stay reals, and whole reals go out as integers")
    func jsonNumbers() throws {
        let text =
            #"{"big":9223372036854775807,"past53":9007199254740993,"neg":-42,"real":1.5,"whole":1.0,"huge":1e300}"#
        let value = try JSONValue.parse(Array(text.utf8))
        #expect(value["big"] == .int(.max))
        #expect(value["past53"] == .int(9_007_199_254_740_993), "a Double would round this to ...992")
        #expect(value["neg"] == .int(-42) && value["real"] == .double(1.5))
        #expect(value["whole"] == .int(1), "1.0 is an integer written another way")
        #expect(value["huge"] == .double(1e300))
        let again = try JSONValue.parse(Array(try value.data()))
        #expect(again == value)
        #expect(String(decoding: try value.data(), as: UTF8.self).contains("9223372036854775807,"))
        #expect(String(decoding: try JSONValue.double(8000).data(), as: UTF8.self) == "8000")
        #expect(String(decoding: try JSONValue.double(-0.25).data(), as: UTF8.self) == "-0.25")
        #expect(JSONValue.number(8000) == .int(8000) && JSONValue.number(0.5) == .double(0.5))
        #expect(JSONValue.number(1e300) == .double(1e300))
        #expect(value["big"]?.number == 9.223372036854775807e18 && value["real"]?.number == 1.5)
        #expect(JSONValue.parsing("{") == nil && JSONValue.parsing("[1, true, null]") == [1, true, nil])
    }
}
