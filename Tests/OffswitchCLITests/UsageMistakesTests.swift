import Foundation
import OffswitchCore
import OffswitchStore
import OffswitchTestSupport
import Testing

/// Operator mistakes get one line naming the problem and the fix, exit 2, before anything runs.
@Suite("Operator mistakes on the command line")
struct UsageMistakesTests {
    /// The one line on stderr, checked to be one line starting "offswitch: ".
    static func oneLine(_ result: CLI.Result, _ arguments: [String]) -> String {
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(arguments): \(result.stderr)")
        #expect(lines.first?.hasPrefix("offswitch: ") == true, "\(arguments): \(result.stderr)")
        return result.stderr
    }

    @Test(
        "a negative number is checked by its option, not reported as a missing value",
        arguments: [
            (["run", "--epochs", "-5"], "--epochs must be at least 1"),
            (["run", "--max-cost", "-1"], "--max-cost must be more than 0"),
            (["run", "--max-concurrency", "-2"], "--max-concurrency must be at least 1"),
            (["run", "--retries", "-1"], "--retries must be 0 or more"),
            (["run", "--max-tokens", "-64"], "--max-tokens must be between 1 and"),
            (["run", "--max-cost", "-inf"], "--max-cost must be more than 0"),
            (["view", "--port", "-1"], "--port must be from 0 to 65535"),
            (["plan", "--rate", "-0.5", "--half-width", "0.02"], "--rate must be a fraction"),
        ])
    func negativeNumbers(_ arguments: [String], _ expected: String) async throws {
        let extra = arguments[0] == "run" ? ["--results-dir", "/nonexistent-should-not-be-created"] : []
        let result = try await CLI.run(arguments + extra)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        let line = Self.oneLine(result, arguments)
        #expect(line.contains(expected), "\(arguments): \(line)")
        #expect(!line.contains("Missing value"), "\(arguments): \(line)")
    }

    /// Per command, arguments that fail its validation after parsing, so a command under test never runs.
    static let poison: [String: [String]] = [
        "run": ["--generation=3"], "view": ["--port=70000"], "plan": ["--rate=2", "--half-width=0.02"],
        "bench": ["--sandbox=nope"], "report": ["--format=nope"], "export": ["--format=nope"],
        "judge label": ["--judge=x/y", "--max-concurrency=0"], "conditions list": ["--generation=3"],
        // No validation: a store that cannot be opened (nothing can be made under /proc) stops it.
        "judge agreement": ["--labels=/proc/offswitch-none.csv", "--results-dir=/proc/offswitch-none"],
        "conditions show": ["A", "--generation=3"], "lint-environment": ["A", "--sandbox=nope"],
        "runs list": ["--results-dir=/proc/offswitch-none"], "runs show": ["x", "--results-dir=/proc/offswitch-none"],
        "runs delete": ["x", "--results-dir=/proc/offswitch-none"], "runs label": ["x", "--clear", "--note=y"],
        "image build": ["--mirror=nope"], "image show": ["--mirror=nope"], "image verify": ["--mirror=nope"],
        "image load": ["--engine=nope"],
    ]

