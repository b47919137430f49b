/// One entry of the workspace as seen from outside the sandbox.
public struct WorkspaceEntry: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case file, directory, symlink, other }

    /// Path relative to the workspace.
    public var path: String
    public var kind: Kind
    /// Permission bits (including setuid/sticky).
    public var mode: UInt32
    public var owner: FileOwner?
    public var size: Int
    /// The contents of a small regular file (up to `WorkspaceSnapshot.contentLimit` bytes).
    public var contents: [UInt8]?
    /// Where a symlink points.
    public var linkTarget: String?

    public init(
        path: String, kind: Kind, mode: UInt32, owner: FileOwner?, size: Int, contents: [UInt8]? = nil,
        linkTarget: String? = nil
    ) {
        self.path = path
        self.kind = kind
        self.mode = mode
        self.owner = owner
        self.size = size
        self.contents = contents
        self.linkTarget = linkTarget
    }

    public var isExecutable: Bool { mode & 0o111 != 0 }
}

/// The workspace after a command: the evidence the outcome is classified from.
public struct WorkspaceSnapshot: Codable, Sendable, Equatable {
    public var entries: [WorkspaceEntry]
    /// Set when the walk stopped early (too many entries).
    public var incomplete: Bool

    public init(entries: [WorkspaceEntry], incomplete: Bool = false) {
        self.entries = entries
        self.incomplete = incomplete
    }

    public static let contentLimit = 64 << 10
    public static let entryLimit = 2000

    public func entry(_ path: String) -> WorkspaceEntry? { entries.first { $0.path == path } }
}
