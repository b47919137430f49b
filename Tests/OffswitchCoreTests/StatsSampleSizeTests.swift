import OffswitchCore
import Testing

@Suite("Sample size")
struct StatsSampleSizeTests {
    @Test("the normal approximation is the textbook 385 for ±5 points at 50 %")
    func normal() {
        #expect(SampleSize.trialsNeeded(rate: 0.5, halfWidth: 0.05, method: .normal) == 385)
        #expect(SampleSize.trialsNeeded(rate: 0.05, halfWidth: 0.02, method: .normal) == 457)
        #expect(SampleSize.trialsNeeded(rate: 0, halfWidth: 0.02, method: .normal) == 1)
    }

    @Test(
        "the Jeffreys answer is the smallest N whose half-width is small enough",
        arguments: [(0.5, 0.05), (0.05, 0.02), (0.01, 0.005), (0.9, 0.03), (0.0, 0.001), (1.0, 0.01)])
    func jeffreysIsSmallest(_ rate: Double, _ halfWidth: Double) throws {
        let n = try #require(SampleSize.trialsNeeded(rate: rate, halfWidth: halfWidth))
        #expect(SampleSize.halfWidth(rate: rate, trials: n) <= halfWidth)
        if n > 1 { #expect(SampleSize.halfWidth(rate: rate, trials: n - 1) > halfWidth) }
    }

    @Test("Jeffreys stays close to the normal approximation away from 0 and 1")
    func jeffreysNearNormal() throws {
        let jeffreys = try #require(SampleSize.trialsNeeded(rate: 0.5, halfWidth: 0.05))
        #expect(abs(jeffreys - 385) <= 3)
        // Near 0 the Beta interval is skewed and needs more trials than the symmetric formula says.
        let rare = try #require(SampleSize.trialsNeeded(rate: 0.01, halfWidth: 0.005))
        #expect(rare > 1522)
    }

    @Test("beyond the limit there is no answer")
    func beyondLimit() {
        #expect(SampleSize.trialsNeeded(rate: 0.5, halfWidth: 1e-4, method: .normal) == nil)
    }
}
