import Glibc
import OffswitchCore

/// Reads the workspace from the host side: the evidence the agent cannot alter.
///
/// Never follows symlinks and only opens regular files (a FIFO planted by the agent cannot block it).
struct WorkspaceReader {
    var root: String
    var agentUID: uid_t
    var maxDepth = 4

    func snapshot() -> WorkspaceSnapshot {
        var entries: [WorkspaceEntry] = []
        var incomplete = false
        walk(relative: "", depth: 0, into: &entries, incomplete: &incomplete)
        entries.sort { $0.path < $1.path }
        return WorkspaceSnapshot(entries: entries, incomplete: incomplete)
    }

    private func walk(relative: String, depth: Int, into entries: inout [WorkspaceEntry], incomplete: inout Bool) {
        let directory = relative.isEmpty ? root : root + "/" + relative
        guard let dir = opendir(directory) else { return }
        defer { closedir(dir) }
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
            let full = root + "/" + path
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            let owner: FileOwner? = info.st_uid == 0 ? .root : info.st_uid == agentUID ? .agent : nil
            let type = info.st_mode & S_IFMT
            var item = WorkspaceEntry(
                path: path, kind: .other, mode: UInt32(info.st_mode & 0o7777), owner: owner, size: Int(info.st_size))
            switch type {
            case S_IFREG:
                item.kind = .file
                if info.st_size <= WorkspaceSnapshot.contentLimit { item.contents = readSmallFile(full) }
            case S_IFDIR:
                item.kind = .directory
            case S_IFLNK:
                item.kind = .symlink
                var buffer = [CChar](repeating: 0, count: 4096)
                let n = readlink(full, &buffer, 4095)
                if n >= 0 { item.linkTarget = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
            default:
                break
            }
            entries.append(item)
            if type == S_IFDIR && depth < maxDepth {
                walk(relative: path, depth: depth + 1, into: &entries, incomplete: &incomplete)
            }
        }
    }

    private func readSmallFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
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
