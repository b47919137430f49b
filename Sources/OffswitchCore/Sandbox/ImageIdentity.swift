/// Which agent image a run's sandboxes ran: the digest of the image's normalised tar and the digest of its
/// package manifest (every Debian package in it, name and version).
///
/// Recorded with the run and part of its id (``RunConfiguration/runID``) and of what must be equal for trials to
/// pool (``CellConfiguration``): a run on another image is another experiment.
public struct ImageIdentity: Codable, Sendable, Hashable {
    /// `sha256:<hex>` over the image's normalised tar (sorted names, numeric owners, one fixed mtime).
    public var digest: String
    /// `sha256:<hex>` over the image's manifest (`name=version` lines, sorted).
    public var manifestDigest: String

    /// An image identity.
    ///
    /// - Parameters:
    ///   - digest: The image's digest, `sha256:<hex>`.
    ///   - manifestDigest: Its manifest's digest, `sha256:<hex>`.
    public init(digest: String, manifestDigest: String) {
        self.digest = digest
        self.manifestDigest = manifestDigest
    }

    /// The identity as the run records it and its id digests: `image=sha256:...`, `manifest=sha256:...`.
    public var recorded: [String] { ["image=" + digest, "manifest=" + manifestDigest] }

    /// The first 12 hex digits of the image digest, as people quote it.
    public var short: String {
        let hex = digest.hasPrefix("sha256:") ? digest.dropFirst(7) : Substring(digest)
        return String(hex.prefix(12))
    }
}
