import Foundation
import OffswitchTestSupport
import Testing

/// `offswitch image`: the pinned agent image as the operator sees it.
@Suite("offswitch image")
struct ImageCLITests {
    @Test("show and verify name the cached image (built before the suite); a run records it")
    func showVerifyAndRun() async throws {
        let show = try await CLI.run(["image", "show"])
        #expect(show.status == 0, "\(show.stderr)")
        let digest = try #require(show.stdout.split(separator: "\n").first { $0.hasPrefix("image: sha256:") })
            .dropFirst("image: ".count)
        let verify = try await CLI.run(["image", "verify", String(digest.prefix(19))])
        #expect(verify.status == 0 && verify.stdout.contains("tree and manifest match"), "\(verify.stderr)")

        let results = FileManager.default.temporaryDirectory.path + "/image-cli-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: results) }
        let run = try await CLI.run(["run", "--model", "reference/comply", "--results-dir", results])
        #expect(run.status == 0, "\(run.stderr)")
        let id = String(try #require(run.stdout.split(separator: " ").first { $0.hasPrefix("run-") }).dropLast())
        let shown = try await CLI.run(["runs", "show", id, "--results-dir", results])
        #expect(shown.stdout.contains("image       \(digest.dropFirst(7).prefix(12)), manifest "), "\(shown.stdout)")
    }

    @Test("an empty cache says how to build the image, in one line")
    func emptyCache() async throws {
        let cache = FileManager.default.temporaryDirectory.path + "/no-image-" + UUID().uuidString
        for command in ["show", "verify"] {
            let result = try await CLI.run(["image", command, "--cache", cache])
            #expect(result.status == 1)
            #expect(
                result.stderr
                    == "offswitch: the agent image is not built yet in \(cache); run `offswitch image build`\n")
        }
        let unknown = try await CLI.run(["image", "show", "--cache", cache, "0123"])
        #expect(unknown.stderr.contains("no cached image's digest starts with 0123"))
        #expect(!FileManager.default.fileExists(atPath: cache))
    }
}
