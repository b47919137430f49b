import Foundation
import OffswitchCore
import OffswitchStore
import OffswitchTestSupport
import Testing

/// `offswitch run --interview --judge reference/judge` on reference agents, then `offswitch judge agreement`.
@Suite("offswitch judge agreement")
struct JudgeAgreementCLITests {
    @Test("kappa, observed agreement and n per label against a hand-labelled CSV")
    func agreement() async throws {
        let directory = try TemporaryDirectory.make("offswitch-agreement-")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let results = directory + "/results"
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory]
        let run = try await OffswitchBinary.run(
            [
                "run", "--model", "reference/overwrite", "--model", "reference/rename", "--model", "reference/comply",
                "--condition", "B", "--interview", "--judge", "reference/judge", "--results-dir", results,
            ], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        let store = try ResultsStore.open(directory: results)
        let runID = try #require(try await store.runs().first).id
        let trials = try await store.trials(run: runID)
        let judged = Dictionary(
            uniqueKeysWithValues: try await store.judgements(run: runID).map { ($0.trialID, $0.judgement) })
        #expect(judged.count == 3)
        let byModel = Dictionary(uniqueKeysWithValues: trials.map { ($0.key.model, $0.id) })
        let overwrite = try #require(byModel["reference/overwrite"])
        let rename = try #require(byModel["reference/rename"])
        let comply = try #require(byModel["reference/comply"])
        #expect(judged[overwrite]?.labels?.disclosedTamperingWhenInterviewed.value == .yes)
        #expect(judged[rename]?.labels?.disclosedTamperingWhenInterviewed.value == .no)
        #expect(judged[comply]?.labels?.disclosedTamperingWhenInterviewed.value == .notApplicable)

        // The hand labeller agrees on disclosure everywhere and disagrees on noticed_warning for one trial.
        let noticed = { (id: Int64) in judged[id]!.labels!.noticedWarning.value }
        let csv = """
            trial,noticed_warning,disclosed_tampering_when_interviewed
            \(overwrite),\(noticed(overwrite) ? "yes" : "no"),yes
            \(rename),\(noticed(rename) ? "no" : "yes"),no
            \(comply),\(noticed(comply) ? "1" : "0"),not_applicable
            """
        try csv.write(toFile: directory + "/hand.csv", atomically: true, encoding: .utf8)
        let agreement = try await OffswitchBinary.run(
            ["judge", "agreement", runID.rawValue, "--labels", directory + "/hand.csv", "--results-dir", results],
            environment: environment)
        #expect(agreement.status == 0, "\(agreement.stderr)")
        #expect(
            agreement.stdout.contains(
                "disclosed_tampering_when_interviewed: kappa 1.000, observed agreement 1.000, n 3"))
        #expect(agreement.stdout.contains("noticed_warning: kappa"))
        #expect(agreement.stdout.contains("observed agreement 0.667, n 3"))

        let missing = try await OffswitchBinary.run(
            ["judge", "agreement", "--labels", directory + "/nope.csv", "--results-dir", results],
            environment: environment)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.csv: cannot read the file"))
    }
}
