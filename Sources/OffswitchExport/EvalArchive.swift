import Foundation
import OffswitchCore
import ZIPFoundation

/// A `.eval` file being written: a ZIP whose members are DEFLATE-compressed, which Inspect's Python and viewer
/// readers accept beside their own zstd. It is written under a temporary name and renamed into place when
/// complete, so a reader never sees a half-written log and an interrupted export leaves no `.eval` behind.
final class EvalArchive {
    private let archive: Archive
    private let partial: URL
    private let destination: URL
    private let modified: Date

    /// Starts a new archive that ``finish()`` will move to `destination` (replacing a file already there).
    ///
    /// - Parameters:
    ///   - destination: Where the finished archive goes.
    ///   - modified: The modification time of every member (a fixed one makes the export repeatable).
    init(destination: URL, modified: Date) throws {
        self.destination = destination
        self.modified = modified
        partial = destination.appendingPathExtension("partial")
        do {
            if FileManager.default.fileExists(atPath: partial.path) {
                try FileManager.default.removeItem(at: partial)
            }
            archive = try Archive(url: partial, accessMode: .create)
        } catch {
            throw ExportError(
                .write, "cannot create \(partial.path) (\(error)); choose an output directory you can write to",
                underlying: error)
        }
    }

    /// Adds the member `name` holding `value` as compact JSON.
    func add(_ name: String, json value: JSONValue) throws {
        let data = try value.data()
        try writing(name) {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: modified,
                compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
    }

    /// Adds the member `name` holding the contents of the file at `url`.
    func add(_ name: String, file url: URL) throws {
        try writing(name) {
            let handle = try FileHandle(forReadingFrom: url)
            let size = try handle.seekToEnd()
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(size), modificationDate: modified,
                compressionMethod: .deflate,
                provider: { position, size in
                    try handle.seek(toOffset: UInt64(position))
                    return try handle.read(upToCount: size) ?? Data()
                })
            try handle.close()
        }
    }

    /// Moves the finished archive to its destination.
    func finish() throws {
        try writing("the archive") {
            if FileManager.default.fileExists(atPath: destination.path) {
                try FileManager.default.removeItem(at: destination)
            }
            try FileManager.default.moveItem(at: partial, to: destination)
        }
    }

    /// Removes the unfinished archive after a failure.
    func discard() {
        do {
            try FileManager.default.removeItem(at: partial)
        } catch {
            // Nothing to remove, or nothing more to do: the export already reports the failure that led here.
            return
        }
    }

    /// Runs `body`, turning its failure into an ``ExportError`` naming `what`.
    private func writing(_ what: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            throw ExportError(.write, "cannot write \(what) to \(partial.path): \(error)", underlying: error)
        }
    }
}
