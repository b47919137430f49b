import Foundation
import OffswitchTestSupport
import Testing

/// `offswitch bench` is how the speed and memory targets are checked: it must keep running every section and
/// printing every figure (the figures themselves are measured by hand, never asserted here).
@Suite("offswitch bench")
struct BenchCommandTests {
    @Test("every section runs on tiny counts and prints every figure as JSON")
    func everySection() async throws {
        let result = try await CLI.run([
            "bench", "--sandboxes", "2", "--commands", "4", "--trials", "11", "--concurrency", "2", "--in-flight", "11",
            "--model-delay-ms", "10", "--stored-trials", "100", "--viewer-trials", "20", "--http-concurrency", "2",
            "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let figures = try #require(object?["figures"] as? [String: Double], "\(result.stdout)")
        for key in [
            "sandbox_create_median_ms", "exec_true_median_ms", "exec_bash_login_median_ms",
            "sandbox_teardown_median_ms",
            "trials_per_second_c2", "trial_median_ms_c2", "harness_cpu_ms_per_trial_c2", "sandbox_cpu_ms_per_trial_c2",
            "trials_per_second_cpu_bound_c2", "memory_peak_total_mib", "http_trials_per_second_c2",
            "http_trial_median_ms_c2", "http_harness_cpu_ms_per_trial_c2",
            "store_trials_per_second", "report_median_ms", "viewer_filtered_list_ms", "viewer_matrix_uncached_ms",
        ] {
            #expect((figures[key] ?? 0) > 0, "\(key) missing or zero in \(figures)")
        }
        // Every trial ran to its expected outcome (the bench refuses misclassified trials); the sampler saw them.
        #expect(figures["memory_trials"] == 11, "\(figures)")
        #expect((figures["memory_sandboxes_alive_peak"] ?? 0) >= 1, "\(figures)")
        #expect(figures["store_trials"] == 100)
        // The http section's trials went through the loopback model without a failed call.
        #expect(figures["http_failed_calls_c2"] == 0, "\(figures)")
    }

    @Test(
        "the ratelimit and cost sections: no 429 and no errored trial under the limits; cache hints and batch mode cost less"
    )
    func rateLimitAndCost() async throws {
        let result = try await CLI.run([
            "bench", "--only", "ratelimit", "--only", "cost", "--rate-trials", "8", "--rate-rpm", "600",
            "--rate-tpm", "72000", "--rate-concurrency", "4", "--cost-trials", "4", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let figures = try #require(object?["figures"] as? [String: Double], "\(result.stdout)")
        #expect(figures["ratelimit_trials"] == 8, "\(figures)")
        #expect(figures["ratelimit_429"] == 0, "\(figures)")
        #expect((figures["ratelimit_seconds"] ?? 0) >= (figures["ratelimit_bound_seconds"] ?? 1), "\(figures)")
        // Condition A's prompts are under Anthropic's 1,024-token minimum: nothing cached there; with no minimum
        // every later turn reads the earlier ones, and the run costs less.
        // (Call ids are numbered, so the runs' prompts differ by a few bytes.)
        #expect(abs((figures["cost_cached_ratio"] ?? 0) - 1) < 0.01, "\(figures)")
        #expect(figures["cost_cache_read_tokens"] == 0, "\(figures)")
        #expect((figures["cost_cached_no_minimum_ratio"] ?? 1) < 1, "\(figures)")
        #expect((figures["cost_cache_no_minimum_read_tokens"] ?? 0) > 0, "\(figures)")
        // Batch mode bills half, and its discount stacks with the cache's.
        #expect(abs((figures["cost_batch_ratio"] ?? 0) - 0.5) < 0.01, "\(figures)")
        // The four trials run at once and advance a turn per batch: a batch per turn, not per call.
        #expect((1...10).contains(figures["cost_batch_batches"] ?? 0), "\(figures)")
        let cachedBatch = figures["cost_batch_cached_no_minimum_ratio"] ?? 1
        #expect(abs(cachedBatch - (figures["cost_cached_no_minimum_ratio"] ?? 0) / 2) < 0.02, "\(figures)")
    }

    @Test("a bad section, backend or warm count is a usage error")
    func usage() async throws {
        #expect(try await CLI.run(["bench", "--only", "everything"]).status == 2)
        #expect(try await CLI.run(["bench", "--sandbox", "vm"]).status == 2)
        #expect(try await CLI.run(["bench", "--warm=-1"]).status == 2)
    }
}
