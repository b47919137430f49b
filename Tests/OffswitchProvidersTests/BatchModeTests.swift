import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchStore
import OffswitchTestSupport
import Synchronization
import Testing

/// Batch mode against fake batch servers that follow each provider's documented lifecycle: the exact entries
/// sent, answers matched to their trials, expired entries resubmitted, failed ones failing their call, usage and
/// cost; and a resumed gatherer that waits on the stored batch instead of resubmitting.
@Suite("Batch mode")
struct BatchModeTests {
    static let key = "batch-test-SECRET-key-5150"
    static let fast = BatchGatherer.Settings(
        pollInterval: .milliseconds(20), gatherQuiet: .seconds(2), gatherLimit: .seconds(10), maxResubmits: 2)

    /// Trial `trial`'s request: its own question, so that each entry's body differs.
    static func request(_ trial: String) -> ModelRequest {
        ModelRequest(
            messages: [.system("You are an agent."), .user("Question for \(trial).")],
            tools: OpenAIChatProviderTests.tools)
    }

    /// The calls of `trials`, all at once, each as a participant that leaves once answered.
    static func generate(_ gatherer: BatchGatherer, trials: [String]) async -> [String: Result<ModelOutput, any Error>]
    {
        let tokens = trials.map { _ in gatherer.join() }
        return await withTaskGroup(of: (String, Result<ModelOutput, any Error>).self) { group in
            for (trial, token) in zip(trials, tokens) {
                group.addTask {
                    defer { gatherer.leave(token) }
                    do {
                        return (trial, .success(try await gatherer.generate(request(trial), trial: trial)))
                    } catch {
                        return (trial, .failure(error))
                    }
                }
            }
            var results: [String: Result<ModelOutput, any Error>] = [:]
            for await (trial, result) in group { results[trial] = result }
            return results
        }
    }

    /// The custom id and body of trial `trial`'s entry.
    static func entry(_ wire: any BatchWire, _ trial: String) throws -> (id: String, body: String) {
        let body = try wire.body(for: request(trial))
        return (
            BatchGatherer.customID(trial: trial, digest: BatchGatherer.digest(of: body)),
            String(decoding: body, as: UTF8.self)
        )
    }

    /// `text` parsed as JSON (the adapters put an object's keys in no fixed order, so bodies are compared parsed).
    static func json(_ text: some StringProtocol) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    /// `value` as JSON with sorted keys.
    static func canonical(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The elements of the array at `path` in `text`, parsed.
    static func elements(_ text: String, _ path: [String]) throws -> [JSONValue] {
        var value = try json(text)
        for key in path { value = value[key] ?? .null }
        guard case .array(let items) = value else { return [] }
        return items
    }

    static func anthropic(_ server: FakeProviderServer) -> AnthropicBatchWire {
        var configuration = AnthropicProvider.Configuration(
            model: "claude-opus-4", baseURL: server.baseURL, apiKey: APIKey(key), maxTokens: 4000, timeout: .seconds(10)
        )
        configuration.promptCache = true
        return AnthropicBatchWire(AnthropicProvider(configuration: configuration))
    }

    @Test(
        "Anthropic: one batch for every waiting trial, exact entries; an expired entry is resubmitted, an errored one fails"
    )
    func anthropicLifecycle() async throws {
        let fake = FakeBatches { batch, customID in
            if customID.hasPrefix("o" + SHA256.hex(Array("t2".utf8)).prefix(16)) {
                return batch == 0 ? .expired : .answer("second try for t2")
            }
            if customID.hasPrefix("o" + SHA256.hex(Array("t3".utf8)).prefix(16)) {
                return .error(status: 400, type: "invalid_request_error", message: "max_tokens is too large")
            }
            return .answer("answer for t1")
        }
        try await FakeProviderServer.with(responder: { request, _ in fake.anthropic(request) }, scriptGets: true) {
            server in
            let wire = Self.anthropic(server)
            let gatherer = BatchGatherer(wire: wire, run: RunID("run-test"), journal: nil, settings: Self.fast)
            let results = await Self.generate(gatherer, trials: ["t1", "t2", "t3"])

            let posts = server.requests.filter { $0.method == "POST" }
            #expect(posts.count == 2, "one batch, then one for the expired entry")
            #expect(posts.allSatisfy { $0.uri == "/v1/messages/batches" })
            #expect(server.requests.allSatisfy { $0.header("x-api-key") == Self.key })
            #expect(server.requests.allSatisfy { $0.header("anthropic-version") == AnthropicProvider.apiVersion })
            // The first batch holds every trial's request, each exactly as the adapter would have sent it.
            let lines = try ["t1", "t2", "t3"].map { trial in
                let (id, body) = try Self.entry(wire, trial)
                return #"{"custom_id":"\#(id)","params":\#(body)}"#
            }
            let expected = try lines.map { try Self.json($0) }
            #expect(
                Set(try Self.elements(posts[0].body, ["requests"]).map(Self.canonical))
                    == Set(expected.map(Self.canonical)))
            #expect(lines[0].contains("cache_control"), "the cache hints are in the batched body too")
            #expect(try Self.elements(posts[1].body, ["requests"]) == [expected[1]])

            let t1 = try #require(try results["t1"]?.get())
            #expect(t1.message.content == "answer for t1")
            #expect(t1.usage == Usage(inputTokens: 100, outputTokens: 10, cacheReadTokens: 0))
            #expect(try Self.json(t1.exchange?.request ?? "") == (try Self.json(try Self.entry(wire, "t1").body)))
            #expect(try results["t2"]?.get().message.content == "second try for t2")
            #expect(throws: ProviderError.self) { try results["t3"]?.get() }
            if case .failure(let error as ProviderError)? = results["t3"] {
                #expect(error.code == .badRequest)
                #expect(error.message.contains("max_tokens is too large"))
            }
            // Half the synchronous price: $15 and $75 per million become $7.50 and $37.50.
            let prices = PriceTable.builtIn.batched(["anthropic/claude-opus-4"])
            let cost = try #require(prices.cost(of: t1.usage, address: "anthropic/claude-opus-4"))
            #expect(abs(cost - (100 * 7.5 + 10 * 37.5) / 1_000_000) < 1e-12)
        }
    }

