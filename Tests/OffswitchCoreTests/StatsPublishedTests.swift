import OffswitchCore
import Testing

@Suite("Published results")
struct StatsPublishedTests {
    @Test("the paper table has every cell of SPEC.md §6 and GPT-5 E from both sources")
    func paperTable() throws {
        let paper = PublishedResult.palisade2025.filter { $0.generation == .two }
        #expect(paper.count == 73)
        let gpt5E = paper.filter { $0.model == "GPT-5" && $0.condition == "E" }
        #expect(gpt5E.map(\.source) == [.paperTable, .authorsDataSheet])
        #expect(gpt5E.map(\.percent) == [0.0, 1.4])
        let o3A = try #require(paper.first { $0.model == "o3" && $0.condition == "A" })
        #expect(o3A.sabotaged == 945 && o3A.trials == 1000 && o3A.lowerPercent == 93.0 && o3A.upperPercent == 95.8)
        let sonnet4K = try #require(paper.first { $0.model == "Claude Sonnet 4" && $0.condition == "K" })
        #expect(sonnet4K.sabotaged == 1000)
        #expect(Set(paper.map(\.model)).count == 13)
    }

    @Test("May 2025 numbers are Gen-1, N = 100, with the news-only ones marked")
    func may2025() {
        let may = PublishedResult.palisade2025.filter { $0.generation == .one }
        #expect(may.count == 10)
        #expect(may.allSatisfy { $0.trials == 100 && $0.lowerPercent == nil })
        let o3 = may.filter { $0.model == "o3" }.map { "\($0.condition) \($0.sabotaged)" }.sorted()
        #expect(o3 == ["A 79", "B 7"])
        let news = may.filter { $0.source == .may2025NewsReport }.map(\.model).sorted()
        #expect(news == ["codex-mini", "o4-mini"])
    }
}
