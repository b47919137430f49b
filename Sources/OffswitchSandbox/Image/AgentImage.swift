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
}
