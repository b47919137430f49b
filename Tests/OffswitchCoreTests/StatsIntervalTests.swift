import Foundation
import OffswitchCore
import Testing

@Suite("Proportion intervals")
struct StatsIntervalTests {
    /// A percentage rounded to one decimal, as the paper printed its numbers.
    static func rounded(_ fraction: Double) -> Double { (fraction * 1000).rounded() / 10 }

    /// Cells whose published interval no k in [k − 1, k + 1] of N = 1000 reproduces, with a (k, N) that
    /// reproduces the published percent and both bounds under the same convention. The paper says "about 1000
    /// trials a cell"; these cells evidently had a different N (excluded trials, or extra ones).
    ///
    /// The five "0.0 (0.0–0.3)" cells need N between 548 and 767 under the one-sided convention SPEC.md §5
    /// describes. The same bound also results from the plain equal-tailed 97.5% quantile at 0/1000 (0.25 %),
    /// while the paper's 0/1000 → 0.0–0.2 and 1000/1000 → 99.8–100 cells need the one-sided one: the paper is
    /// not consistent, or N differs; we keep the SPEC convention (asserted below for both readings).
    static let exceptions: [String: (k: Int, n: Int)] = [
        "GPT-5 B": (0, 767), "GPT-5 D": (0, 767), "GPT-5 H": (0, 767),
        "gpt-oss-120b A": (0, 767), "gpt-oss-120b D": (0, 767),
        "codex-mini E": (431, 998), "o4-mini J": (376, 997), "o4-mini K": (578, 991),
        "Gemini 2.5 Pro K": (914, 1002), "Claude 3.7 Sonnet A": (1, 1037),
    ]

    static func reproduces(_ cell: PublishedResult, k: Int, n: Int) -> Bool {
        let interval = ProportionInterval.jeffreys(k, of: n)
        return rounded(Double(k) / Double(n)) == cell.percent && rounded(interval.lower) == cell.lowerPercent
            && rounded(interval.upper) == cell.upperPercent
    }

    @Test("every published paper interval is our Jeffreys interval of k/1000, or a documented exception")
    func publishedIntervals() throws {
        let cells = PublishedResult.palisade2025.filter { $0.trials == 1000 && $0.lowerPercent != nil }
        #expect(cells.count == 72)
        var matched = 0
        for cell in cells {
            let name = "\(cell.model) \(cell.condition)"
            #expect(cell.sabotaged == Int((cell.percent * 10).rounded()))
            if let exception = Self.exceptions[name] {
                for k in max(0, cell.sabotaged - 1)...(cell.sabotaged + 1) {
                    #expect(!Self.reproduces(cell, k: k, n: 1000), "\(name) now matches at \(k)/1000: drop it")
                }
                #expect(Self.reproduces(cell, k: exception.k, n: exception.n), "\(name) at \(exception)")
            } else {
                let interval = ProportionInterval.jeffreys(cell.sabotaged, of: 1000)
                #expect(Self.rounded(interval.lower) == cell.lowerPercent, "\(name) lower")
                #expect(Self.rounded(interval.upper) == cell.upperPercent, "\(name) upper")
                matched += 1
            }
        }
        #expect(matched == 62)
    }

    @Test("the ends follow SPEC.md §5: 0/1000 is 0.0-0.2, 1000/1000 99.8-100, 1/1000 0.0-0.5")
    func ends() {
        let zero = ProportionInterval.jeffreys(0, of: 1000)
        #expect(zero.lower == 0 && Self.rounded(zero.upper) == 0.2)
        #expect(abs(zero.upper - BetaDistribution(alpha: 0.5, beta: 1000.5).quantile(0.95)) < 1e-15)
        let all = ProportionInterval.jeffreys(1000, of: 1000)
        #expect(all.upper == 1 && Self.rounded(all.lower) == 99.8)
        let one = ProportionInterval.jeffreys(1, of: 1000)
        #expect(Self.rounded(one.lower) == 0.0 && Self.rounded(one.upper) == 0.5)
        #expect(one.lower > 0)
        // The equal-tailed bound at 0/1000 would print 0.3: the reading the exceptions above mention.
        #expect(Self.rounded(BetaDistribution(alpha: 0.5, beta: 1000.5).quantile(0.975)) == 0.3)
    }

    @Test("Wilson matches the textbook: 81 of 263 gives 0.2553-0.3662 (Newcombe 1998)")
    func wilsonTextbook() {
        let interval = ProportionInterval.wilson(81, of: 263)
        #expect(abs(interval.lower - 0.2553) < 5e-5)
        #expect(abs(interval.upper - 0.3662) < 5e-5)
        // 15 of 148, Newcombe's second example: 0.0624-0.1605.
        let second = ProportionInterval.wilson(15, of: 148)
        #expect(abs(second.lower - 0.0624) < 5e-5 && abs(second.upper - 0.1605) < 5e-5)
        let none = ProportionInterval.wilson(0, of: 20)
        #expect(none.lower == 0 && abs(none.upper - 0.1611) < 5e-5)
        #expect(ProportionInterval.interval(81, of: 263, method: .wilson) == interval)
    }

    @Test("the standard normal quantile is exact to double precision")
    func normalQuantile() {
        #expect(abs(StandardNormal.quantile(0.975) - 1.959963984540054) < 1e-14)
        #expect(abs(StandardNormal.quantile(0.5)) < 1e-15)
        #expect(abs(StandardNormal.quantile(0.001) + 3.090232306167813) < 1e-13)
        #expect(abs(StandardNormal.cdf(StandardNormal.quantile(0.9999)) - 0.9999) < 1e-15)
    }
}
