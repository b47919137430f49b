import OffswitchStore

/// A command's RUN argument: an id, a label or a unique prefix of an id, or none for the newest run.
enum RunArgument {
    /// The stored run `name` means; an empty store fails the command, a name that matches no run or several is
    /// a usage error.
    static func select(_ name: String?, among stored: [StoredRun]) throws -> StoredRun {
        do {
            return try StoredRun.select(name, among: stored)
        } catch {
            throw error.storeIsEmpty ? CLIError.failure(error.message) : CLIError.usage(error.message)
        }
    }
}
