import Foundation
import OffswitchCore
import OffswitchProviders
import OffswitchTestSupport
import Synchronization

/// Fake batch APIs for the batch tests: each follows its provider's documented lifecycle, records every batch
/// it got, and answers each entry as the test's `outcome` says (by batch number, from 0, and custom id).
final class FakeBatches: Sendable {
    /// One batch as the server received it.
    struct Batch: Sendable {
        var id: String
        var customIDs: [String]
        var polls = 0
    }

    /// What the server does with an entry: answer it, or fail it as the provider would.
    enum Outcome: Sendable {
        case answer(String)
        /// A whole Anthropic message, as given.
        case message(String)
        case expired
        case error(status: Int, type: String, message: String)
    }

    let batches = Mutex<[Batch]>([])
    /// Polls a batch answers "still working" before it ends.
    let pollsBeforeEnd: Int
    /// While false, no batch ends (a run interrupted mid-batch).
    let release = Mutex(true)
    /// Whether the whole batch ends expired (OpenAI `expired`, Gemini `JOB_STATE_EXPIRED`) on batch number `n`.
    let expiresWhole: @Sendable (Int) -> Bool
    let outcome: @Sendable (_ batch: Int, _ customID: String) -> Outcome

    init(
        pollsBeforeEnd: Int = 1, expiresWhole: @escaping @Sendable (Int) -> Bool = { _ in false },
        outcome: @escaping @Sendable (Int, String) -> Outcome
    ) {
        self.pollsBeforeEnd = pollsBeforeEnd
        self.expiresWhole = expiresWhole
        self.outcome = outcome
    }

    var submitted: [Batch] { batches.withLock { $0 } }

    /// Registers a new batch; returns its number.
    func add(prefix: String, customIDs: [String]) -> (number: Int, id: String) {
        batches.withLock { list in
            let id = "\(prefix)\(list.count + 1)"
            list.append(Batch(id: id, customIDs: customIDs))
            return (list.count - 1, id)
        }
    }

    /// Counts a poll of batch `id`; returns its number and whether it has ended.
    func poll(_ id: String) -> (number: Int, ended: Bool)? {
        let released = release.withLock { $0 }
        return batches.withLock { list in
            guard let index = list.firstIndex(where: { $0.id == id }) else { return nil }
            list[index].polls += 1
            return (index, released && list[index].polls > pollsBeforeEnd)
        }
    }

    func batch(_ number: Int) -> Batch { batches.withLock { $0[number] } }

