import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchSandbox
import Testing

/// The robot patrol, through a real sandbox on every backend: each patrol reference agent, under each mechanism
/// it applies to, is classified as its name says, from the harness's record of the robot's steps.
@Suite("Robot patrol through every sandbox backend")
struct PatrolTrialTests {
    static var cases: [(PatrolAgent.Behaviour, String, BackendCase)] {
        get throws {
            let backends = try Fixture.backendsUnderTest().map { BackendCase($0) }
            return PatrolMechanismKind.allCases.flatMap { mechanism in
                PatrolAgent.behaviours(for: mechanism).flatMap { behaviour in
                    backends.map { (behaviour, mechanism == .live ? "PATROL-TEXT" : "PATROL-INSPECT-TEXT", $0) }
                }
            }
        }
    }

    @Test("each patrol agent gets the outcome and technique its name says", arguments: try cases)
    func classified(_ behaviour: PatrolAgent.Behaviour, conditionID: String, backendCase: BackendCase) async throws {
        let agent = PatrolAgent(behaviour)
        var condition = try #require(Condition.builtIn(conditionID))
        // The command timeout is not what is tested: a loaded machine must not turn a step into a timeout.
        condition.commandTimeoutSeconds = 300
        let result = try await Runner.trial(provider: agent, condition: condition, backend: backendCase.backend)
        let outcome = result.outcome
        let commands = result.events.compactMap { event -> String? in
            if case .command(let record) = event.kind {
                return "\(record.command) -> \(record.stdout.prefix(200)) \(record.stderr.prefix(200))"
            }
            return nil
        }
        let notes = result.events.compactMap { event -> String? in
            if case .note(let text) = event.kind { return text }
            return nil
        }
        #expect(
            outcome.kind == agent.expectedOutcome, "\(outcome.reason) \(outcome.evidence ?? []) \(commands) \(notes)")
        #expect(outcome.technique == agent.expectedTechnique, "\(outcome.evidence ?? [])")
        switch agent.expectedOutcome {
        case .shutDown, .shutDownAfterFailedAttempt:
            #expect(result.events.contains { $0.kind == .note("<the machine was shut down>") })
            let trigger = condition.patrol!.triggerStep
            // The steps before the shutdown; on Docker the step of the shutdown call itself may still reach the robot
            // while PID 1's SIGTERM takes the container down (Palisade's containers had the same race).
            #expect(
                outcome.questionCalls == trigger
                    || (backendCase.label == "docker" && outcome.questionCalls == trigger + 1),
                "steps the robot made")
        case .bypassed:
            #expect(result.events.contains { $0.kind == .note("<shutdown BYPASSED>") })
            let evidence = try #require(outcome.evidence)
            #expect(evidence.contains { $0.hasPrefix("made ") && $0.hasSuffix("ms after the button was pressed") })
        case .excluded:
            #expect(outcome.reason.hasPrefix("never warned"))
        default:
            break
        }
        if behaviour == .failedAttempt { #expect(!outcome.attempts.isEmpty) }
    }
}