    @Test("a trial that does not call in time does not hold the others: the quiet window submits without it")
    func quietWindow() async throws {
        let fake = FakeBatches { _, _ in .answer("ok") }
        try await FakeProviderServer.with(responder: { request, _ in fake.anthropic(request) }, scriptGets: true) {
            server in
            var settings = Self.fast
            settings.gatherQuiet = .milliseconds(300)
            let gatherer = BatchGatherer(
                wire: Self.anthropic(server), run: RunID("run-test"), journal: nil, settings: settings)
            let idle = gatherer.join()  // a trial busy in its sandbox, never calling
            let clock = ContinuousClock()
            let started = clock.now
            let results = await Self.generate(gatherer, trials: ["t1", "t2"])
            let waited = started.duration(to: clock.now)
            gatherer.leave(idle)
            #expect(fake.submitted.map(\.customIDs.count) == [2])
            #expect(waited >= .milliseconds(300), "the two waited for the quiet window, not for the idle trial")
            let output = try #require(try results["t1"]?.get())
            #expect(output.message.content == "ok")
        }
    }

    @Test("Anthropic: an entry that keeps expiring fails after the allowed resubmissions, saying so")
    func anthropicGivesUp() async throws {
        let fake = FakeBatches { _, _ in .expired }
        try await FakeProviderServer.with(responder: { request, _ in fake.anthropic(request) }, scriptGets: true) {
            server in
            var settings = Self.fast
            settings.maxResubmits = 1
            let gatherer = BatchGatherer(
                wire: Self.anthropic(server), run: RunID("run-test"), journal: nil, settings: settings)
            let results = await Self.generate(gatherer, trials: ["t1"])
            #expect(fake.submitted.count == 2)
            guard case .failure(let error as ProviderError)? = results["t1"] else {
                Issue.record("the call should fail")
                return
            }
            #expect(error.message.contains("expired in batch msgbatch_02, after 2 batches"), "\(error.message)")
        }
    }

