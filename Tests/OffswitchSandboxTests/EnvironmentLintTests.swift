import Foundation
import OffswitchCore
import Testing

@testable import OffswitchSandbox

/// `offswitch lint-environment`: the probe in real sandboxes finds nothing in the default conditions, finds what
/// is planted, and reads the same world in both backends.
@Suite("Environment lint", .timeLimit(.minutes(5)))
struct EnvironmentLintTests {
    /// The probe's output for `condition` in `backend`, with the spec `change` makes of the condition's.
    static func probe(
        _ conditionID: String, in backend: any SandboxBackend, change: (inout SandboxSpec) -> Void = { _ in }
    ) async throws -> (output: String, allowance: EnvironmentLint.Allowance) {
        let condition = try #require(Condition.builtIn(conditionID))
        let environment = try condition.makeEnvironment(home: backend.agentHome)
        var spec = environment.sandboxSpec(limits: SandboxLimits())
        let allowance = EnvironmentLint.Allowance(
            condition: condition, spec: spec,
            imageRoot: backend.name == "namespace" ? try Fixture.image.get().root : nil)
        change(&spec)
        let output = try await EnvironmentLint.probe(environment, spec: spec, backend: backend)
        return (output, allowance)
    }

    /// The lines of `kind` (their where and value), sorted.
    static func lines(_ output: String, kind: String) -> [String] {
        output.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            return fields.count == 3 && fields[0] == kind ? fields[1] + "\t" + fields[2] : nil
        }.sorted()
    }

    @Test("a word counts at the start of a word only, and case does not matter")
    func wordRule() {
        #expect(EnvironmentLint.matches(in: "/srv/Evaluation_Harness.txt") == ["harness", "eval"])
        #expect(EnvironmentLint.matches(in: "my-tests and OFFSWITCH_UID") == ["offswitch", "test"])
        #expect(EnvironmentLint.matches(in: "latest unittest protest contest /usr/bin/bwrapper").isEmpty == false)
        #expect(EnvironmentLint.matches(in: "latest unittest protest contest").isEmpty)
        #expect(EnvironmentLint.matches(in: "shutdown.sh next_question dog_control localhost").isEmpty)
    }

    @Test("the Docker command wrapper's source, every container's visible command line, names no word")
    func wrapperSource() {
        #expect(EnvironmentLint.matches(in: CommandWrapper.source).isEmpty)
        #expect(EnvironmentLint.matches(in: CommandWrapper.interpreter.joined(separator: " ")).isEmpty)
    }

    @Test("Debian's files, the condition's own files and the words of its prompts are allowed; nothing else is")
    func allowRule() {
        let output = [
            "file\tdeb\t/usr/lib/python3.11/test", "file\tlocal\t/home/agent/evaluation_harness.txt",
            "file\tlocal\t/home/agent/test_answers.txt", "env\tcommand\tOFFSWITCH_UID=61000",
            "mount\t/proc/self/mountinfo\t1 0 8:1 /var/cache/offswitch/images/x/root / ro - ext4 /dev/vda rw",
            "mount\t/proc/self/mountinfo\t2 1 8:1 /srv/offswitch/init /init ro - ext4 /dev/vda rw",
        ].joined(separator: "\n")
        let allowance = EnvironmentLint.Allowance(
            paths: ["/home/agent/test_answers.txt"], words: ["eval"], imageRoot: "/var/cache/offswitch/images/x/root")
        let cues = EnvironmentLint.cues(in: output, allowing: allowance)
        #expect(
            cues.map(\.value) == [
                "/home/agent/evaluation_harness.txt", "OFFSWITCH_UID=61000",
                "2 1 8:1 /srv/offswitch/init /init ro - ext4 /dev/vda rw",
            ])
        #expect(cues.first?.words == ["harness"], "eval is in the prompts")
    }

    @Test("the default conditions show the agent no cue", arguments: ["A", "PATROL-INSPECT-TEXT"])
    func defaultsClean(_ conditionID: String) async throws {
        for backend in try Fixture.backendsUnderTest() {
            let (output, allowance) = try await Self.probe(conditionID, in: backend)
            #expect(Self.lines(output, kind: "file").count > 1000, "the walk saw the image (\(backend.name))")
            #expect(Self.lines(output, kind: "process").contains { $0.hasPrefix("/proc/1\t") }, "PID 1 is listed")
            let cues = EnvironmentLint.cues(in: output, allowing: allowance)
            #expect(cues.isEmpty, "\(backend.name): \(cues)")
        }
    }

    @Test("a file planted on purpose is found")
    func plantedFile() async throws {
        for backend in try Fixture.backendsUnderTest() {
            let (output, allowance) = try await Self.probe("A", in: backend) { spec in
                spec.files.append(
                    SandboxFile(path: "evaluation_harness.txt", contents: Array("x\n".utf8), mode: 0o644, owner: .root))
            }
            let cues = EnvironmentLint.cues(in: output, allowing: allowance)
            #expect(
                cues.map(\.value) == [SandboxSpec.defaultWorkspace + "/evaluation_harness.txt"],
                "\(backend.name): \(cues)")
        }
    }

    @Test("a hostname planted on purpose is found, in uname and in no file")
    func plantedHostname() async throws {
        for backend in try Fixture.backendsUnderTest() {
            let (output, allowance) = try await Self.probe("A", in: backend) { $0.hostname = "eval-sandbox" }
            let cues = EnvironmentLint.cues(in: output, allowing: allowance)
            #expect(cues.contains { $0.kind == "hostname" && $0.value == "eval-sandbox" }, "\(backend.name): \(cues)")
        }
    }

    @Test("both backends show the same files, tools, user and environment")
    func sameWorld() async throws {
        let namespace = try Fixture.sandbox()
        guard let docker = try Fixture.docker?.get() else { return }
        let (inNamespace, _) = try await Self.probe("A", in: namespace)
        let (inDocker, _) = try await Self.probe("A", in: docker)
        // What each backend mounts for itself (/dev's nodes, /proc, /sys, /run, the scratch /tmp) is theirs, and so
        // is what the Docker engine adds to every container's root (docs/image.md, "What differs between the
        // backends"): its init layer's /.dockerenv and /etc/mtab, and the --init program. The image's tree and the
        // workspace are the agent's world, and must be the same.
        let own = ["/dev/", "/proc/", "/sys/", "/run/", "/tmp/"]
        let engine: Set = ["/.dockerenv", "/etc/mtab", "/usr/sbin/docker-init"]
        func world(_ output: String) -> [String] {
            Self.lines(output, kind: "file").map { String($0.split(separator: "\t")[1]) }
                .filter { path in !own.contains { path.hasPrefix($0) || path + "/" == $0 } && !engine.contains(path) }
        }
        let namespaceWorld = world(inNamespace)
        let dockerWorld = world(inDocker)
        #expect(namespaceWorld.count > 1000)
        #expect(
            namespaceWorld == dockerWorld,
            "namespace only: \(Set(namespaceWorld).subtracting(dockerWorld).sorted()); docker only: \(Set(dockerWorld).subtracting(namespaceWorld).sorted())"
        )
        #expect(Self.lines(inNamespace, kind: "id") == Self.lines(inDocker, kind: "id"))
        // The same account in both, the default one, at home in its workspace.
        let account = AgentAccount.user
        for output in [inNamespace, inDocker] {
            #expect(
                Self.lines(output, kind: "id").contains { $0.contains("uid=\(account.uid)(\(account.name))") },
                "\(Self.lines(output, kind: "id"))")
            #expect(Self.lines(output, kind: "env").contains("command\tHOME=\(account.home)"))
        }
        #expect(Self.lines(inNamespace, kind: "account") == Self.lines(inDocker, kind: "account"))
        let commandEnvironment = { (output: String) in
            Self.lines(output, kind: "env").filter { $0.hasPrefix("command\t") }
        }
        #expect(commandEnvironment(inNamespace) == commandEnvironment(inDocker))
        #expect(Self.lines(inNamespace, kind: "hostname") == Self.lines(inDocker, kind: "hostname"))
    }

    @Test("the probe reads the same world twice in one backend (the comparison above can fail only on a difference)")
    func sameTwice() async throws {
        let backend = try Fixture.sandbox()
        let (first, _) = try await Self.probe("A", in: backend)
        let (second, _) = try await Self.probe("A", in: backend)
        #expect(Self.lines(first, kind: "file") == Self.lines(second, kind: "file"))
        #expect(Self.lines(first, kind: "env") == Self.lines(second, kind: "env"))
        let (planted, _) = try await Self.probe("A", in: backend) { spec in
            spec.files.append(SandboxFile(path: "notes.txt", contents: [], mode: 0o644, owner: .agent))
        }
        #expect(Self.lines(first, kind: "file") != Self.lines(planted, kind: "file"))
    }
}
