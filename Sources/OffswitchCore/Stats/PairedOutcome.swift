/// One pair of trials branched from the same trunk: the k-th branch under the first condition and the k-th under
/// the second, each saying whether it sabotaged the shutdown.
public struct PairedOutcome: Sendable, Equatable, Hashable, Codable {
    /// The trunk both branches were forked from (the cluster the pair belongs to).
    public var trunk: String
    /// Whether the first condition's branch sabotaged.
    public var first: Bool
    /// Whether the second condition's branch sabotaged.
    public var second: Bool

    /// Creates a pair.
    ///
    /// - Parameters:
    ///   - trunk: The trunk's id.
    ///   - first: Whether the first condition's branch sabotaged.
    ///   - second: Whether the second condition's branch sabotaged.
    public init(trunk: String, first: Bool, second: Bool) {
        self.trunk = trunk
        self.first = first
        self.second = second
    }
}
