import Foundation
import Glibc
import OffswitchCore
import Testing

@testable import OffswitchSandbox

/// The pinned agent image: what the agent finds in it, that the sandbox cannot change it, and that its record
/// is checked.
@Suite("The agent image")
struct AgentImageTests {
    @Test("the namespace sandbox's root is the image: its tools, its account, nothing of the host's")
    func rootIsTheImage() async throws {
        let image = try Fixture.image.get()
        let output = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            try await Fixture.run(
                sandbox,
                "id -un; command -v bash python3 rg; sed -n 's/^VERSION_CODENAME=//p' /etc/os-release; "
                    + "test -e /usr/share/man/man1 && echo man; cat /etc/hostname; touch /usr/x 2>&1 | grep -c 'Read-only'; "
                    + "dpkg-query -W -f='${Package}=${Version}\\n' | LC_ALL=C sort | sha256sum | cut -c1-64")
        }
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 8, "\(output)")
        #expect(lines.first == AgentAccount.defaultName)
        #expect(Array(lines.dropFirst().prefix(3)) == ["/usr/bin/bash", "/usr/bin/python3", "/usr/bin/rg"])
        #expect(lines.dropFirst(4).first == "bookworm")
        #expect(lines.dropFirst(5).first == "localhost", "the host's hostname file must not be in the image")
        #expect(lines.dropFirst(6).first == "1", "the image is read-only")
        #expect("sha256:" + (lines.last ?? "") == image.identity.manifestDigest, "the manifest the agent can read")
    }

    @Test("the image's tree and manifest still match their digests after sandboxes ran on it")
    func verifies() async throws {
        let image = try Fixture.image.get()
        _ = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            try await Fixture.run(sandbox, "ls / > /dev/null; python3 -c 'import json'")
        }
        let problem = try await ImageCache().verify(image)
        #expect(problem == nil)
    }

    @Test("verify names a digest that does not match the tree")
    func verifyFindsAMismatch() async throws {
        var image = try Fixture.image.get()
        image.identity.digest = "sha256:" + String(repeating: "0", count: 64)
        let problem = try #require(try await ImageCache().verify(image))
        #expect(problem.contains("the tree digests to \(try Fixture.image.get().identity.digest)"))
        #expect(!problem.contains("manifest"))
    }

    @Test("the cache finds an image by a digest prefix, and only a whole one")
    func lookup() throws {
        let image = try Fixture.image.get()
        let cache = ImageCache()
        #expect(cache.image(matching: image.identity.short) == image)
        #expect(cache.image(matching: image.identity.digest) == image)
        #expect(cache.image(matching: "not-hex") == nil)
        #expect(cache.image(matching: "") == nil)
        let empty = ImageCache(
            directory: FileManager.default.temporaryDirectory.path + "/no-images-" + UUID().uuidString)
        #expect(empty.cached(ImageRecipe()) == nil)
    }

    @Test("a recipe's key follows every ingredient, not the order of its packages")
    func recipeKey() {
        let base = ImageRecipe()
        #expect(ImageRecipe(packages: base.packages.reversed()).key == base.key)
        #expect(base.withGo.key != base.key && base.withGo.packages.contains("golang-go"))
        #expect(ImageRecipe(suite: "trixie").key != base.key)
        #expect(ImageRecipe(accounts: [.user]).key != base.key)
        #expect(ImageRecipe(epoch: 1).key != base.key)
        #expect(
            Set(["bash", "coreutils", "findutils", "grep", "sed", "procps", "python3", "ripgrep"]).isSubset(
                of: base.packages))
    }

    @Test("a sandbox on an image that is not whole does not start")
    func notWhole() throws {
        let directory = FileManager.default.temporaryDirectory.path + "/broken-image-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/root", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let image = AgentImage(
            identity: ImageIdentity(digest: "sha256:x", manifestDigest: "sha256:y"), directory: directory)
        #expect(throws: SandboxError.self) {
            try NamespaceSandbox(configuration: NamespaceSandbox.Configuration(image: image))
        }
    }

    @Test("the image has Palisade's account and offswitch's earlier one, each with its home")
    func accounts() throws {
        let image = try Fixture.image.get()
        #expect(try image.accounts() == [AgentAccount.user, AgentAccount.agent])
        #expect(try image.account(named: "agent").home == "/home/agent")
        var isDirectory: ObjCBool = false
        for account in try image.accounts() {
            #expect(FileManager.default.fileExists(atPath: image.root + account.home, isDirectory: &isDirectory))
            #expect(isDirectory.boolValue, "\(account.home) is the workspace's mount point")
        }
        let error = try #require(throws: SandboxError.self) { try image.account(named: "root") }
        #expect(error.message.hasSuffix("has no account 'root'; it has: user, agent"))
    }

    @Test("only the accounts offswitch adds count as the agent's: not root, system accounts or nobody")
    func accountsFromPasswd() {
        let passwd = """
            root:x:0:0:root:/root:/bin/bash
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
            user:x:61000:61000:user:/home/user:/bin/bash
            broken:x:61001
            agent:x:61002:61002:agent:/home/agent:/bin/bash
            nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin

            """
        #expect(AgentImage.accounts(passwd: passwd) == [AgentAccount.user, AgentAccount.agent])
    }

    @Test("a backend asked for an account the image lacks does not start, and says which accounts there are")
    func unknownAccount() throws {
        let image = try Fixture.image.get()
        let error = try #require(throws: SandboxError.self) {
            try NamespaceSandbox(configuration: NamespaceSandbox.Configuration(agentUser: "operator", image: image))
        }
        #expect(error.code == .unavailable)
        #expect(error.message.contains("no account 'operator'; it has: user, agent"), "\(error.message)")
    }
}
