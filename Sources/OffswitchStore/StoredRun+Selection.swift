import OffswitchCore

/// Why no stored run could be selected by a name (``StoredRun/select(_:among:)``); ``message`` says so in one
/// line with the fix.
public struct RunSelectionError: Error, Sendable {
    /// The store has no runs at all; the other case: the name matches none, or more than one.
    public var storeIsEmpty: Bool
    public var message: String
}

extension StoredRun {
    /// The run `name` means among `stored` (newest first): the run with exactly that id, else the run with that
    /// label, else the one run whose id starts with it; with no name, the newest run. The one rule every command
    /// that takes a run uses.
    ///
    /// - Throws: ``RunSelectionError`` when the store is empty, or the name matches no run or several.
    public static func select(_ name: String?, among stored: [StoredRun]) throws(RunSelectionError) -> StoredRun {
        guard let newest = stored.first else {
            throw RunSelectionError(
                storeIsEmpty: true, message: "the results store has no runs yet; start one with 'offswitch run'")
        }
        guard let name else { return newest }
        if let exact = stored.first(where: { $0.id.rawValue == name }) { return exact }
        if let labelled = stored.first(where: { $0.label == name }) { return labelled }
        let matches = stored.filter { $0.id.rawValue.hasPrefix(name) }
        guard matches.count == 1 else {
            let known = stored.prefix(5).map { run in run.label.map { "\(run.id) (\($0))" } ?? run.id.rawValue }
                .joined(separator: ", ")
            throw RunSelectionError(
                storeIsEmpty: false,
                message: matches.isEmpty
                    ? "no run '\(name)' in the results store (newest: \(known))"
                    : "'\(name)' matches \(matches.count) runs; give more of the run id, or its label")
        }
        return matches[0]
    }
}
