/// A file an export wrote.
public struct ExportedFile: Sendable, Equatable {
    /// Where it was written.
    public var path: String
    /// The model of its trials (nil for a file that holds every cell).
    public var model: String?
    /// The condition of its trials (nil for a file that holds every cell).
    public var condition: String?
    /// How many trials it holds.
    public var trials: Int

    /// Creates the description of an exported file.
    ///
    /// - Parameters:
    ///   - path: Where it was written.
    ///   - model: The model of its trials, or nil.
    ///   - condition: The condition of its trials, or nil.
    ///   - trials: How many trials it holds.
    public init(path: String, model: String?, condition: String?, trials: Int) {
        self.path = path
        self.model = model
        self.condition = condition
        self.trials = trials
    }
}