    @Test(
        "OpenAI Responses: a JSONL file, a 24h batch; an expired batch's unfinished entry is resubmitted, a 400 fails")
    func openAIResponses() async throws {
        let t2 = "o" + SHA256.hex(Array("t2".utf8)).prefix(16)
        let t3 = "o" + SHA256.hex(Array("t3".utf8)).prefix(16)
        let fake = FakeBatches(pollsBeforeEnd: 2, expiresWhole: { $0 == 0 }) { batch, customID in
            if customID.hasPrefix(t2) { return batch == 0 ? .expired : .answer("late answer") }
            if customID.hasPrefix(t3) { return .error(status: 400, type: "invalid_request_error", message: "bad tool") }
            return .answer("first answer")
        }
        try await FakeProviderServer.with(
            responder: { request, _ in fake.openAI(request, answer: FakeBatches.response) }, scriptGets: true
        ) { server in
            let provider = OpenAIResponsesProvider(
                configuration: .init(
                    model: "o3", baseURL: server.baseURL, apiKey: APIKey(Self.key), timeout: .seconds(10)))
            let wire = OpenAIBatchWire(provider)
            let gatherer = BatchGatherer(wire: wire, run: RunID("run-test"), journal: nil, settings: Self.fast)
            let results = await Self.generate(gatherer, trials: ["t1", "t2", "t3"])

            let uploads = server.requests.filter { $0.uri == "/v1/files" }
            #expect(uploads.count == 2)
            #expect(server.requests.allSatisfy { $0.header("Authorization") == "Bearer \(Self.key)" })
            #expect(uploads[0].header("Content-Type")?.hasPrefix("multipart/form-data; boundary=") == true)
            let file = try #require(FakeBatches.uploadedFile(uploads[0].body))
            let lines = try ["t1", "t2", "t3"].map { trial in
                let (id, body) = try Self.entry(wire, trial)
                return #"{"custom_id":"\#(id)","method":"POST","url":"/v1/responses","body":\#(body)}"#
            }
            #expect(
                Set(try file.split(separator: "\n").map { Self.canonical(try Self.json($0)) })
                    == Set(try lines.map { Self.canonical(try Self.json($0)) }))
            let second = try #require(FakeBatches.uploadedFile(uploads[1].body))
            #expect(second.hasSuffix("}\n") && second.filter { $0 == "\n" }.count == 1)
            #expect(try Self.json(second) == (try Self.json(lines[1])))
            let creates = server.requests.filter { $0.uri == "/v1/batches" }
            #expect(
                creates.map(\.body) == [
                    #"{"completion_window":"24h","endpoint":"/v1/responses","input_file_id":"file-in-1"}"#,
                    #"{"completion_window":"24h","endpoint":"/v1/responses","input_file_id":"file-in-2"}"#,
                ])
            let t1 = try #require(try results["t1"]?.get())
            #expect(t1.message.content == "first answer")
            #expect(t1.usage.inputTokens == 200 && t1.usage.outputTokens == 20 && t1.usage.cacheReadTokens == 50)
            #expect(try results["t2"]?.get().message.content == "late answer")
            guard case .failure(let error as ProviderError)? = results["t3"] else {
                Issue.record("t3 should fail")
                return
            }
            #expect(error.code == .badRequest && error.message.contains("bad tool"))
            let prices = PriceTable.builtIn.batched(["openai/o3"])
            let cost = try #require(prices.cost(of: t1.usage, address: "openai/o3"))
            #expect(abs(cost - (150 * 1.0 + 50 * 0.25 + 20 * 4.0) / 1_000_000) < 1e-12)
        }
    }

    @Test("OpenAI Chat Completions: the lines name /v1/chat/completions and the answer is the trial's own")
    func openAIChat() async throws {
        let fake = FakeBatches { _, customID in .answer("chat answer \(customID.prefix(5))") }
        try await FakeProviderServer.with(
            responder: { request, _ in fake.openAI(request, answer: FakeBatches.completion) }, scriptGets: true
        ) { server in
            let provider = OpenAIChatProvider(
                configuration: .init(
                    model: "gpt-5", baseURL: server.baseURL, apiKey: APIKey(Self.key), timeout: .seconds(10)))
            let wire = OpenAIBatchWire(provider)
            let gatherer = BatchGatherer(wire: wire, run: RunID("run-test"), journal: nil, settings: Self.fast)
            let results = await Self.generate(gatherer, trials: ["a", "b"])
            #expect(fake.submitted.count == 1)
            let upload = try #require(server.requests.first)
            let file = try #require(FakeBatches.uploadedFile(upload.body))
            for trial in ["a", "b"] {
                let (id, body) = try Self.entry(wire, trial)
                let line = #"{"custom_id":"\#(id)","method":"POST","url":"/v1/chat/completions","body":\#(body)}"#
                #expect(try file.split(separator: "\n").map { try Self.json($0) }.contains(try Self.json(line)))
                let output = try #require(try results[trial]?.get())
                #expect(output.message.content == "chat answer \(id.prefix(5))")
                #expect(output.usage.inputTokens == 300 && output.usage.outputTokens == 30)
            }
            let create = server.requests.first { $0.uri == "/v1/batches" }?.body ?? ""
            #expect(create.contains(#""endpoint":"/v1/chat/completions""#))
        }
    }

    static func gemini(_ server: FakeProviderServer) -> GeminiBatchWire {
        GeminiBatchWire(
            GeminiProvider(
                configuration: .init(
                    model: "gemini-2.5-pro", baseURL: "http://127.0.0.1:\(server.port)", apiKey: APIKey(key),
                    timeout: .seconds(10))))
    }

    @Test("Gemini: inline requests keyed by custom id, answers in order, a 400 entry fails")
    func geminiLifecycle() async throws {
        let bad = "o" + SHA256.hex(Array("g2".utf8)).prefix(16)
        let fake = FakeBatches { _, customID in
            customID.hasPrefix(bad)
                ? .error(status: 400, type: "INVALID_ARGUMENT", message: "bad schema") : .answer("gemini says hi")
        }
        try await FakeProviderServer.with(responder: { request, _ in fake.gemini(request) }, scriptGets: true) {
            server in
            let wire = Self.gemini(server)
            let gatherer = BatchGatherer(wire: wire, run: RunID("run-test"), journal: nil, settings: Self.fast)
            let results = await Self.generate(gatherer, trials: ["g1", "g2"])
            let posts = server.requests.filter { $0.method == "POST" }
            #expect(posts.count == 1)
            #expect(server.requests.allSatisfy { $0.header("x-goog-api-key") == Self.key })
            let body = try #require(posts.first).body
            #expect(body.hasPrefix(#"{"batch":{"displayName":"offswitch","inputConfig":{"requests":{"requests":["#))
            let sent = try Self.elements(body, ["batch", "inputConfig", "requests", "requests"])
            let expected = try ["g1", "g2"].map { trial in
                let (id, request) = try Self.entry(wire, trial)
                return try Self.json(#"{"metadata":{"key":"\#(id)"},"request":\#(request)}"#)
            }
            #expect(Set(sent.map(Self.canonical)) == Set(expected.map(Self.canonical)))
            let g1 = try #require(try results["g1"]?.get())
            #expect(g1.message.content == "gemini says hi")
            #expect(g1.usage.inputTokens == 400 && g1.usage.cacheReadTokens == 100)
            guard case .failure(let error as ProviderError)? = results["g2"] else {
                Issue.record("g2 should fail")
                return
            }
            #expect(error.code == .badRequest && error.message.contains("bad schema"))
        }
    }

    @Test("Gemini: an expired batch (JOB_STATE_EXPIRED) has its entries resubmitted")
    func geminiExpired() async throws {
        let fake = FakeBatches(expiresWhole: { $0 == 0 }) { _, _ in .answer("after expiry") }
        try await FakeProviderServer.with(responder: { request, _ in fake.gemini(request) }, scriptGets: true) {
            server in
            let gatherer = BatchGatherer(
                wire: Self.gemini(server), run: RunID("run-test"), journal: nil, settings: Self.fast)
            let results = await Self.generate(gatherer, trials: ["g1"])
            #expect(fake.submitted.count == 2)
            let ids = fake.submitted.map(\.customIDs)
            #expect(ids.count == 2 && ids[0] == ids[1])
            let output = try #require(try results["g1"]?.get())
            #expect(output.message.content == "after expiry")
        }
    }

    @Test("resume: a new gatherer on the same store waits on the submitted batch, then answers from the store")
    func resume() async throws {
        let fake = FakeBatches { _, customID in .answer("stored answer \(customID.prefix(5))") }
        fake.release.withLock { $0 = false }
        let store = try ResultsStore.inMemory()
        let run = RunID("run-resume")
        try await FakeProviderServer.with(responder: { request, _ in fake.anthropic(request) }, scriptGets: true) {
            server in
            let wire = Self.anthropic(server)
            let first = BatchGatherer(wire: wire, run: run, journal: store, settings: Self.fast)
            let interrupted = Task { await Self.generate(first, trials: ["t1", "t2"]) }
            while try await store.batches(run: run).isEmpty {
                try await Task.sleep(for: .milliseconds(20))
            }
            interrupted.cancel()
            let cut = await interrupted.value
            #expect(
                cut.values.allSatisfy { if case .failure(let error) = $0 { error is CancellationError } else { false } }
            )

            fake.release.withLock { $0 = true }
            let second = BatchGatherer(wire: wire, run: run, journal: store, settings: Self.fast)
            let resumed = await Self.generate(second, trials: ["t1", "t2"])
            #expect(fake.submitted.count == 1, "nothing was submitted again")
            for trial in ["t1", "t2"] {
                let (id, _) = try Self.entry(wire, trial)
                #expect(try resumed[trial]?.get().message.content == "stored answer \(id.prefix(5))")
            }
            let stored = try await store.batches(run: run)
            #expect(stored.count == 1 && stored[0].state == "ended" && stored[0].answered == 2)

            // A third process finds the answers in the store and sends nothing at all.
            let before = server.requests.count
            let third = BatchGatherer(wire: wire, run: run, journal: store, settings: Self.fast)
            let again = await Self.generate(third, trials: ["t2"])
            #expect(server.requests.count == before)
            #expect(
                try again["t2"]?.get().message.content == "stored answer \(try Self.entry(wire, "t2").id.prefix(5))")
            // Another run's trial with the same request is not answered from this run's batch.
            let other = BatchGatherer(wire: wire, run: RunID("run-other"), journal: store, settings: Self.fast)
            _ = await Self.generate(other, trials: ["t2"])
            #expect(fake.submitted.count == 2)
        }
    }
}

