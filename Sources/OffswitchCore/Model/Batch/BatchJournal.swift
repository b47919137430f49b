/// What the results store keeps of batches so that a run resumes across process restarts without resubmitting.
public protocol BatchJournal: Sendable {
    /// What is known of the request with `digest` of trial `trial` in `run`.
    func batchLookup(run: RunID, trial: String, digest: String) async throws -> BatchLookup
    /// Records a submitted batch of `model` and its entries, in submission order.
    func batchSubmitted(run: RunID, model: String, status: BatchStatus, entries: [BatchJournalEntry]) async throws
    /// Records the batch's latest state.
    func batchUpdated(_ status: BatchStatus) async throws
    /// Records the answer to one entry.
    func batchAnswered(batch: String, customID: String, answer: [UInt8]) async throws
    /// The custom ids of a batch's entries, in submission order.
    func batchEntries(batch: String) async throws -> [String]
}

/// One entry as the journal keeps it: no body, only its digest.
public struct BatchJournalEntry: Sendable, Equatable {
    public var customID: String
    public var trial: String
    public var digest: String

    public init(customID: String, trial: String, digest: String) {
        self.customID = customID
        self.trial = trial
        self.digest = digest
    }
}

/// What the journal knows of a request.
public enum BatchLookup: Sendable, Equatable {
    /// Nothing: it goes into the next batch.
    case none
    /// Its answer, already fetched.
    case answered([UInt8])
    /// It is an entry of a batch that has not ended: the request waits on that batch.
    case pending(batch: String, customID: String)
}
