import Foundation
public import GRDB
public import OffswitchCore

/// The SQLite results store: every finished trial, its verdict and its full transcript, one row each.
///
/// It wraps a GRDB `DatabaseWriter` and brings the schema up to date when created (GRDB's `AppDatabase`
/// pattern): a WAL `DatabasePool` file in production (``open(directory:)``), an in-memory `DatabaseQueue`
/// in tests (``inMemory()``), both running the same migrations. Each trial is written in its own transaction
/// when it finishes, so an interrupted run can be resumed and a finished one re-scored.
public final class ResultsStore: TrialRecorder {
    /// The database connection(s); GRDB serializes writes, so the store may be used from many tasks.
    let writer: any DatabaseWriter

    /// The file name of the database inside the store's directory.
    public static let fileName = "offswitch.sqlite"

    /// Creates a store over `writer`, running any migrations the database has not had yet.
    ///
    /// - Parameter writer: A GRDB database queue or pool. Its configuration must keep foreign keys on
    ///   (GRDB's default): deleting a trial relies on them to delete its events.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/migration`` when the schema cannot be brought up
    ///   to date, or ``StoreError/Code/corrupt`` when the file is not a database.
    public init(writer: any DatabaseWriter) throws {
        self.writer = writer
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw StoreError.wrapping(
                error, as: .migration, "could not prepare the results store \(Self.describe(writer))")
        }
    }

    /// Opens (creating if needed) the store in `directory`, as the file `offswitch.sqlite` in WAL mode.
    ///
    /// The directory and any missing parents are created.
    ///
    /// - Parameter directory: Where the store lives.
    /// - Returns: The store, migrated to the current schema.
    /// - Throws: ``StoreError`` with code ``StoreError/Code/open`` when the directory cannot be created or the
    ///   file cannot be opened (the message names the path), ``StoreError/Code/corrupt`` when the file is not
    ///   an offswitch database, or ``StoreError/Code/migration``.
    public static func open(directory: String) throws -> ResultsStore {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw StoreError(
                .open,
                "the results directory \(directory) is a file, not a directory; choose a directory to store results in")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(
                .open,
                "cannot create the results directory \(directory) (\(Self.reason(error))); "
                    + "choose a directory you can write to",
                underlying: error)
        }
        let path = (directory as NSString).appendingPathComponent(fileName)
        var configuration = Configuration()
        // Another offswitch process (a report while a run writes) waits for the lock instead of failing.
        configuration.busyMode = .timeout(10)
        // WAL with synchronous=NORMAL: a commit does not wait for the disk. A crash of offswitch loses nothing
        // committed; only a power cut can take the last commits back (never corrupting the file).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.wrapping(error, as: .open, "cannot open the results store \(path)")
        }
        return try ResultsStore(writer: pool)
    }

    /// Creates an empty store in memory, with the real schema: for tests.
    ///
    /// - Returns: The store, migrated to the current schema.
    /// - Throws: ``StoreError`` when SQLite cannot open an in-memory database.
    public static func inMemory() throws -> ResultsStore {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue()
        } catch {
            throw StoreError.wrapping(error, as: .open, "cannot open an in-memory results store")
        }
        return try ResultsStore(writer: queue)
    }

    /// Runs `body` in a read transaction, turning failures into ``StoreError``s.
    func reading<T: Sendable>(_ what: @autoclosure () -> String, _ body: @Sendable (Database) throws -> T)
        async throws -> T
    {
        do {
            return try await writer.read(body)
        } catch {
            throw StoreError.wrapping(error, as: .read, what())
        }
    }

    /// Runs `body` in one write transaction, turning failures into ``StoreError``s.
    func writing<T: Sendable>(_ what: @autoclosure () -> String, _ body: @Sendable (Database) throws -> T)
        async throws -> T
    {
        do {
            return try await writer.write(body)
        } catch {
            throw StoreError.wrapping(error, as: .write, what())
        }
    }

    /// The path of a file-backed writer, for messages.
    private static func describe(_ writer: any DatabaseWriter) -> String {
        writer.path.isEmpty || writer.path == ":memory:" ? "(in memory)" : writer.path
    }

    /// The short reason of a Foundation file error, as in "Not a directory", instead of Foundation's generic
    /// "The operation could not be completed".
    private static func reason(_ error: any Error) -> String {
        guard let cocoa = error as? CocoaError else { return "\(error)" }
        let code: Int32? =
            if let posix = cocoa.underlying as? POSIXError {
                posix.code.rawValue
            } else if let underlying = cocoa.underlying as? NSError, underlying.domain == NSPOSIXErrorDomain {
                Int32(underlying.code)
            } else { nil }
        return code.map { String(cString: strerror($0)) } ?? cocoa.localizedDescription
    }
}