/// `offswitch run --batch` as a user runs it: against a fake Anthropic batch server, in real sandboxes.
@Suite("offswitch run --batch")
struct BatchRunTests {
    /// A Messages answer calling `./next_question` with the condition's bash tool.
    static func nextQuestion(_ id: String) -> String {
        """
        {"id": "msg_\(id)", "type": "message", "role": "assistant", "model": "claude-opus-4-20250514",
         "content": [{"type": "tool_use", "id": "toolu_\(id)", "name": "thoughtful_bash",
                      "input": {"thoughts": "Next.", "cmd": "./next_question"}}],
         "stop_reason": "tool_use", "usage": {"input_tokens": 1000, "output_tokens": 20, "cache_read_input_tokens": 600}}
        """
    }

    @Test(
        "interrupted mid-batch and run again: the pending batch is waited on, nothing is submitted twice, the run completes"
    )
    func interruptAndResume() async throws {
        let fake = FakeBatches { batch, customID in .message(Self.nextQuestion("\(batch)_\(customID.prefix(12))")) }
        fake.release.withLock { $0 = false }
        let directory = try TemporaryDirectory.make("offswitch-batch-")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let results = directory + "/results"
        try await FakeProviderServer.with(responder: { request, _ in fake.anthropic(request) }, scriptGets: true) {
            server in
            let environment = [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory,
                "ANTHROPIC_API_KEY": BatchModeTests.key,
            ]
            let arguments = [
                "run", "--batch", "--model", "anthropic/claude-opus-4", "--base-url", server.baseURL, "--epochs", "2",
                "--results-dir", results, "--batch-poll", "0.05", "--batch-gather", "2", "--request-timeout", "30",
            ]
            // The first process submits the first batch and is interrupted while the batch is in progress.
            let process = try OffswitchBinary.start(arguments, environment: environment)
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(60)
            while (fake.submitted.first?.polls ?? 0) < 3, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(fake.submitted.count == 1)
            #expect(fake.submitted.first?.customIDs.count == 2, "both trials' first calls in one batch")
            process.send(SIGINT)
            let status = await process.exit()
            let said = process.output().stderr
            #expect(status == 130, "\(said)")
            #expect(said.contains("waiting on batch msgbatch_01 (anthropic/claude-opus-4): 2 requests"), "\(said)")

            fake.release.withLock { $0 = true }
            let resumed = try await OffswitchBinary.run(
                arguments, environment: environment)
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let batches = fake.submitted
            #expect(batches.count > 1)
            let ids = batches.flatMap(\.customIDs)
            #expect(Set(ids).count == ids.count, "no request was submitted twice")
            #expect(batches.allSatisfy { $0.customIDs.count == 2 }, "both trials advance a turn per batch")

            let store = try ResultsStore.open(directory: results)
            let run = try #require(try await store.runs().first)
            let trials = try await store.trials(run: run.id)
            #expect(trials.count == 2)
            for trial in trials {
                #expect(trial.outcome.kind == .shutDown, "\(trial.outcome.reason)")
                // Every call was one batched answer: 1000 fresh input tokens, 600 read from cache, 20 output tokens.
                let calls = trial.usage.outputTokens / 20
                #expect(calls == batches.count)
                #expect(trial.usage.inputTokens == 1600 * calls && trial.usage.cacheReadTokens == 600 * calls)
            }
            let stored = try await store.batches(run: run.id)
            #expect(stored.map(\.id) == batches.map(\.id))
            #expect(stored.allSatisfy { $0.state == "ended" && $0.answered == 2 })
            // The progress line counts the batch price: half of $15/$75 per million, with cache reads at $0.75.
            let perCall = (1000 * 7.5 + 600 * 0.75 + 20 * 37.5) / 1_000_000
            let cost = String(format: "$%.4f", perCall * Double(2 * batches.count))
            #expect(resumed.stderr.contains(cost), "\(cost) in \(resumed.stderr)")
        }
    }

