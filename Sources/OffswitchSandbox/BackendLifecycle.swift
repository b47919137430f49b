import OffswitchCore
import Synchronization

/// Whether a backend was torn down: after ``SandboxBackend/tearDown()`` its runtime directory is gone, so it must
/// refuse new sandboxes instead of failing somewhere inside their start.
final class BackendLifecycle: Sendable {
    private let closed = Atomic(false)

    /// Marks the backend torn down; true the first time only.
    func close() -> Bool { !closed.exchange(true, ordering: .sequentiallyConsistent) }

    /// - Throws: `SandboxError.unavailable` once the backend was torn down.
    func checkOpen() throws {
        if closed.load(ordering: .sequentiallyConsistent) {
            throw SandboxError(.unavailable, "this sandbox backend was torn down; make a new one")
        }
    }
}
