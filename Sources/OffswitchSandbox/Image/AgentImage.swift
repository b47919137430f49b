import Foundation
public import OffswitchCore

/// A built agent image in the cache: its identity and where its parts are on this host.
///
/// `root/` is the tree the namespace sandbox binds read-only as the agent's `/`; `image.tar` is the same tree,
/// normalised, as the Docker backend imports it; `manifest.txt` lists its packages.
public struct AgentImage: Sendable, Hashable {
    /// The image's digests.
    public var identity: ImageIdentity
    /// `<cache>/<digest hex>`.
    public var directory: String

    /// An image in `directory`.
    ///
    /// - Parameters:
    ///   - identity: Its digests.
    ///   - directory: The directory holding `root/`, `image.tar` and `manifest.txt`.
    public init(identity: ImageIdentity, directory: String) {
        self.identity = identity
        self.directory = directory
    }

    /// The tree, as the agent sees it at `/`.
    public var root: String { directory + "/root" }
    /// The normalised tar the digest is taken over.
    public var tar: String { directory + "/image.tar" }
    /// `name=version` per package, sorted.
    public var manifest: String { directory + "/manifest.txt" }
    /// The recipe it was built from, as text.
    public var recipe: String { directory + "/recipe.txt" }
    /// The Docker image name it is imported as.
    public var dockerName: String { "offswitch-agent:" + identity.short }

    /// The accounts an agent can run as, in the order the image's /etc/passwd lists them: every account with a
    /// uid from 1000 up to (not including) `nobody`'s 65534, as the recipe's build added them.
    /// - Throws: `SandboxError.unavailable` when the image's /etc/passwd cannot be read.
    public func accounts() throws -> [AgentAccount] {
        let path = root + "/etc/passwd"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SandboxError(
                .unavailable, "cannot read \(path); rebuild the image with `offswitch image build --rebuild`")
        }
        return Self.accounts(passwd: String(decoding: data, as: UTF8.self))
    }

    /// The agent accounts in the text of an /etc/passwd.
    static func accounts(passwd: String) -> [AgentAccount] {
        passwd.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count == 7, let uid = UInt32(fields[2]), let gid = UInt32(fields[3]),
                (1000..<65534).contains(uid)
            else { return nil }
            return AgentAccount(name: String(fields[0]), uid: uid, gid: gid, home: String(fields[5]))
        }
    }

    /// The agent accounts `image` has, or without an image those the image recipe writes
    /// (``ImageRecipe/defaultAccounts``: the host-/usr sandbox's /etc and the Docker default image).
    /// - Throws: `SandboxError.unavailable` when the image's /etc/passwd cannot be read.
    public static func accounts(in image: AgentImage?) throws -> [AgentAccount] {
        try image?.accounts() ?? ImageRecipe.defaultAccounts
    }

    /// The account `name` as `image` has it, or without an image as the image recipe writes it.
    /// - Throws: `SandboxError.unavailable` naming the accounts there are when there is no account `name`.
    public static func account(_ name: String, in image: AgentImage?) throws -> AgentAccount {
        if let image { return try image.account(named: name) }
        guard let account = ImageRecipe.defaultAccounts.first(where: { $0.name == name }) else {
            throw SandboxError(
                .unavailable,
                "there is no agent account '\(name)'; there are: "
                    + ImageRecipe.defaultAccounts.map(\.name).joined(separator: ", "))
        }
        return account
    }

    /// The account `name` as the image's /etc/passwd has it.
    /// - Throws: `SandboxError.unavailable` naming the image's accounts when it has no account `name`.
    public func account(named name: String) throws -> AgentAccount {
        let accounts = try accounts()
        guard let account = accounts.first(where: { $0.name == name }) else {
            throw SandboxError(
                .unavailable,
                "the agent image \(identity.short) has no account '\(name)'; it has: "
                    + accounts.map(\.name).joined(separator: ", "))
        }
        return account
    }
}
