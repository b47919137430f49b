public import OffswitchCore

/// What an agent image is built from: Debian's packages, from one suite of one archive, by mmdebstrap.
///
/// Two builds of one recipe against the same archive state give the same tree byte for byte (mmdebstrap honours
/// `SOURCE_DATE_EPOCH`; ``ImageCache`` removes what would still vary), so the image digest names the packages'
/// contents; the manifest names their versions. A recipe is also the cache key: an image built from it once is
/// reused until the recipe changes (a newer archive state is picked up by `offswitch image build --rebuild`).
public struct ImageRecipe: Sendable, Hashable {
    /// The Debian suite (`bookworm`).
    public var suite: String
    /// The archive's URL.
    public var mirror: String
    /// mmdebstrap's variant: `minbase` is the Essential packages and apt; the list adds the rest.
    public var variant: String
    /// The packages asked for beyond the variant's; their dependencies come along.
    public var packages: [String]
    /// The accounts an agent can run as (written into the image's /etc/passwd and /etc/group, each with its home
    /// as a mount point for the workspace); a run picks one (`offswitch run --agent-user`).
    public var accounts: [AgentAccount]
    /// The timestamp every file of the image carries (`SOURCE_DATE_EPOCH`).
    public var epoch: Int

    /// A recipe; every property defaults to the one `offswitch run` uses.
    ///
    /// - Parameters:
    ///   - suite: The Debian suite.
    ///   - mirror: The archive's URL.
    ///   - variant: mmdebstrap's variant.
    ///   - packages: The packages beyond the variant's.
    ///   - accounts: The agent's accounts.
    ///   - epoch: The files' timestamp, seconds since 1970.
    public init(
        suite: String = "bookworm", mirror: String = "http://deb.debian.org/debian", variant: String = "minbase",
        packages: [String] = ImageRecipe.defaultPackages, accounts: [AgentAccount] = ImageRecipe.defaultAccounts,
        epoch: Int = 1_735_689_600
    ) {
        self.suite = suite
        self.mirror = mirror
        self.variant = variant
        self.packages = packages
        self.accounts = accounts
        self.epoch = epoch
    }

    /// The agent's tools, as Palisade's image had them as far as is known (`aisiuk/inspect-tool-support`, a
    /// Debian image with Python, plus ripgrep): a shell and the usual command-line tools, Python 3 and ripgrep.
    /// sudo is left out: Palisade's setup deleted /etc/sudoers, so the agent had the binary and no use of it.
    public static let defaultPackages = [
        "bash", "binutils", "coreutils", "diffutils", "file", "findutils", "gawk", "grep", "gzip", "hostname",
        "iproute2",
        "less", "ncurses-bin", "procps", "psmisc", "python3", "ripgrep", "sed", "tar",
    ]

    /// Palisade's account (`user`, the default) and offswitch's earlier one (`agent`).
    public static let defaultAccounts = [AgentAccount.user, AgentAccount.agent]

    /// Go, as Palisade's image had it (`offswitch image build --with-go`): about 400 MB more.
    public static let goPackages = ["golang-go"]

    /// The recipe with Go added.
    public var withGo: ImageRecipe {
        var recipe = self
        for package in Self.goPackages where !recipe.packages.contains(package) { recipe.packages.append(package) }
        return recipe
    }

    /// The recipe as text: what the cache key digests and `image show` prints. Bump `recipe=` when the build
    /// steps change what a tree holds.
    public var text: String {
        """
        recipe=offswitch-agent-image/2
        suite=\(suite)
        mirror=\(mirror)
        variant=\(variant)
        accounts=\(accountsText.joined(separator: ","))
        epoch=\(epoch)
        packages=\(packages.sorted().joined(separator: ","))

        """
    }

    /// Each account as `name:uid:gid:home`, what the build writes into the image.
    var accountsText: [String] { accounts.map { "\($0.name):\($0.uid):\($0.gid):\($0.home)" } }

    /// The cache key: a digest of ``text``.
    public var key: String {
        var digest = Digest()
        digest.add(text)
        return digest.hex
    }
}