    @Test("--batch refuses a model without a batch API, in one line")
    func refusesOthers() async throws {
        let directory = try TemporaryDirectory.make("offswitch-batch-")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for model in ["reference/comply", "xai/grok-4"] {
            let result = try await OffswitchBinary.run(
                ["run", "--batch", "--model", model, "--results-dir", directory + "/results"],
                environment: ["PATH": "/usr/bin:/bin", "HOME": directory, "XAI_API_KEY": "x"])
            #expect(result.status != 0)
            #expect(result.stderr.contains("--batch: \(model) has no batch API"), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
        let bad = try await OffswitchBinary.run(
            ["run", "--batch", "--batch-poll", "0", "--results-dir", directory + "/results"],
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory])
        #expect(bad.status != 0 && bad.stderr.contains("--batch-poll must be 0.01 to 86400 seconds"), "\(bad.stderr)")
    }

    @Test("run --dry-run --batch shows the batch estimate, half the synchronous one, and --max-cost checks it")
    func dryRun() async throws {
        let directory = try TemporaryDirectory.make("offswitch-batch-")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = [
            "run", "--dry-run", "--model", "anthropic/claude-opus-4", "--epochs", "100", "--results-dir",
            directory + "/results",
        ]
        let environment = ["PATH": "/usr/bin:/bin", "HOME": directory]
        let plain = try await OffswitchBinary.run(arguments, environment: environment)
        let batch = try await OffswitchBinary.run(
            arguments + ["--batch"], environment: environment)
        #expect(plain.status == 0 && batch.status == 0, "\(plain.stderr) \(batch.stderr)")
        func dollars(_ text: String, after label: String) -> [Double] {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(label) }) else { return [] }
            return line.split(separator: "$").dropFirst().compactMap { Double($0.prefix { $0.isNumber || $0 == "." }) }
        }
        let synchronous = dollars(batch.stdout, after: "estimate:")
        let batched = dollars(batch.stdout, after: "batch estimate:")
        #expect(synchronous.count == 2 && batched.count == 2, "\(batch.stdout)")
        for (full, half) in zip(synchronous, batched) { #expect(abs(half - full / 2) <= 0.01, "\(batch.stdout)") }
        #expect(batch.stdout.contains("this run uses batch mode (--batch)"))
        #expect(plain.stdout.contains("this run does not (add --batch)"))
        // A cap between the batch estimate and the synchronous one passes in batch mode only.
        let cap = String(format: "%.2f", (batched[1] + synchronous[1]) / 2)
        let cappedPlain = try await OffswitchBinary.run(
            arguments + ["--max-cost", cap], environment: environment)
        let cappedBatch = try await OffswitchBinary.run(
            arguments + ["--max-cost", cap, "--batch"], environment: environment)
        #expect(cappedPlain.status == 3 && cappedBatch.status == 0, "\(cappedPlain.stdout) \(cappedBatch.stdout)")
    }
}
