import Foundation

/// A new directory of a test's own under the system's temporary directory.
public enum TemporaryDirectory {
    /// Makes a new, empty directory named `prefix` plus a UUID and returns its path; the caller removes it.
    /// - Throws: When the directory cannot be made.
    public static func make(_ prefix: String = "offswitch-test-") throws -> String {
        let path = NSTemporaryDirectory() + prefix + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
