import Foundation
import OffswitchCore
import OffswitchTestSupport
import Testing

@testable import OffswitchScenarios

/// The user documentation in docs/ says what the code does: the built-in conditions' texts byte for byte, and
/// every scenario-file field with its default.
@Suite("docs/ matches the code")
struct DocumentationTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs")

    static func read(_ name: String) throws -> String {
        try String(contentsOf: docs.appendingPathComponent(name), encoding: .utf8)
    }

    /// The fenced YAML block under each `## ID (generation N)` heading.
    static func blocks(_ text: String) -> [String: String] {
        var found: [String: String] = [:]
        var heading: String?
        var block: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                heading = String(line.dropFirst(3))
            } else if line == "```yaml", heading != nil {
                block = []
            } else if line == "```", let lines = block, let name = heading {
                found[name] = lines.joined(separator: "\n") + "\n"
                block = nil
                heading = nil
            } else if block != nil {
                block!.append(line)
            }
        }
        return found
    }

    @Test("docs/conditions.md holds every built-in condition exactly as `conditions show` renders it")
    func conditionsPage() throws {
        let blocks = Self.blocks(try Self.read("conditions.md"))
        var expected: [String: String] = [:]
        for id in Condition.builtInIDs {
            expected["\(id) (generation 2)"] = ScenarioFile.render(
                try #require(Condition.builtIn(id, generation: .two)))
        }
        for id in ["A", "B"] {
            expected["\(id) (generation 1)"] = ScenarioFile.render(
                try #require(Condition.builtIn(id, generation: .one)))
        }
        #expect(Set(blocks.keys) == Set(expected.keys))
        for (name, text) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(blocks[name] == text, "docs/conditions.md, \(name): regenerate it with `offswitch conditions show`")
        }
    }

    @Test("docs/scenario-files.md lists every field a scenario file may have, and its example parses")
    func scenarioReference() throws {
        let text = try Self.read("scenario-files.md")
        for field in ScenarioFile.fields + ScenarioFile.taskFields + ScenarioFile.mechanismFields
            + ScenarioFile.patrolFields
        {
            #expect(text.contains("| `\(field)` |"), "docs/scenario-files.md has no row for '\(field)'")
        }
        let example = try #require(text.components(separatedBy: "## A complete example").last)
        let yaml = try #require(
            example.components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "```").first)
        let condition = try ScenarioFile.parse(yaml, file: "example.yaml")
        #expect(condition.id == "e-read-only")
        #expect(condition.mechanism.scriptOwner == .root)
        #expect(condition.environment.warningTemplate?.contains("hosting you") == true)
    }

    @Test("the defaults docs/scenario-files.md states are the code's")
    func statedDefaults() throws {
        let text = try Self.read("scenario-files.md")
        let a = try #require(Condition.builtIn("A"))
        let rows: [(String, String)] = [
            ("message_limit", "`\(a.messageLimit)`"),
            ("command_timeout", "`\(ScenarioFile.formatNumber(a.commandTimeoutSeconds))`"),
            ("trial_timeout", "`\(ScenarioFile.formatNumber(Condition.defaultTrialTimeoutSeconds))`"),
            ("on_bypass", "`\(a.onBypass.rawValue)`"),
            ("questions", "`\(a.environment.questions.count)`"),
            ("warning_after", "`\(a.environment.warningAfterCall.map(String.init) ?? "null")`"),
            ("warning", "`\(TaskEnvironment.palisadeWarningTemplate)`"),
            ("trigger", "`\(Mechanism.palisade.trigger.rawValue)`"),
            ("script_owner", "`\(Mechanism.palisade.scriptOwner.rawValue)`"),
            ("script_mode", "`\"0\(String(Mechanism.palisade.scriptMode, radix: 8))\"`"),
            ("continue_message", "`\(Condition.palisadeContinueMessage)`"),
        ]
        for (field, value) in rows {
            #expect(
                text.contains("| `\(field)` | \(value) |"),
                "docs/scenario-files.md: '\(field)' should default to \(value)")
        }
        for question in Interview.defaultQuestions { #expect(text.contains("`\(question)`")) }
    }
}

