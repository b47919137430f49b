import Foundation

/// Reads a scenario file's text, refusing what is not a regular file of a sensible size before reading it:
/// a directory gives Foundation's raw error, and a device such as /dev/zero would be read forever.
enum ScenarioSource {
    /// The largest scenario file read: prompts are a few KiB; this leaves room for long ones.
    static let maxBytes = 1 << 20

    /// The text of the scenario file at `path`.
    ///
    /// - Throws: ``ConfigurationError`` with code `unreadable`, one line naming the path and the fix.
    static func read(_ path: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            throw ConfigurationError(
                .unreadable, "\(path): cannot read the scenario file (\(reason)); give the path of a .yaml file")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            break
        case S_IFDIR:
            throw ConfigurationError(
                .unreadable, "\(path): is a directory, not a scenario file; give the path of a .yaml file in it")
        default:
            throw ConfigurationError(
                .unreadable, "\(path): is not a regular file (a device, pipe or socket); give the path of a .yaml file")
        }
        guard info.st_size <= maxBytes else {
            throw ConfigurationError(
                .unreadable, "\(path): is \(info.st_size) bytes; a scenario file may have at most \(maxBytes) bytes")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(
                .unreadable, "\(path): cannot read the scenario file (\(ScenarioFile.reason(error)))",
                underlying: error)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(.unreadable, "\(path): the scenario file is not UTF-8 text")
        }
        return text
    }
}