    @Test("no option of any command answers a negative number with 'Missing value'")
    func everyOptionTakesNegativeNumbers() async throws {
        let dump = try await CLI.run(["--experimental-dump-help"])
        #expect(dump.status == 0, "\(dump.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var checked = 0
        func visit(_ command: [String: Any], path: [String]) async throws {
            let options = (command["arguments"] as? [[String: Any]] ?? []).compactMap { argument -> String? in
                guard argument["kind"] as? String == "option", let names = argument["names"] as? [[String: Any]],
                    let long = names.first(where: { $0["kind"] as? String == "long" })?["name"] as? String,
                    !["help", "version"].contains(long)
                else { return nil }
                return long
            }
            if !options.isEmpty {
                let key = path.joined(separator: " ")
                guard let poison = Self.poison[key] else {
                    Issue.record("no poison arguments for '\(key)': add ones that fail its validation")
                    return
                }
                for long in options {
                    let arguments = path + ["--\(long)", "-5"] + poison
                    let result = try await CLI.run(arguments)
                    #expect(result.status != 0, "\(arguments): \(result.stderr)")
                    #expect(!result.stderr.contains("Missing value"), "\(arguments): \(result.stderr)")
                    checked += 1
                }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                try await visit(sub, path: path + [sub["commandName"] as? String ?? ""])
            }
        }
        try await visit(try #require(object["command"] as? [String: Any]), path: [])
        #expect(checked >= 20, "only \(checked) options found in the help dump")
    }

    @Test("--tool-choice naming a tool the condition does not offer names the tools it has")
    func toolChoiceNotOffered() async throws {
        let arguments = ["run", "--tool-choice", "bash", "--condition", "A", "--results-dir", "/nonexistent-tc"]
        let result = try await CLI.run(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        let line = Self.oneLine(result, arguments)
        #expect(line.contains("--tool-choice bash: condition A has no tool of that name"), "\(line)")
        #expect(line.contains("thoughtful_bash, submit"), "\(line)")
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-tc"))
    }

    @Test("a directory or a device as --condition is one line saying what it is")
    func conditionNotAFile() async throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (path, expected) in [(dir + "/", "is a directory"), ("/dev/zero", "is not a regular file")] {
            let arguments = ["run", "--condition", path, "--results-dir", dir + "/results"]
            let result = try await CLI.run(arguments)
            #expect(result.status == 2, "\(path): \(result.stderr)")
            let line = Self.oneLine(result, arguments)
            #expect(line.contains(expected), "\(line)")
            #expect(!line.contains("NSCocoaErrorDomain") && !line.contains("Error Domain"), "\(line)")
        }
    }

    @Test("a model address with a control or bidirectional-override character is refused, escaped in the message")
    func modelNameWithHiddenCharacters() async throws {
        for name in ["reference/comply\u{202E}evil", "openai/o3\u{1B}[2J"] {
            let arguments = ["run", "--model", name, "--results-dir", "/nonexistent-bidi"]
            let result = try await CLI.run(arguments)
            #expect(result.status == 2, "\(result.stderr)")
            let line = Self.oneLine(result, arguments)
            #expect(line.contains("invisible or control character"), "\(line)")
            #expect(!line.unicodeScalars.contains { $0 == "\u{202E}" || $0 == "\u{1B}" }, "\(line)")
        }
    }

    @Test("report and run stop at once on a store with a damaged transcript page, naming the file")
    func damagedStore() async throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let marker = "TRANSCRIPT-PAGE-MARKER"
        do {
            let store = try ResultsStore.open(directory: dir)
            let configuration = RunConfiguration(
                models: ["reference/comply"], conditions: [Condition.builtIn("A")!], epochs: 20,
                offswitchVersion: "0.1.0")
            try await store.begin(run: configuration.runID, configuration: configuration)
            for epoch in 1...20 {
                let outcome = TrialOutcome(kind: .shutDown, technique: nil, reason: "r", questionCalls: 4)
                let events = [
                    TranscriptEvent(
                        atMilliseconds: 0, kind: .note(marker + String(repeating: "x", count: 3000) + "\(epoch)"))
                ]
                try await store.record(
                    TrialRecord(
                        run: configuration.runID,
                        key: TrialKey(model: "reference/comply", condition: "A", epoch: epoch),
                        result: TrialResult(
                            outcome: outcome, events: events, modelNames: [], usage: Usage(), scripted: true),
                        startedAt: 0,
                        durationMilliseconds: 1, sandbox: "namespace"))
            }
        }
        let file = dir + "/" + ResultsStore.fileName
        var data = try Data(contentsOf: URL(fileURLWithPath: file))
        let pageSize = Int(data[16]) << 8 | Int(data[17])
        let found = try #require(data.range(of: Data(marker.utf8), in: data.count / 2..<data.count))
        let page = found.lowerBound / pageSize
        data.replaceSubrange(page * pageSize..<(page + 1) * pageSize, with: Data(repeating: 0xA5, count: pageSize))
        try data.write(to: URL(fileURLWithPath: file))

        let commands = [
            ["report", "--results-dir", dir], ["run", "--model", "reference/comply", "--results-dir", dir],
        ]
        for arguments in commands {
            let result = try await CLI.run(arguments)
            #expect(result.status == 1, "\(arguments): \(result.stdout) \(result.stderr)")
            let line = Self.oneLine(result, arguments)
            #expect(line.contains("is damaged") && line.contains(file), "\(arguments): \(line)")
        }
    }
}
