import Foundation

/// Reading a recording's file within ``Recording/Limits``.
enum RecordingFile {
    /// The bytes of the file at `path`.
    /// - Throws: ``ReplayError`` when it cannot be read, is a directory, or is larger than the limit.
    static func read(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReplayError("\(path): no such file; give an offswitch JSON-lines export or an Inspect .eval log")
        }
        guard !isDirectory.boolValue else {
            throw ReplayError("\(path): is a directory; give one .jsonl or .eval file")
        }
        let size: Int
        do {
            size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw ReplayError("\(path): cannot read the file (\(error.localizedDescription))")
        }
        guard size <= Recording.Limits.fileBytes else {
            throw ReplayError("\(path): larger than \(Recording.Limits.fileBytes >> 20) MiB; split the recording")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReplayError("\(path): cannot read the file")
        }
        // A file that grew past the limit since its size was read is refused all the same.
        guard data.count <= Recording.Limits.fileBytes else {
            throw ReplayError("\(path): larger than \(Recording.Limits.fileBytes >> 20) MiB; split the recording")
        }
        return [UInt8](data)
    }
}
