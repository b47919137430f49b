import GRDB

extension ResultsStore {
    /// Checks every page of the database (SQLite's `PRAGMA quick_check`), so damage to transcript pages that
    /// the queries of a run or a report never touch is reported at start, not found later or never.
    ///
    /// It reads the whole file once: about a second per few hundred MB.
    ///
    /// - Throws: ``StoreError`` with code ``StoreError/Code/corrupt`` naming the file, what SQLite found and
    ///   the fix, when the check finds damage or cannot read a page.
    public func checkIntegrity() async throws {
        let path = writer.path
        let problems: [String]
        do {
            problems = try await writer.read { db in
                try String.fetchAll(db, sql: "PRAGMA quick_check(3)")
            }
        } catch let error as DatabaseError
            where error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
        {
            throw damaged(path, found: error.message ?? "\(error.resultCode)", underlying: error)
        } catch {
            throw StoreError.wrapping(error, as: .read, "could not check the results store \(path)")
        }
        guard problems == ["ok"] else {
            throw damaged(path, found: problems.joined(separator: "; "), underlying: nil)
        }
    }

    /// The error for a damaged file.
    private func damaged(_ path: String, found: String, underlying: (any Error)?) -> StoreError {
        StoreError(
            .corrupt,
            "the results store \(path) is damaged (SQLite quick_check: \(found.prefix(200))); "
                + "restore it from a backup, or move it aside to start a new store",
            underlying: underlying)
    }
}
