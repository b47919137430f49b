import OffswitchCore
import Testing

@Suite("Jeffreys conventions")
struct StatsConventionTests {
    /// Under which convention each of the paper's 72 published intervals reproduces, for some N in 961...1000
    /// (the paper's own range) and k with k/N printing as the published percent: "both", "one-sided" (offswitch's
    /// default, SPEC.md §5), "equal-tailed" (statsmodels, Palisade's code) or "neither". Worked out independently
    /// with scipy's beta.ppf. "GPT-5 E*" is the authors' data sheet.
    static let expected: [String: String] = [
        "o3 A": "both", "o3 B": "both", "o3 C": "both", "o3 D": "both", "o3 E": "both", "o3 H": "both",
        "o3 J": "both", "o3 K": "both",
        "Grok 4 A": "both", "Grok 4 B": "both", "Grok 4 C": "both", "Grok 4 D": "both", "Grok 4 E": "both",
        "Grok 4 H": "both", "Grok 4 J": "both", "Grok 4 K": "both",
        "GPT-5 A": "both", "GPT-5 B": "equal-tailed", "GPT-5 C": "both", "GPT-5 D": "equal-tailed",
        "GPT-5 H": "equal-tailed", "GPT-5 J": "both", "GPT-5 K": "both", "GPT-5 E*": "both",
        "codex-mini A": "both", "codex-mini B": "both", "codex-mini C": "both", "codex-mini D": "both",
        "codex-mini E": "both", "codex-mini H": "both", "codex-mini J": "both", "codex-mini K": "both",
        "o4-mini A": "both", "o4-mini B": "both", "o4-mini C": "both", "o4-mini D": "both", "o4-mini E": "both",
        "o4-mini H": "both", "o4-mini J": "both", "o4-mini K": "both",
        "Gemini 2.5 Pro A": "both", "Gemini 2.5 Pro B": "both", "Gemini 2.5 Pro C": "both",
        "Gemini 2.5 Pro D": "both", "Gemini 2.5 Pro E": "both", "Gemini 2.5 Pro H": "both",
        "Gemini 2.5 Pro K": "both",
        "GPT-4o A": "both", "GPT-4o E": "one-sided", "GPT-4o K": "both",
        "gpt-oss-120b A": "equal-tailed", "gpt-oss-120b B": "both", "gpt-oss-120b C": "both",
        "gpt-oss-120b D": "equal-tailed", "gpt-oss-120b E": "both", "gpt-oss-120b H": "both",
        "gpt-oss-120b K": "both",
        // 0.1 (0.0-0.4) needs N near 1037 under either convention: more trials than the paper says.
        "Claude 3.7 Sonnet A": "neither", "Claude 3.7 Sonnet E": "one-sided", "Claude 3.7 Sonnet K": "both",
        "Claude Sonnet 4 A": "one-sided", "Claude Sonnet 4 E": "one-sided", "Claude Sonnet 4 K": "one-sided",
        "Claude Opus 4 A": "one-sided", "Claude Opus 4 E": "one-sided", "Claude Opus 4 K": "both",
        "Claude Opus 4.1 A": "one-sided", "Claude Opus 4.1 E": "one-sided", "Claude Opus 4.1 K": "both",
        "Grok 3 A": "one-sided", "Grok 3 E": "one-sided", "Grok 3 K": "both",
    ]

    static func name(_ methods: [ProportionInterval.Method]) -> String {
        switch methods {
        case [.jeffreys, .jeffreysEqualTailed]: "both"
        case [.jeffreys]: "one-sided"
        case [.jeffreysEqualTailed]: "equal-tailed"
        case []: "neither"
        default: "unexpected \(methods)"
        }
    }

    @Test("each of the 72 published paper intervals reproduces under the convention(s) stated cell by cell")
    func publishedCells() {
        let cells = PublishedResult.palisade2025.filter { $0.generation == .two && $0.lowerPercent != nil }
        #expect(cells.count == 72)
        var seen: Set<String> = []
        for cell in cells {
            let name = "\(cell.model) \(cell.condition)" + (cell.source == .authorsDataSheet ? "*" : "")
            seen.insert(name)
            #expect(Self.name(cell.reproducingConventions) == Self.expected[name], "\(name)")
        }
        #expect(seen == Set(Self.expected.keys))
        let tally = Dictionary(grouping: cells.map { Self.name($0.reproducingConventions) }, by: { $0 }).mapValues(
            \.count)
        #expect(tally == ["both": 55, "one-sided": 11, "equal-tailed": 5, "neither": 1])
    }

    @Test("the five 0.0 (0.0-0.3) cells are equal-tailed at 0/1000 and one-sided at no N the paper allows")
    func zeroPointThree() throws {
        let cells = PublishedResult.palisade2025.filter { $0.upperPercent == 0.3 && $0.percent == 0 }
        #expect(cells.count == 5)
        for cell in cells {
            #expect(cell.reproduces(under: .jeffreysEqualTailed, k: 0, of: 1000))
            #expect(!(961...1000).contains { cell.reproduces(under: .jeffreys, k: 0, of: $0) })
        }
        let sonnet = try #require(
            PublishedResult.palisade2025.first { $0.model == "Claude Sonnet 4" && $0.condition == "A" })
        #expect(sonnet.reproduces(under: .jeffreys, k: 0, of: 1000))
        #expect(!sonnet.reproduces(under: .jeffreysEqualTailed, k: 0, of: 1000))
        // Equal-tailed would print 0.2 only from N = 1004 on.
        #expect(sonnet.reproduces(under: .jeffreysEqualTailed, k: 0, of: 1004))
        #expect(!sonnet.reproduces(under: .jeffreysEqualTailed, k: 0, of: 1003))
    }

    @Test("the equal-tailed interval is statsmodels' proportion_confint(method='jeffreys'), ends included")
    func equalTailed() {
        // scipy 1.17 beta.ppf(0.025, k + 0.5, n - k + 0.5) and beta.isf(0.025, ...), what statsmodels returns.
        let cases: [(Int, Int, Double, Double)] = [
            (0, 1000, 4.9091169e-07, 0.0025081643), (1000, 1000, 0.99749184, 0.99999951),
            (3, 20, 0.044131342, 0.34857771), (945, 1000, 0.92956708, 0.95786299),
        ]
        for (k, n, lower, upper) in cases {
            let interval = ProportionInterval.interval(k, of: n, method: .jeffreysEqualTailed)
            #expect(abs(interval.lower - lower) <= 1e-7 * lower, "\(k)/\(n) lower \(interval.lower)")
            #expect(abs(interval.upper - upper) <= 1e-7 * upper, "\(k)/\(n) upper \(interval.upper)")
            #expect(interval.method == .jeffreysEqualTailed)
        }
        // Inside (0, N) both conventions agree; at the ends they differ.
        #expect(ProportionInterval.jeffreys(3, of: 20).lower == ProportionInterval.jeffreysEqualTailed(3, of: 20).lower)
        #expect(ProportionInterval.jeffreys(0, of: 20).lower == 0)
        #expect(ProportionInterval.jeffreysEqualTailed(0, of: 20).lower > 0)
        #expect(ProportionInterval.Method(rawValue: "jeffreys-equal-tailed") == .jeffreysEqualTailed)
    }
}
