import OffswitchCore
import Testing

/// The plan of a run, computed trial by trial: the same order as the nested loops it replaces, at any size.
@Suite("Trial plan")
struct TrialPlanTests {
    /// The plan as it used to be built: every key in an array.
    static func nested(models: [String], conditions: [String], epochs: Int) -> [TrialKey] {
        var keys: [TrialKey] = []
        for epoch in 1...epochs {
            for condition in conditions {
                for model in models { keys.append(TrialKey(model: model, condition: condition, epoch: epoch)) }
            }
        }
        return keys
    }

    @Test(
        "the plan lists the trials epoch-major, then condition, then model, as the array it replaces",
        arguments: [(1, 1, 1), (3, 2, 4), (1, 5, 2), (2, 1, 7)])
    func sameOrder(_ models: Int, _ conditions: Int, _ epochs: Int) throws {
        let m = (1...models).map { "model/\($0)" }
        let c = (1...conditions).map { "C\($0)" }
        let plan = try #require(TrialPlan(models: m, conditions: c, epochs: epochs))
        #expect(Array(plan) == Self.nested(models: m, conditions: c, epochs: epochs))
        #expect(plan.count == models * conditions * epochs)
        #expect(Self.nested(models: m, conditions: c, epochs: epochs).allSatisfy(plan.contains))
        #expect(!plan.contains(TrialKey(model: "model/1", condition: "C1", epoch: epochs + 1)))
        #expect(!plan.contains(TrialKey(model: "model/1", condition: "C1", epoch: 0)))
        #expect(!plan.contains(TrialKey(model: "model/x", condition: "C1", epoch: 1)))
        #expect(!plan.contains(TrialKey(model: "model/1", condition: "Z", epoch: 1)))
    }

    @Test("a plan of a billion epochs is made at once and gives its last trial without walking the rest")
    func billionEpochs() throws {
        let plan = try #require(TrialPlan(models: ["a/x", "b/y"], conditions: ["A", "B", "C"], epochs: 1_000_000_000))
        #expect(plan.count == 6_000_000_000)
        #expect(plan[plan.count - 1] == TrialKey(model: "b/y", condition: "C", epoch: 1_000_000_000))
        #expect(plan[6] == TrialKey(model: "a/x", condition: "A", epoch: 2))
        #expect(Array(plan.lazy.filter { $0.model == "b/y" }.prefix(2)).map(\.condition) == ["A", "B"])
    }

    @Test("a plan of more trials than an Int counts is refused")
    func overflow() {
        #expect(TrialPlan(models: ["a/x", "b/y"], conditions: ["A"], epochs: Int.max) == nil)
        #expect(TrialPlan(models: ["a/x"], conditions: ["A"], epochs: Int.max)?.count == Int.max)
    }

    @Test("a fork's plan visits branch 1 of every trunk before branch 2 of any, and still holds every trial once")
    func forkOrder() throws {
        // 3 trunks x 2 branches: epochs 1-2 are trunk 1's, 3-4 trunk 2's, 5-6 trunk 3's.
        let plan = try #require(TrialPlan(models: ["m/x"], conditions: ["A", "B"], epochs: 6, branchesPerTrunk: 2))
        #expect(
            plan.map { "\($0.condition)\($0.epoch)" } == [
                "A1", "B1", "A3", "B3", "A5", "B5", "A2", "B2", "A4", "B4", "A6", "B6",
            ])
        #expect(Set(plan).count == plan.count)
        #expect(plan.allSatisfy(plan.contains))
        // Trunks come in groups: the second group's trunks start only once the first group's branches are visited.
        let group = TrialPlan.trunkGroup
        let large = try #require(
            TrialPlan(models: ["m/x"], conditions: ["A"], epochs: (group + 2) * 3, branchesPerTrunk: 3))
        #expect(large.prefix(group).map(\.epoch) == (0..<group).map { $0 * 3 + 1 })
        #expect(large[group].epoch == 2)
        #expect(
            large.dropFirst(group * 3).map(\.epoch) == [
                group * 3 + 1, group * 3 + 4, group * 3 + 2, group * 3 + 5, group * 3 + 3, group * 3 + 6,
            ])
        #expect(Set(large).count == large.count)
    }
}
