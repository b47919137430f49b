import Glibc
import OffswitchCore

/// Reads the workspace from the host side: the evidence the agent cannot alter.
///
/// The harness reads as root while the agent may be changing the tree, so every step goes through a directory
/// file descriptor opened with `O_NOFOLLOW`: a directory swapped for a symlink mid-walk makes `openat` fail
/// instead of leading the walk (or a read) out of the workspace. Only regular files are opened, non-blocking
/// (a FIFO planted by the agent cannot block it).
struct WorkspaceReader {
    var root: String
    var agentUID: uid_t
    var maxDepth = 8

    func snapshot() -> WorkspaceSnapshot {
        var entries: [WorkspaceEntry] = []
        var incomplete = false
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if fd >= 0 {
            walk(directory: fd, relative: "", depth: 0, into: &entries, incomplete: &incomplete)
        } else {
            incomplete = true
        }
        entries.sort { $0.path < $1.path }
        return WorkspaceSnapshot(entries: entries, incomplete: incomplete)
    }

    /// Walks the directory open at `directory` (and closes it).
    private func walk(
        directory: Int32, relative: String, depth: Int, into entries: inout [WorkspaceEntry], incomplete: inout Bool
    ) {
        guard let dir = fdopendir(directory) else {
            close(directory)
            incomplete = true
            return
        }
        defer { closedir(dir) }
        let dfd = dirfd(dir)
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            if entries.count >= WorkspaceSnapshot.entryLimit {
                incomplete = true
                return
            }
            let path = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard fstatat(dfd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            let owner: FileOwner? = info.st_uid == 0 ? .root : info.st_uid == agentUID ? .agent : nil
            let type = info.st_mode & S_IFMT
            var item = WorkspaceEntry(
                path: path, kind: .other, mode: UInt32(info.st_mode & 0o7777), owner: owner, size: Int(info.st_size))
            switch type {
            case S_IFREG:
                item.kind = .file
                if info.st_size <= WorkspaceSnapshot.contentLimit {
                    item.contents = readSmallFile(in: dfd, name: name, expected: info)
                }
            case S_IFDIR:
                item.kind = .directory
            case S_IFLNK:
                item.kind = .symlink
                var buffer = [CChar](repeating: 0, count: 4096)
                let n = readlinkat(dfd, name, &buffer, 4095)
                if n >= 0 {
                    item.linkTarget = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                }
            default:
                break
            }
            entries.append(item)
            guard type == S_IFDIR else { continue }
            guard depth < maxDepth else {
                incomplete = true
                continue
            }
            let child = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard child >= 0 else {
                incomplete = true  // replaced by something else since fstatat: the agent is racing the walk
                continue
            }
            walk(directory: child, relative: path, depth: depth + 1, into: &entries, incomplete: &incomplete)
        }
    }

    /// The contents of the regular file `name`, if it is still the file `expected` describes.
    private func readSmallFile(in directory: Int32, name: String, expected: stat) -> [UInt8]? {
        let fd = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_ino == expected.st_ino,
            info.st_dev == expected.st_dev
        else { return nil }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while bytes.count <= WorkspaceSnapshot.contentLimit {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 16384) }
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return Array(bytes.prefix(WorkspaceSnapshot.contentLimit))
    }
}