/// A fresh clone's README, followed literally, never sends a user outside the repository.
@Suite("The README and docs/ stay inside the repository")
struct DocumentationLinkTests {
    static let root = DocumentationTests.docs.deletingLastPathComponent()

    /// The user-facing documents: the README, the top-level guides and everything in docs/.
    static func documents() throws -> [URL] {
        let top = ["README.md", "ARCHITECTURE.md", "SECURITY.md"].map { root.appendingPathComponent($0) }
        let docs = try FileManager.default.contentsOfDirectory(
            at: DocumentationTests.docs, includingPropertiesForKeys: nil
        )
        .filter { $0.pathExtension == "md" }
        return top + docs.sorted { $0.path < $1.path }
    }

    /// The targets of Markdown links `[text](target)`.
    static func links(_ text: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "](") {
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: ")") else { break }
            found.append(String(after[..<close]))
            rest = after[close...]
        }
        return found
    }

    @Test("every relative link resolves to a file in the repository, and nothing names the development workspace")
    func linksStayInside() throws {
        let documents = try Self.documents()
        #expect(documents.count >= 6)
        for document in documents {
            let text = try String(contentsOf: document, encoding: .utf8)
            #expect(!text.contains("../shared"), "\(document.lastPathComponent) mentions ../shared")
            for link in Self.links(text)
            where !link.contains("://") && !link.hasPrefix("#") && !link.hasPrefix("mailto:") {
                let path = String(link.split(separator: "#", maxSplits: 1).first ?? "")
                let target = document.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL
                #expect(
                    target.path.hasPrefix(Self.root.standardizedFileURL.path + "/"),
                    "\(document.lastPathComponent): \(link) leaves the repository")
                #expect(
                    FileManager.default.fileExists(atPath: target.path),
                    "\(document.lastPathComponent): \(link) does not exist")
            }
        }
    }

    @Test("the repository carries a license and citation metadata naming Palisade's paper")
    func licenseAndCitation() throws {
        let license = try String(contentsOf: Self.root.appendingPathComponent("LICENSE"), encoding: .utf8)
        #expect(license.hasPrefix("MIT License"))
        let citation = try String(contentsOf: Self.root.appendingPathComponent("CITATION.cff"), encoding: .utf8)
        #expect(citation.hasPrefix("cff-version: 1.2.0"))
        #expect(citation.contains("arXiv:2509.14260"))
        #expect(
            try String(contentsOf: DocumentationTests.docs.appendingPathComponent("citing.md"), encoding: .utf8)
                .contains("@article{"))
    }
}

/// The README's main command installs only what running trials needs; the test suite's tools are the test
/// command's alone.
@Suite("Installation: what each README command installs")
struct InstallationTests {
    static func packages(_ mode: String) async throws -> [String] {
        let script = DocumentationLinkTests.root.appendingPathComponent("scripts/bootstrap").path
        let result = try await ChildProcess.run(
            "/bin/bash", [script, mode], environment: ["OFFSWITCH_BOOTSTRAP_LIST": "1", "PATH": "/usr/bin:/bin"])
        #expect(result.status == 0)
        return result.standardOutput.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    @Test("running trials needs the sandbox, SQLite and a C compiler; Chromium is for the test suite only")
    func packageLists() async throws {
        let run = try await Self.packages("--run")
        let tests = try await Self.packages("--tests")
        #expect(
            Set(["bubblewrap", "libsqlite3-dev", "gcc", "libc6-dev", "mmdebstrap"]).isSubset(of: Set(run)), "\(run)")
        #expect(!run.contains("chromium") && !run.contains("docker.io"), "\(run)")
        #expect(tests.contains("chromium") && Set(run).isSubset(of: Set(tests)), "\(tests)")
    }

    @Test("the README's commands call the bootstrap the way this test reads it")
    func scriptsUseTheirMode() throws {
        let read = { (name: String) in
            try String(contentsOf: DocumentationLinkTests.root.appendingPathComponent(name), encoding: .utf8)
        }
        #expect(try read("scripts/offswitch").contains("source scripts/bootstrap --run"))
        #expect(try read("scripts/install").contains("source scripts/bootstrap --run"))
        #expect(try read("scripts/test").contains("source scripts/bootstrap --tests"))
    }
}
