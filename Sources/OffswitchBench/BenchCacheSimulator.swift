import Foundation
import OffswitchCore
import OffswitchProviders
import Synchronization

/// The simulated provider's prompt cache, billed like Anthropic's: a request that names its cache (its
/// `prompt_cache_key`) reads the longest run of leading messages it shares with that cache's last request, and
/// writes the rest; without a key nothing is cached. A prompt under 1,024 tokens is neither read nor written
/// (Anthropic's minimum for Opus and Sonnet). Tokens are counted as four bytes of the request's JSON each.
final class BenchCacheSimulator: Sendable {
    /// The shortest prompt cached: Anthropic's 1,024 for Opus and Sonnet, or 0 for what caching would save were
    /// every prompt long enough.
    let minimumTokens: Int
    private let caches = Mutex<[String: [JSONValue]]>([:])

    private let ids = Atomic<Int>(0)
    /// The batch API, for a bench run in batch mode; nil answers model calls only.
    let batches: BenchBatchSimulator?

    init(minimumTokens: Int = 1024, batches: Bool = false) {
        self.minimumTokens = minimumTokens
        self.batches = batches ? BenchBatchSimulator() : nil
    }

    /// A number no other call of this provider got.
    func nextID() -> Int { ids.add(1, ordering: .relaxed).newValue }

    /// Prompt tokens, and the cached and written parts (nil without a cache key).
    func usage(of request: JSONValue) -> (prompt: Int, cached: Int?, written: Int?) {
        // Compared as values: the same object may print its keys in another order.
        var segments = [request["tools"] ?? .null]
        if case .array(let messages)? = request["messages"] { segments += messages }
        let tokens = segments.map { $0.text.utf8.count / 4 }
        let prompt = tokens.reduce(0, +)
        guard let key = request["prompt_cache_key"]?.string else { return (prompt, nil, nil) }
        let previous = caches.withLock { caches in
            defer { caches[key] = segments }
            return caches[key] ?? []
        }
        let shared = zip(previous, segments).prefix { $0 == $1 }.count
        let prefix = tokens.prefix(shared).reduce(0, +)
        let cached = prefix >= minimumTokens ? prefix : 0
        let written = prompt >= minimumTokens ? prompt - cached : 0
        return (prompt, cached, written)
    }
}

/// The simulated provider's batch API, following OpenAI's lifecycle: a JSON Lines file is uploaded
/// (`POST /v1/files`), a batch made of it (`POST /v1/batches`) is answered at once, entry by entry, as the model
/// would have answered each call, and reads `completed` on its first poll; its output file holds the answers.
final class BenchBatchSimulator: Sendable {
    private let files = Mutex<[String: [UInt8]]>([:])
    private let batches = Mutex<[String: String]>([:])  // batch id -> output file id
    private let ids = Atomic<Int>(0)

    /// The answer to one request of the batch API; `model` answers one call's body.
    func answer(method: String, uri: String, body: [UInt8], model: (_ body: [UInt8]) async -> BenchModelServer.Reply)
        async -> BenchModelServer.Reply
    {
        let id = ids.add(1, ordering: .relaxed).newValue
        if method == "POST", uri.hasSuffix("/files") {
            // The multipart body's file part: the lines between its blank line and the closing boundary.
            let text = String(decoding: body, as: UTF8.self)
            guard let start = text.range(of: "application/jsonl\r\n\r\n"),
                let end = text.range(of: "\r\n--", range: start.upperBound..<text.endIndex)
            else { return BenchModelServer.Reply(status: 400, body: #"{"error": {"message": "no file"}}"#) }
            files.withLock { $0["file-\(id)"] = Array(text[start.upperBound..<end.lowerBound].utf8) }
            return BenchModelServer.Reply(status: 200, body: #"{"id": "file-\#(id)", "object": "file"}"#)
        }
        if method == "POST", uri.hasSuffix("/batches") {
            guard let input = (try? JSONValue.parse(body))?["input_file_id"]?.string,
                let file = files.withLock({ $0[input] })
            else { return BenchModelServer.Reply(status: 400, body: #"{"error": {"message": "no input file"}}"#) }
            var output = ""
            for line in file.split(separator: UInt8(ascii: "\n")) {
                guard let entry = try? JSONValue.parse(Array(line)), let customID = entry["custom_id"]?.string,
                    let request = entry["body"]
                else { continue }
                let reply = await model(Array(request.text.utf8))
                output +=
                    #"{"custom_id": \#(customID.jsonLiteral), "response": {"status_code": \#(reply.status), "body": \#(reply.body)}, "error": null}"#
                    + "\n"
            }
            files.withLock { $0["file-out-\(id)"] = Array(output.utf8) }
            batches.withLock { $0["batch_\(id)"] = "file-out-\(id)" }
            return BenchModelServer.Reply(status: 200, body: #"{"id": "batch_\#(id)", "status": "validating"}"#)
        }
        if method == "GET", let batch = uri.split(separator: "/").last.map(String.init), uri.contains("/batches/"),
            let file = batches.withLock({ $0[batch] })
        {
            return BenchModelServer.Reply(
                status: 200, body: #"{"id": "\#(batch)", "status": "completed", "output_file_id": "\#(file)"}"#)
        }
        if method == "GET", uri.hasSuffix("/content"), let name = uri.split(separator: "/").dropLast().last,
            let file = files.withLock({ $0[String(name)] })
        {
            return BenchModelServer.Reply(status: 200, body: String(decoding: file, as: UTF8.self))
        }
        return BenchModelServer.Reply(status: 404, body: #"{"error": {"message": "not found"}}"#)
    }
}
