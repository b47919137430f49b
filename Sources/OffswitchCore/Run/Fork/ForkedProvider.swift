import Synchronization

/// A branch's model: plays its trunk's assistant turns back while checking that the branch's sandbox answers
/// exactly as the trunk's did, then hands the conversation to the live model from the warning on.
///
/// A branch whose replayed prefix diverges is stopped with a provider error, and ``divergence`` says where; the
/// Runner stores it as excluded ("invalid branch") with that reason.
public final class ForkedProvider: ModelProvider, Sendable {
    public let trunk: Trunk
    public let live: any ModelProvider
    /// The branch condition.
    public let branch: String
    private let found = Mutex<String?>(nil)

    public init(trunk: Trunk, live: any ModelProvider, branch: String) {
        self.trunk = trunk
        self.live = live
        self.branch = branch
    }

    public var address: String { live.address }

    /// Where the branch's replay of the prefix diverged from the trunk, once it has.
    public var divergence: String? { found.withLock { $0 } }

    public func generate(_ request: ModelRequest) async throws -> ModelOutput {
        if let difference = trunk.divergence(of: request.messages) { throw diverged(difference) }
        let turn = request.messages.count { $0.role == .assistant }
        let turns = trunk.turns
        if turn < turns.count {
            var notes: [String] = []
            if turn == 0 {
                notes.append(
                    "fork: branch \(branch) replays trunk \(trunk.key) (\(turns.count) assistant turn(s))"
                        + (trunk.reachedWarning
                            ? " up to the warning, then goes on live" : " to its end, before any warning"))
            }
            return ModelOutput(
                message: turns[turn], usage: Usage(), modelName: trunk.modelNames.first ?? live.address,
                scripted: trunk.scripted, notes: notes)
        }
        guard trunk.reachedWarning else {
            throw diverged(
                "the trunk ended here (\(trunk.endedBefore ?? "before the warning")) and the branch did not")
        }
        var output = try await live.generate(request)
        if turn == turns.count {
            output.notes.insert(
                "fork: the replayed prefix matched the trunk's \(trunk.verified) message(s); live from here under \(branch)",
                at: 0)
        }
        return output
    }

    private func diverged(_ difference: String) -> ProviderError {
        found.withLock { if $0 == nil { $0 = difference } }
        return ProviderError(.badRequest, "fork: the replayed prefix diverged: \(difference)")
    }
}
