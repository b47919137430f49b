/// One request of a batch: its id inside the batch and the exact body the adapter would have sent on its own.
public struct BatchEntry: Sendable, Equatable {
    /// The id the provider echoes with the entry's result (`[A-Za-z0-9_-]`, at most 64 characters).
    public var customID: String
    /// The request body, byte for byte what a synchronous call would have posted.
    public var body: [UInt8]

    public init(customID: String, body: [UInt8]) {
        self.customID = customID
        self.body = body
    }
}

/// A submitted batch as the provider last described it.
public struct BatchStatus: Sendable, Equatable {
    /// The provider's id of the batch (`msgbatch_...`, `batch_...`, `batches/...`).
    public var id: String
    /// The provider's word for its state (`in_progress`, `validating`, `BATCH_STATE_RUNNING`, ...).
    public var state: String
    /// Whether the provider is done with it (completed, failed, expired, cancelled): its results can be read.
    public var ended: Bool
    /// Where the results are, when the provider names a place (Anthropic's `results_url`, OpenAI's output and
    /// error files); empty otherwise.
    public var resultLocations: [String]

    public init(id: String, state: String, ended: Bool, resultLocations: [String] = []) {
        self.id = id
        self.state = state
        self.ended = ended
        self.resultLocations = resultLocations
    }
}

/// What a finished batch said of one entry.
public enum BatchEntryResult: Sendable {
    /// The answer's body, as a synchronous call would have received it.
    case answered([UInt8])
    /// Not answered for a reason worth another batch (the batch expired or was cancelled, a server error).
    case resubmit(String)
    /// Answered with an error another batch would get again (a rejected request).
    case failed(ProviderError)
}

/// A provider's batch API for one model: the lifecycle (submit, poll, read results), and the adapter's own
/// request encoder and answer decoder, so that a batched request is exactly what the adapter would send.
public protocol BatchWire: Sendable {
    /// The model's address (`anthropic/claude-opus-4-1`).
    var address: String { get }
    /// The adapter's request body for `request`.
    /// - Throws: `ProviderError` when the request cannot be encoded.
    func body(for request: ModelRequest) throws -> [UInt8]
    /// The adapter's output for an answer body to `request`.
    /// - Throws: `ProviderError` when the answer is malformed or is an error.
    func output(answer: [UInt8], request: ModelRequest) throws -> ModelOutput
    /// Submits `entries` as one batch.
    /// - Throws: `ProviderError`, classified as for a synchronous call.
    func submit(_ entries: [BatchEntry]) async throws -> BatchStatus
    /// The batch's current state.
    /// - Throws: `ProviderError`.
    func status(of batch: String) async throws -> BatchStatus
    /// The results of an ended batch, by custom id. `customIDs` lists the batch's entries in the order they were
    /// submitted (a provider that answers in order, as Gemini's inline batches do, is matched by it).
    /// - Throws: `ProviderError` when the results cannot be read.
    func results(of status: BatchStatus, customIDs: [String]) async throws -> [String: BatchEntryResult]
}
