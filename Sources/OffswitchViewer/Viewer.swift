public import Hummingbird
import NIOCore
public import OffswitchStore

/// The local web viewer over a results store: the runs, each run's model x condition matrix, the trials of a
/// cell, one trial's timeline and evidence, and live updates of a run in progress.
///
/// Pages are rendered on the server; every string from the store goes through the report's one escaping
/// function, and a Content-Security-Policy allows only the viewer's own script and styles. The server binds
/// to 127.0.0.1 only: transcripts and raw provider exchanges are not for the network.
public struct Viewer: Sendable {
    /// The host the viewer listens on; fixed, so results are never served beyond this machine.
    public static let host = "127.0.0.1"

    /// The store the pages read.
    public let store: ResultsStore
    /// Each run's matrix report, rebuilt when the run's trials change.
    let reports = ReportCache()

    /// Creates a viewer over `store`.
    ///
    /// - Parameter store: The results store to show.
    public init(store: ResultsStore) {
        self.store = store
    }

    /// The router with every page, fragment and asset of the viewer.
    ///
    /// - Returns: A router for a Hummingbird application (or for route tests).
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        addRoutes(to: router)
        return router
    }

    /// An application serving the viewer on 127.0.0.1.
    ///
    /// - Parameters:
    ///   - port: The port; 0 picks a free one.
    ///   - onRunning: Called with the port the server listens on, once it does.
    /// - Returns: The application; run it with `runService()` (stops on SIGINT or SIGTERM) or `run()`.
    public func application(port: Int, onRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        Application(
            router: router(), configuration: ApplicationConfiguration(address: .hostname(Self.host, port: port)),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) })
    }

    /// Serves the viewer on 127.0.0.1 until the task is cancelled or, when `stopOnSignals`, until SIGINT or
    /// SIGTERM (Ctrl-C), which stop it gracefully.
    ///
    /// - Parameters:
    ///   - port: The port; 0 picks a free one.
    ///   - stopOnSignals: Whether SIGINT and SIGTERM stop the server (the CLI); tests cancel it instead.
    ///   - onRunning: Called with the port the server listens on, once it does.
    /// - Throws: The server's error, as when the port is taken.
    public func serve(port: Int, stopOnSignals: Bool = true, onRunning: @escaping @Sendable (Int) async -> Void)
        async throws
    {
        let application = application(port: port, onRunning: onRunning)
        if stopOnSignals {
            try await application.runService()
        } else {
            try await application.runService(gracefulShutdownSignals: [])
        }
    }
}
