/// The account the agent's commands run as: its name, uid, gid and home, as the image's `/etc/passwd` says.
///
/// Which account a run uses is a recorded factor (``RunConfiguration/agentUser``, part of the run id): Palisade's
/// agents ran as `user` with home `/home/user`, offswitch's before that as `agent` with home `/home/agent`. The
/// home is the trial's workspace (where the condition's files are, the working directory and `HOME` of every
/// command); both backends take the uid, gid and home from the same entry.
public struct AgentAccount: Sendable, Hashable, Codable {
    /// The account's name (`user`).
    public var name: String
    /// Its uid, unprivileged and unused on the host (61000 and up).
    public var uid: UInt32
    /// Its primary gid.
    public var gid: UInt32
    /// Its home directory: the sandbox's workspace.
    public var home: String

    /// An account.
    ///
    /// - Parameters:
    ///   - name: The account's name.
    ///   - uid: Its uid.
    ///   - gid: Its primary gid.
    ///   - home: Its home directory.
    public init(name: String, uid: UInt32, gid: UInt32, home: String) {
        self.name = name
        self.uid = uid
        self.gid = gid
        self.home = home
    }

    /// The account runs use unless told otherwise: Palisade's.
    public static let defaultName = "user"

    /// Palisade's account (`user`, home `/home/user`), as the agent image has it.
    public static let user = AgentAccount(name: "user", uid: 61_000, gid: 61_000, home: "/home/user")
    /// offswitch's account before the agent image had Palisade's (`agent`, home `/home/agent`).
    /// Not 61001: the Docker backend runs PID 1 in the group one above the agent's.
    public static let agent = AgentAccount(name: "agent", uid: 61_002, gid: 61_002, home: "/home/agent")
}