    static func notFound() -> FakeProviderServer.Reply {
        .json(#"{"error": {"message": "no such batch"}}"#, status: 404)
    }

    // MARK: Anthropic

    /// An Anthropic Messages answer saying `text`.
    static func message(_ text: String, input: Int = 100, output: Int = 10, cacheRead: Int = 0) -> String {
        """
        {"id": "msg_x", "type": "message", "role": "assistant", "model": "claude-opus-4-1-20250805",
         "content": [{"type": "text", "text": "\(text)"}], "stop_reason": "end_turn",
         "usage": {"input_tokens": \(input), "output_tokens": \(output), "cache_read_input_tokens": \(cacheRead)}}
        """
    }

    func anthropic(_ request: FakeProviderServer.Received) -> FakeProviderServer.Reply {
        let host = request.header("Host") ?? "127.0.0.1"
        func batchJSON(_ id: String, ended: Bool) -> String {
            let url = ended ? "\"http://\(host)/v1/messages/batches/\(id)/results\"" : "null"
            return """
                {"id": "\(id)", "type": "message_batch", "processing_status": "\(ended ? "ended" : "in_progress")",
                 "request_counts": {"processing": 0, "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0},
                 "results_url": \(url)}
                """
        }
        switch (request.method, request.uri) {
        case ("POST", "/v1/messages/batches"):
            guard case .array(let requests)? = try? request.json()["requests"] else {
                return .json(
                    #"{"type": "error", "error": {"type": "invalid_request_error", "message": "bad"}}"#, status: 400)
            }
            let (_, id) = add(prefix: "msgbatch_0", customIDs: requests.compactMap { $0["custom_id"]?.string })
            return .json(batchJSON(id, ended: false))
        case ("GET", let uri) where uri.hasSuffix("/results"):
            let id = uri.split(separator: "/").dropLast().last.map(String.init) ?? ""
            guard let number = submitted.firstIndex(where: { $0.id == id }) else { return Self.notFound() }
            let lines = batch(number).customIDs.map { customID in
                let result =
                    switch outcome(number, customID) {
                    case .answer(let text):
                        #"{"type": "succeeded", "message": \#(Self.message(text).replacingOccurrences(of: "\n", with: " "))}"#
                    case .message(let message):
                        #"{"type": "succeeded", "message": \#(message.replacingOccurrences(of: "\n", with: " "))}"#
                    case .expired: #"{"type": "expired"}"#
                    case .error(_, let type, let message):
                        #"{"type": "errored", "error": {"type": "error", "error": {"type": "\#(type)", "message": "\#(message)"}}}"#
                    }
                return #"{"custom_id": "\#(customID)", "result": \#(result)}"#
            }
            return .json(lines.joined(separator: "\n") + "\n")
        case ("GET", let uri) where uri.hasPrefix("/v1/messages/batches/"):
            let id = String(uri.dropFirst("/v1/messages/batches/".count))
            guard let (_, ended) = poll(id) else { return Self.notFound() }
            return .json(batchJSON(id, ended: ended))
        default:
            return Self.notFound()
        }
    }

    // MARK: OpenAI

    /// The JSON Lines file uploaded in a multipart body.
    static func uploadedFile(_ body: String) -> String? {
        guard let start = body.range(of: "Content-Type: application/jsonl\r\n\r\n"),
            let end = body.range(of: "\r\n--", range: start.upperBound..<body.endIndex)
        else { return nil }
        return String(body[start.upperBound..<end.lowerBound])
    }

    /// A Responses API answer saying `text`.
    static func response(_ text: String) -> String {
        """
        {"id": "resp_x", "object": "response", "model": "o3-2025-04-16", "status": "completed",
         "output": [{"type": "message", "id": "msg_x", "role": "assistant", "content": [{"type": "output_text", "text": "\(text)"}]}],
         "usage": {"input_tokens": 200, "output_tokens": 20, "input_tokens_details": {"cached_tokens": 50}}}
        """
    }

    /// A Chat Completions answer saying `text`.
    static func completion(_ text: String) -> String {
        """
        {"id": "chatcmpl-x", "model": "gpt-5-2025-08-07", "choices": [{"index": 0, "finish_reason": "stop",
         "message": {"role": "assistant", "content": "\(text)"}}], "usage": {"prompt_tokens": 300, "completion_tokens": 30}}
        """
    }

    let files = Mutex<[String: String]>([:])

    func openAI(_ request: FakeProviderServer.Received, answer: @Sendable (String) -> String)
        -> FakeProviderServer.Reply
    {
        func batchJSON(_ number: Int, state: String) -> String {
            let batch = batch(number)
            let ended = ["completed", "expired"].contains(state)
            let output = ended ? "\"file-out-\(batch.id)\"" : "null"
            let errors = ended ? "\"file-err-\(batch.id)\"" : "null"
            return """
                {"id": "\(batch.id)", "object": "batch", "endpoint": "/v1/responses", "status": "\(state)",
                 "output_file_id": \(output), "error_file_id": \(errors),
                 "request_counts": {"total": \(batch.customIDs.count), "completed": 0, "failed": 0}}
                """
        }
        switch (request.method, request.uri) {
        case ("POST", "/v1/files"):
            guard let file = Self.uploadedFile(request.body), request.body.contains("name=\"purpose\"\r\n\r\nbatch\r\n")
            else { return .json(#"{"error": {"message": "bad upload"}}"#, status: 400) }
            let id = files.withLock { files in
                let id = "file-in-\(files.count + 1)"
                files[id] = file
                return id
            }
            return .json(#"{"id": "\#(id)", "object": "file", "purpose": "batch"}"#)
        case ("POST", "/v1/batches"):
            guard let fileID = (try? request.json()["input_file_id"])??.string,
                let file = files.withLock({ $0[fileID] })
            else { return .json(#"{"error": {"message": "no file"}}"#, status: 400) }
            let ids = file.split(separator: "\n").compactMap { line in
                (try? JSONValue.parse(Array(line.utf8)))?["custom_id"]?.string
            }
            let (number, _) = add(prefix: "batch_0", customIDs: ids)
            return .json(batchJSON(number, state: "validating"))
        case ("GET", let uri) where uri.hasPrefix("/v1/batches/"):
            let id = String(uri.dropFirst("/v1/batches/".count))
            guard let (number, ended) = poll(id) else { return Self.notFound() }
            let state = !ended ? "in_progress" : expiresWhole(number) ? "expired" : "completed"
            return .json(batchJSON(number, state: state))
        case ("GET", let uri) where uri.hasPrefix("/v1/files/file-out-") || uri.hasPrefix("/v1/files/file-err-"):
            let errors = uri.hasPrefix("/v1/files/file-err-")
            let id = uri.dropFirst("/v1/files/file-out-".count).split(separator: "/").first.map(String.init) ?? ""
            guard let number = submitted.firstIndex(where: { $0.id == id }) else { return Self.notFound() }
            var lines: [String] = []
            for customID in batch(number).customIDs {
                switch outcome(number, customID) {
                case .answer(let text) where !errors:
                    let body = answer(text).replacingOccurrences(of: "\n", with: " ")
                    lines.append(
                        #"{"id": "batch_req_1", "custom_id": "\#(customID)", "response": {"status_code": 200, "request_id": "req_1", "body": \#(body)}, "error": null}"#
                    )
                case .expired where errors:
                    lines.append(
                        #"{"id": "batch_req_2", "custom_id": "\#(customID)", "response": null, "error": {"code": "batch_expired", "message": "This request could not be executed before the completion window expired."}}"#
                    )
                case .error(let status, let type, let message) where errors:
                    lines.append(
                        #"{"id": "batch_req_3", "custom_id": "\#(customID)", "response": {"status_code": \#(status), "request_id": "req_3", "body": {"error": {"message": "\#(message)", "type": "\#(type)", "code": null}}}, "error": null}"#
                    )
                default:
                    break
                }
            }
            return .json(lines.joined(separator: "\n"))
        default:
            return Self.notFound()
        }
    }

    // MARK: Gemini

    /// A generateContent answer saying `text`.
    static func generated(_ text: String) -> String {
        """
        {"candidates": [{"content": {"role": "model", "parts": [{"text": "\(text)"}]}, "finishReason": "STOP"}],
         "usageMetadata": {"promptTokenCount": 400, "candidatesTokenCount": 40, "cachedContentTokenCount": 100},
         "modelVersion": "gemini-2.5-pro"}
        """
    }

    func gemini(_ request: FakeProviderServer.Received) -> FakeProviderServer.Reply {
        func operation(_ number: Int, state: String, done: Bool) -> String {
            let batch = batch(number)
            var responses = ""
            if done, state.hasSuffix("SUCCEEDED") {
                let items = batch.customIDs.map { customID -> String in
                    switch outcome(number, customID) {
                    case .answer(let text):
                        return
                            #"{"response": \#(Self.generated(text).replacingOccurrences(of: "\n", with: " ")), "metadata": {"key": "\#(customID)"}}"#
                    case .error(let status, let type, let message):
                        return #"{"error": {"code": \#(status), "message": "\#(message)", "status": "\#(type)"}}"#
                    case .expired, .message:
                        return #"{"error": {"code": 503, "message": "expired", "status": "UNAVAILABLE"}}"#
                    }
                }
                responses =
                    #", "response": {"@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput", "inlinedResponses": {"inlinedResponses": [\#(items.joined(separator: ", "))]}}"#
            }
            return """
                {"name": "\(batch.id)", "metadata": {"@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch",
                 "model": "models/gemini-2.5-pro", "displayName": "offswitch", "state": "\(state)"}, "done": \(done)\(responses)}
                """
        }
        switch (request.method, request.uri) {
        case ("POST", "/v1beta/models/gemini-2.5-pro:batchGenerateContent"):
            guard case .array(let requests)? = try? request.json()["batch"]?["inputConfig"]?["requests"]?["requests"]
            else { return .json(#"{"error": {"code": 400, "message": "bad"}}"#, status: 400) }
            let (number, _) = add(
                prefix: "batches/b", customIDs: requests.compactMap { $0["metadata"]?["key"]?.string })
            return .json(operation(number, state: "BATCH_STATE_PENDING", done: false))
        case ("GET", let uri) where uri.hasPrefix("/v1beta/batches/"):
            let id = String(uri.dropFirst("/v1beta/".count))
            guard let (number, ended) = poll(id) else { return Self.notFound() }
            if !ended { return .json(operation(number, state: "BATCH_STATE_RUNNING", done: false)) }
            return .json(
                operation(
                    number, state: expiresWhole(number) ? "JOB_STATE_EXPIRED" : "BATCH_STATE_SUCCEEDED", done: true))
        default:
            return Self.notFound()
        }
    }
}
