import GRDB

extension StoreError {
    /// Turns an error thrown inside a store operation into the error the store's API throws.
    ///
    /// Cancellation and errors that are already `StoreError`s pass through unchanged; SQLite errors are
    /// classified so that the message says what to do.
    ///
    /// - Parameters:
    ///   - error: The error thrown by GRDB or by the operation's own code.
    ///   - code: The code to use when the error is not one of the classified SQLite errors.
    ///   - what: What the store was doing, as in "could not record trial m C #1 of run r".
    static func wrapping(_ error: any Error, as code: Code, _ what: String) -> any Error {
        if error is CancellationError || error is StoreError { return error }
        guard let database = error as? DatabaseError else {
            return StoreError(code, "\(what): \(error)", underlying: error)
        }
        let detail = database.message ?? "\(database.resultCode)"
        switch database.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StoreError(
                .corrupt,
                "\(what): the database file is damaged or not an offswitch store (\(detail)); "
                    + "move it aside and rerun, or point offswitch at another directory",
                underlying: error)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(
                code,
                "\(what): the database is locked by another process (\(detail)); wait for it to finish and rerun",
                underlying: error)
        case .SQLITE_FULL:
            return StoreError(
                code, "\(what): the disk is full (\(detail)); free some space and rerun", underlying: error)
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_IOERR:
            return StoreError(
                code, "\(what): \(detail); check that the store's directory exists and is writable", underlying: error)
        default:
            return StoreError(code, "\(what): \(detail)", underlying: error)
        }
    }
}
