import Foundation
import OffswitchCore

/// What the build scripts recorded about this binary.
enum BuildInfo {
    /// The commit this binary was built from, read from `offswitch.commit` beside the executable (written by
    /// scripts/offswitch, scripts/test and scripts/install after each build); nil when the file is missing or
    /// holds anything but a commit.
    static let commit: String? = {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            let handle = FileHandle(
                forReadingAtPath: URL(fileURLWithPath: executable).deletingLastPathComponent()
                    .appendingPathComponent(BuildCommit.fileName).path)
        else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: BuildCommit.maxBytes + 1) else { return nil }
        return BuildCommit.parse(String(decoding: data, as: UTF8.self))
    }()
}
