/// What a batched model call is waiting on: what progress shows.
public struct BatchWait: Sendable, Equatable, CustomStringConvertible {
    public var provider: String
    public var batch: String
    public var requests: Int
    public var state: String
    public var elapsed: Duration

    public init(provider: String, batch: String, requests: Int, state: String, elapsed: Duration) {
        self.provider = provider
        self.batch = batch
        self.requests = requests
        self.state = state
        self.elapsed = elapsed
    }

    /// `waiting on batch msgbatch_01 (anthropic/claude-opus-4-1): 37 requests, in_progress, 4 m`.
    public var description: String {
        let seconds = max(0, elapsed.components.seconds)
        let time =
            seconds < 60
            ? "\(seconds) s" : seconds < 3600 ? "\(seconds / 60) m" : "\(seconds / 3600) h \(seconds % 3600 / 60) m"
        return
            "waiting on batch \(batch) (\(provider)): \(requests) request\(requests == 1 ? "" : "s"), \(state), \(time)"
    }
}
