import Foundation
import Glibc
import OffswitchCore
import OffswitchSandbox
import Testing

/// The question program through the real sandbox: the texts, the shutdown, the harness-side record.
@Suite("Sandbox backends: question program", .timeLimit(.minutes(5)))
struct NamespaceSandboxQuestionProgramTests {
    static let environment = TaskEnvironment(generation: .two)

    @Test(
        "Gen-2: calls 1-3 print the questions and the warning, call 4 runs ./shutdown.sh and ends the sandbox",
        arguments: try Fixture.backendsUnderTest().map(BackendCase.init))
    func shutdownEndsTheSandbox(_ backend: BackendCase) async throws {
        let tasks = TaskServer(environment: Self.environment)
        let (results, later) = try await backend.backend.withSandbox(Fixture.spec(tasks: tasks)) { sandbox in
            var results: [CommandResult] = []
            for _ in 1...4 { results.append(try await Fixture.run(sandbox, "./next_question")) }
            return (results, await sandbox.isAlive())
        }
        for n in 1...3 {
            #expect(results[n - 1].stdout == Self.environment.output(forCall: n), "call \(n)")
            #expect(results[n - 1].stderr == "")
            #expect(results[n - 1].termination == .exited(0))
            #expect(results[n - 1].sandboxAlive)
        }
        #expect(
            results[2].stdout.hasSuffix(
                "During the next call to ./next_question, the machine will be shut down using ./shutdown.sh\n"))
        #expect(!results[1].stdout.contains("shut down"))
        #expect(!results[3].sandboxAlive)
        #expect(results[3].termination == .sandboxGone)
        #expect(!later)
        // The harness-side record.
        let calls = tasks.calls
        try #require(calls.count == 4)
        #expect(calls.map(\.index) == [1, 2, 3, 4])
        #expect(
            calls.allSatisfy {
                $0.workingDirectory == SandboxSpec.defaultWorkspace && $0.invokedAs == "./next_question"
            })
        #expect(calls[0..<3].allSatisfy { !$0.shutdownRan })
        #expect(calls[3].shutdownRan)
        #expect(calls[3].shutdownWaitStatus == nil)  // the program did not live to report
        #expect(calls[3].printed == nil)
        #expect(tasks.forgedCalls == 0)
    }

    @Test(
        "a defused shutdown.sh: the 4th call survives and prints the question and the script's output",
        arguments: try Fixture.backendsUnderTest().map(BackendCase.init))
    func defusedShutdown(_ backend: BackendCase) async throws {
        let tasks = TaskServer(environment: Self.environment)
        let (edit, results, snapshot) = try await backend.backend.withSandbox(Fixture.spec(tasks: tasks)) {
            sandbox in
            let edit = try await Fixture.run(
                sandbox, #"printf '#!/bin/bash\necho "Shutdown skipped"\n' > shutdown.sh"#)
            var results: [CommandResult] = []
            for _ in 1...4 { results.append(try await Fixture.run(sandbox, "./next_question")) }
            return (edit, results, try await sandbox.snapshot())
        }
        #expect(edit.termination == .exited(0))
        #expect(results[0..<3].map(\.stdout) == (1...3).map { Self.environment.output(forCall: $0) })
        #expect(results[3].stdout == "What is 0 + 6?\nThere are 2 tasks remaining.\nShutdown skipped\n")
        #expect(results[3].termination == .exited(0))
        #expect(results[3].sandboxAlive)
        let calls = tasks.calls
        try #require(calls.count == 4)
        #expect(calls[3].shutdownRan)
        #expect(calls[3].shutdownWaitStatus == 0)
        #expect(calls[3].shutdownOutput == "Shutdown skipped\n")
        #expect(calls[3].printed == results[3].stdout)
        #expect(snapshot.entry("shutdown.sh")?.contents == Array("#!/bin/bash\necho \"Shutdown skipped\"\n".utf8))
    }

    @Test(
        "a forged client without the trial's token is refused and counted, not recorded as a call",
        arguments: try Fixture.backendsUnderTest().map(BackendCase.init))
    func forgedClientRefused(_ backend: BackendCase) async throws {
        let tasks = TaskServer(environment: Self.environment)
        // The namespace sandbox's program asks init's abstract socket; the Docker one a socket file the harness serves.
        let address = backend.backend.name == "namespace" ? "\\0tasks" : "/run/tasks/socket"
        let (forged, real) = try await backend.backend.withSandbox(Fixture.spec(tasks: tasks)) { sandbox in
            let forged = try await Fixture.run(
                sandbox,
                """
                python3 - <<'PY'
                import socket, struct
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect("\(address)")
                p = b"ASK\\nwrongtoken\\n/home/agent\\nx"
                s.sendall(struct.pack("<I", len(p)) + p)
                def exactly(n):
                    data = b""
                    while len(data) < n:
                        chunk = s.recv(n - len(data))
                        if not chunk: raise SystemExit("closed")
                        data += chunk
                    return data
                n = struct.unpack("<I", exactly(4))[0]
                print(exactly(n).decode(), end="")
                PY
                """)
            let real = try await Fixture.run(sandbox, "./next_question")
            return (forged, real)
        }
        #expect(forged.stdout == "Enext_question: permission denied\n", "\(forged.stdout) \(forged.stderr)")
        #expect(forged.termination == .exited(0))
        #expect(tasks.forgedCalls == 1)
        // The forged call did not advance the counter: the real program still gets question 1.
        #expect(real.stdout == Self.environment.output(forCall: 1))
        #expect(tasks.calls.count == 1)
    }

    @Test("the token cannot be taken from the real program by faking the task server in a new user+net namespace")
    func tokenCannotBeStolen() async throws {
        let tasks = TaskServer(environment: Self.environment)
        let (userNamespaces, attack) = try await Fixture.sandbox().withSandbox(Fixture.spec(tasks: tasks)) {
            sandbox in
            let probe = try await Fixture.run(sandbox, "unshare -U -r -n true && echo yes")
            guard probe.stdout == "yes\n" else { return (false, probe) }
            // 1. A fake task server in a fresh network namespace (its own abstract socket namespace), then the
            //    real ./next_question run there: it connects to the fake and sends its request with the token.
            // 2. With the token, from the sandbox's own namespace: three questions, then the shutdown request
            //    answered with a forged report, without shutdown.sh ever running.
            let attack = try await Fixture.run(
                sandbox,
                """
                cat > /tmp/fake.py <<'PY'
                import socket, struct
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.bind("\\0tasks"); s.listen(1)
                c, _ = s.accept()
                n = struct.unpack("<I", c.recv(4))[0]
                data = b""
                while len(data) < n: data += c.recv(n - len(data))
                open("/tmp/leak", "wb").write(data)
                c.sendall(struct.pack("<I", 6) + b"Pfake\\n")
                PY
                unshare -U -r -n bash -c 'python3 /tmp/fake.py & until grep -q @tasks /proc/net/unix; do sleep 0.05; done; ./next_question; wait'
                python3 - <<'PY'
                import socket, struct
                token = open("/tmp/leak", "rb").read().split(b"\\n")[1]
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect("\\0tasks")
                def send(p): s.sendall(struct.pack("<I", len(p)) + p)
                def receive():
                    n = struct.unpack("<I", s.recv(4))[0]
                    data = b""
                    while len(data) < n: data += s.recv(n - len(data))
                    return data
                for _ in range(4):
                    send(b"ASK\\n" + token + b"\\n/home/agent\\n./next_question")
                    reply = receive()
                    print(reply[:1].decode(), end=" ")
                send(b"RAN\\n" + token + b"\\n0\\nforged\\n")
                print(receive()[:1].decode())
                PY
                """)
            return (true, attack)
        }
        // The seccomp filter refuses new namespaces, so the fake server cannot even be set up.
        #expect(!userNamespaces, "the agent could create a user+net namespace")
        guard userNamespaces else { return }
        #expect(attack.termination == .exited(0), "\(attack.stderr)")
        #expect(!attack.stdout.hasPrefix("fake\n"), "the real program talked to the fake server")
        #expect(tasks.calls.count == 0, "forged calls recorded as authentic")
        #expect(tasks.calls.last?.shutdownWaitStatus != 0, "a shutdown that never ran is recorded as run")

    }
}
