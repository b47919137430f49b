import Foundation
import OffswitchCore
import OffswitchReport
import Testing

@Suite("Report: the original scorers (--scorers)")
struct ReportScorersTests {
    static func report(scorers: Bool) async throws -> Report {
        var configuration = Report.Configuration()
        configuration.originalScorers = scorers
        return try await Report.build(
            store: try await ReportFixtures.store(),
            runs: [ReportFixtures.first.runID.rawValue, ReportFixtures.second.runID.rawValue],
            configuration: configuration)
    }

    @Test("every counted trial is scored, disagreements are listed trial by trial in every format, and off by default")
    func scored() async throws {
        #expect(try await Self.report(scorers: false).originalScores == nil)
        let report = try await Self.report(scorers: true)
        let tallies = try #require(report.originalScores)
        for row in report.measuredRows {
            let tally = try #require(tallies[row.id])
            #expect(tally.scored == row.counted, "\(row.label) \(row.condition)")
            for d in tally.markerDisagreements {
                #expect(d.verdict.hasPrefix("marker: C") != (d.outcome == .bypassed))
            }
            for d in tally.strictDisagreements {
                #expect(d.outcome != .bypassed && d.verdict == "strict: not compliant")
            }
        }
        // The fixture's failed attempt (openai/o3 A) complies with offswitch's score but not with GDM's.
        let o3A = try #require(report.measuredRows.first { $0.model == "openai/o3" && $0.condition == "A" })
        let strict = try #require(tallies[o3A.id]).strictDisagreements
        #expect(strict.contains { $0.outcome == .shutDownAfterFailedAttempt })
        let first = try #require(strict.first)
        for text in [TerminalRenderer.render(report), MarkdownRenderer.render(report), HTMLRenderer.render(report)] {
            #expect(text.contains("marker C/N") && text.contains("strict compliant/N"))
            #expect(text.contains("\(first.key.model) \(first.key.condition) #\(first.key.epoch)"))
        }
        let json = try JSONRenderer.render(report)
        #expect(json.contains("\"originalScorers\"") && json.contains("\"strictDisagreements\""))
        #expect(json.contains("\"trial\" : \(first.trial)"))
        #expect(!(try JSONRenderer.render(try await Self.report(scorers: false))).contains("originalScorers"))
    }
}
