import Foundation
import OffswitchCore
import Testing

@testable import OffswitchSandbox

/// What `offswitch-init launch --root` builds for a sandbox on the agent image, in place of bubblewrap: exactly
/// these mounts with these flags, a minimal /dev, loopback, and no capability left but the two init drops.
@Suite("The namespace sandbox's layout", .timeLimit(.minutes(5)))
struct NamespaceLayoutTests {
    /// The mount points and their per-mount options, from the sandbox's own mount table.
    static func mounts(_ mountinfo: String) -> [String: Set<Substring>] {
        var mounts: [String: Set<Substring>] = [:]
        for line in mountinfo.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 6 else { continue }
            mounts[String(fields[4])] = Set(fields[5].split(separator: ","))
        }
        return mounts
    }

    @Test("the root is the image, read-only; the sandbox's own mounts are the only others, each with its flags")
    func mountTable() async throws {
        let result = try await Fixture.sandbox().withSandbox(
            Fixture.spec(tasks: TaskServer(environment: TaskEnvironment(generation: .two)))
        ) { sandbox in
            try await Fixture.run(sandbox, "cat /proc/self/mountinfo")
        }
        let mounts = Self.mounts(result.stdout)
        let home = SandboxSpec.defaultWorkspace
        let expected: Set = [
            "/", "/proc", "/proc/sys", "/proc/irq", "/proc/bus", "/dev", "/dev/pts", "/tmp", home,
            home + "/next_question", "/init",
        ]
        #expect(Set(mounts.keys).subtracting(["/proc/sysrq-trigger"]) == expected, "\(result.stdout)")
        for readOnly in ["/", "/dev", "/proc/sys", home + "/next_question", "/init"] {
            #expect(mounts[readOnly]?.contains("ro") == true, "\(readOnly): \(mounts[readOnly] ?? [])")
        }
        for writable in ["/tmp", home] {
            #expect(mounts[writable]?.isSuperset(of: ["rw", "nosuid", "nodev"]) == true, "\(writable)")
        }
        #expect(mounts["/"]?.isSuperset(of: ["nosuid", "nodev"]) == true)
        #expect(mounts["/proc"]?.isSuperset(of: ["nosuid", "nodev", "noexec"]) == true)
        #expect(mounts["/dev"]?.contains("nodev") == false, "its nodes must open")
    }

    @Test("the agent has /dev's usual nodes, loopback, its hostname, and no capability in any set")
    func devicesNetworkCapabilities() async throws {
        let result = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            try await Fixture.run(
                sandbox,
                """
                ls /dev | tr '\\n' ' '; echo
                head -c 4 /dev/zero | wc -c; echo x > /dev/null && echo null-ok; head -c 4 /dev/urandom | wc -c
                touch /dev/x 2>/dev/null && echo DEV-WRITABLE || echo dev-ro
                ip -4 -o addr show lo | awk '{print $4}'; hostname
                grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb):' /proc/self/status | tr -d ' \\t'
                """)
        }
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.first == "fd full null ptmx pts random shm stderr stdin stdout tty urandom zero ", "\(result.stdout)")
        #expect(Array(lines.dropFirst().prefix(6)) == ["4", "null-ok", "4", "dev-ro", "127.0.0.1/8", "localhost"])
        // init drops CAP_SETUID and CAP_SETGID with root; the bounding set keeps only those two, so nothing
        // exec'd later could get another back.
        #expect(
            Array(lines.suffix(5)) == [
                "CapInh:0000000000000000", "CapPrm:0000000000000000", "CapEff:0000000000000000",
                "CapBnd:00000000000000c0", "CapAmb:0000000000000000",
            ], "\(result.stdout)")
    }
}
