import Foundation
import OffswitchCore

/// The output directory of an export and the scratch files written beside its results.
enum ExportDirectory {
    /// Creates `directory` and any missing parents.
    static func create(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ExportError(.write, "the output \(directory) is a file, not a directory; choose a directory")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ExportError(
                .write, "cannot create the output directory \(directory); choose a directory you can write to",
                underlying: error)
        }
    }

    /// A new scratch file beside `url` (same file system, removed by ``JSONArrayFile/discard()``).
    static func temporaryFile(near url: URL) throws -> JSONArrayFile {
        try JSONArrayFile(
            url: url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).summaries"))
    }
}

/// A JSON array written to a file one batch of elements at a time, so it never has to be held whole.
final class JSONArrayFile {
    private let url: URL
    private let handle: FileHandle
    private var empty = true

    /// Creates (or empties) the file at `url` and opens the array.
    init(url: URL) throws {
        self.url = url
        guard FileManager.default.createFile(atPath: url.path, contents: Data("[".utf8)) else {
            throw ExportError(.write, "cannot create \(url.path); choose an output directory you can write to")
        }
        do {
            handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
        } catch {
            throw ExportError(.write, "cannot open \(url.path) for writing: \(error)", underlying: error)
        }
    }

    /// Appends `elements` to the array.
    func append(_ elements: [JSONValue]) throws {
        var data = Data()
        for element in elements {
            if !empty { data.append(UInt8(ascii: ",")) }
            empty = false
            data.append(try element.data())
        }
        try writing { try handle.write(contentsOf: data) }
    }

    /// Closes the array and the file; returns the file's URL.
    func close() throws -> URL {
        try writing {
            try handle.write(contentsOf: Data("]".utf8))
            try handle.close()
        }
        return url
    }

    /// Removes the file.
    func discard() {
        do {
            try FileManager.default.removeItem(at: url)
        } catch {
            // Already gone; a scratch file left behind is harmless and the export reports its own outcome.
            return
        }
    }

    private func writing(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            throw ExportError(.write, "cannot write \(url.path): \(error)", underlying: error)
        }
    }
}
