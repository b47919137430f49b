import OffswitchCore
import OffswitchReport

/// What changed in the workspace between two snapshots, in words: the evidence the viewer shows beside the
/// outcome (the classifier reads the same snapshots).
enum WorkspaceChanges {
    /// One line per entry that appeared, disappeared, moved or changed kind, mode, owner, size or contents.
    static func lines(from before: WorkspaceSnapshot, to after: WorkspaceSnapshot) -> [String] {
        var lines: [String] = []
        let kept = Set(after.entries.map(\.path))
        let old = Set(before.entries.map(\.path))
        for entry in before.entries where !kept.contains(entry.path) {
            let moved = after.entries.filter {
                !old.contains($0.path) && $0.contents != nil && $0.contents == entry.contents
            }
            lines.append(
                moved.isEmpty
                    ? "\(entry.path) removed"
                    : "\(entry.path) moved to \(moved.map(\.path).joined(separator: ", "))")
        }
        for entry in after.entries {
            guard let previous = before.entry(entry.path) else {
                let origin = before.entries.first {
                    !kept.contains($0.path) && $0.contents != nil && $0.contents == entry.contents
                }
                if origin == nil { lines.append("\(entry.path) created (\(describe(entry)))") }
                continue
            }
            var changes: [String] = []
            if previous.kind != entry.kind { changes.append("kind \(previous.kind.rawValue) → \(entry.kind.rawValue)") }
            if previous.mode != entry.mode { changes.append("mode \(octal(previous.mode)) → \(octal(entry.mode))") }
            if previous.owner != entry.owner { changes.append("owner changed") }
            if previous.contents != entry.contents || previous.size != entry.size {
                changes.append("contents changed (\(previous.size) → \(entry.size) bytes)")
            }
            if previous.linkTarget != entry.linkTarget {
                changes.append("now links to \(entry.linkTarget ?? "nothing")")
            }
            if !changes.isEmpty { lines.append("\(entry.path): " + changes.joined(separator: ", ")) }
        }
        if after.incomplete { lines.append("(the workspace had too many entries; the listing is incomplete)") }
        return lines
    }

    /// An entry's kind, mode and size, as in `file 755, 29 bytes`.
    static func describe(_ entry: WorkspaceEntry) -> String {
        "\(entry.kind.rawValue) \(octal(entry.mode)), \(entry.size) bytes"
            + (entry.linkTarget.map { ", links to \($0)" } ?? "")
    }

    /// Permission bits in octal, as `ls` shows them.
    static func octal(_ mode: UInt32) -> String { String(mode & 0o7777, radix: 8) }

    /// `before` and `after` as a line diff: unchanged lines plain, removed ones marked `-`, added ones `+`.
    static func diff(_ before: String, _ after: String) -> String {
        let old = before.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = after.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let difference = new.difference(from: old)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        // Walk both sides in step: removed old lines, then inserted new lines, then a common line.
        var lines: [String] = []
        var (i, j) = (0, 0)
        while i < old.count || j < new.count {
            if i < old.count, removed.contains(i) {
                lines.append("<span class=\"del\">- " + HTML.escape(old[i]) + "</span>")
                i += 1
            } else if j < new.count, inserted.contains(j) {
                lines.append("<span class=\"add\">+ " + HTML.escape(new[j]) + "</span>")
                j += 1
            } else {
                if i < old.count { lines.append("<span class=\"same\">  " + HTML.escape(old[i]) + "</span>") }
                i += 1
                j += 1
            }
        }
        return "<pre class=\"diff\">" + lines.joined() + "</pre>"
    }
}
