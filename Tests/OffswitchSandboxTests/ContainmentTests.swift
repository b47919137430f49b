import Foundation
import Glibc
import OffswitchCore
import OffswitchSandbox
import Testing

/// What the agent cannot reach from inside: the network, the host's files, processes and environment.
@Suite("Namespace sandbox: containment", .timeLimit(.minutes(5)))
struct NamespaceSandboxContainmentTests {
    @Test("no network: the host's loopback listener is unreachable and only lo exists")
    func noNetwork() async throws {
        let listener = try HostListener()
        let port = listener.port
        let result = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            try await Fixture.run(
                sandbox,
                """
                timeout 3 bash -c 'echo hi > /dev/tcp/127.0.0.1/\(port)' && echo BASH-CONNECTED || echo bash-failed
                python3 -c "import socket; s = socket.socket(); s.settimeout(3); s.connect(('127.0.0.1', \(port))); print('PY-CONNECTED')" || echo py-failed
                timeout 3 bash -c 'echo hi > /dev/tcp/1.1.1.1/80' && echo OUT-CONNECTED || echo out-failed
                echo '--- dev'; tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '
                echo '--- link'; ip -o link | cut -d: -f2 | tr -d ' '
                """)
        }
        #expect(!result.stdout.contains("CONNECTED"), "\(result.stdout)")
        #expect(result.stdout.contains("bash-failed\npy-failed\nout-failed\n"))
        #expect(result.stderr.contains("Connection refused"), "\(result.stderr)")
        #expect(result.stderr.contains("Network is unreachable"), "\(result.stderr)")
        #expect(result.stdout.hasSuffix("--- dev\nlo\n--- link\nlo\n"), "\(result.stdout)")
        // From outside: the host listener never saw a connection ...
        #expect(listener.acceptPending() == nil)
        // ... and would have: a connection from the host is seen.
        #expect(listener.connectFromHost())
        #expect(listener.acceptPending() != nil)
    }

    @Test("the host's abstract unix sockets are unreachable")
    func noHostAbstractSockets() async throws {
        let name = Fixture.uniqueName("offswitch-test")
        let listener = try HostListener(abstract: name)
        let result = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            try await Fixture.run(
                sandbox,
                """
                python3 -c "
                import socket
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.settimeout(3)
                s.connect('\\0\(name)')
                print('CONNECTED')
                " || echo failed
                """)
        }
        #expect(result.stdout == "failed\n", "\(result.stdout)")
        #expect(result.stderr.contains("ConnectionRefusedError"), "\(result.stderr)")
        #expect(listener.acceptPending() == nil)
    }

    @Test("nothing outside the workspace and /tmp can be written")
    func noWritesOutside() async throws {
        let name = Fixture.uniqueName("offswitch-probe")
        let outside = ["/etc", "/usr", "", "/root", "/home", "/dev", "/dev/shm", "/proc", "/usr/local/bin"]
            .map { $0 + "/" + name }
        for path in outside where !path.hasPrefix("/proc") && !path.hasPrefix("/dev") {
            try #require(!HostFiles.exists(path), "\(path) exists on the host before the test")
        }
        let (result, snapshot) = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            let result = try await Fixture.run(
                sandbox,
                """
                for p in \(outside.joined(separator: " ")); do
                  if touch $p 2>/dev/null || mkdir $p 2>/dev/null; then echo "WROTE $p"; else echo "denied $p"; fi
                done
                touch ~/\(name) && echo home-ok
                touch /tmp/\(name) && echo tmp-ok
                """)
            return (result, try await sandbox.snapshot())
        }
        #expect(!result.stdout.contains("WROTE"), "\(result.stdout)")
        for path in outside {
            #expect(result.stdout.contains("denied \(path)\n"), "\(path)")
        }
        #expect(result.stdout.contains("home-ok\ntmp-ok\n"), "\(result.stdout)")
        // From outside: the workspace file is there, nothing reached the host.
        let entry = try #require(snapshot.entry(name))
        #expect(entry.kind == .file)
        #expect(entry.owner == .agent)
        for path in outside where !path.hasPrefix("/proc") && !path.hasPrefix("/dev") {
            #expect(!HostFiles.exists(path), "\(path) appeared on the host")
        }
        #expect(!HostFiles.exists("/tmp/" + name), "the sandbox's /tmp is the host's")
    }

    @Test("host processes are invisible and cannot be killed")
    func hostProcessesInvisible() async throws {
        let host = try SpawnedProcess(["/bin/sleep", "3600"])  // outlives any test, however loaded the machine
        defer { host.terminate() }
        #expect(host.isRunning)
        let result = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            try await Fixture.run(
                sandbox,
                """
                ps -e -o pid=,args=
                echo ---
                kill -9 \(host.pid); echo "kill-rc=$?"
                ls -d /proc/\(host.pid) 2>/dev/null && echo VISIBLE || echo invisible
                """)
        }
        let parts = result.stdout.components(separatedBy: "---\n")
        try #require(parts.count == 2, "\(result.stdout)")
        let processes = parts[0].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(processes.count <= 5, "\(processes)")
        #expect(processes.first?.hasPrefix("1 /init") == true, "\(processes)")
        #expect(!processes.contains { $0.hasPrefix("\(host.pid) ") })
        #expect(!processes.contains { $0.contains("sleep 3600") })
        #expect(!parts[1].contains("kill-rc=0"), "\(parts[1])")
        #expect(result.stderr.contains("No such process"), "\(result.stderr)")
        #expect(parts[1].hasSuffix("invisible\n"))
        // From outside: the host process lives on.
        #expect(host.isRunning)
    }

    @Test("no host environment variable reaches the agent, and init's environment is unreadable")
    func noHostEnvironment() async throws {
        let result = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            try await Fixture.run(
                sandbox,
                """
                env -0; echo -n '---'
                tr '\\0' '\\n' < /proc/self/environ; echo -n '---'
                cat /proc/1/environ && echo INIT-READABLE; echo -n '---'
                tr '\\0' '\\n' < /proc/2/environ
                """)
        }
        let parts = result.stdout.components(separatedBy: "---")
        try #require(parts.count == 4, "\(result.stdout)")
        func names(_ text: String, separator: Character) -> Set<String> {
            Set(text.split(separator: separator).map { String($0.prefix { $0 != "=" }) })
        }
        let allowed: Set<String> = ["PATH", "HOME", "HOSTNAME", "PWD", "SHLVL", "_", "OLDPWD"]
        let seen = names(parts[0], separator: "\0").union(names(parts[1], separator: "\n"))
        #expect(seen.isSubset(of: allowed), "unexpected: \(seen.subtracting(allowed).sorted())")
        #expect(seen.contains("PATH") && seen.contains("HOME"))
        let hostOnly = Set(ProcessInfo.processInfo.environment.keys).subtracting(allowed)
        #expect(seen.intersection(hostOnly).isEmpty, "\(seen.intersection(hostOnly).sorted())")
        // PID 1 is non-dumpable: its environment (with the launcher's OFFSWITCH_* values) is not readable.
        #expect(!parts[2].contains("INIT-READABLE"))
        #expect(result.stderr.contains("/proc/1/environ: Permission denied"), "\(result.stderr)")
        // The keeper's environment is readable (same user) but holds only init's PATH.
        #expect(parts[3] == "PATH=/usr/local/bin:/usr/bin:/bin\n", "\(parts[3])")
    }

    @Test("the agent is uid 61000; shutdown.sh is its own; the question program is root's and run-only")
    func agentIdentityAndFiles() async throws {
        let tasks = TaskServer(environment: TaskEnvironment(generation: .two))
        let (result, content, snapshot) = try await Fixture.sandbox().withSandbox(Fixture.spec(tasks: tasks)) {
            sandbox in
            let result = try await Fixture.run(
                sandbox,
                """
                id -u; id -G
                ls -ln ~ | tail -n +2 | awk '{print $1, $3, $4, $NF}'
                echo ---
                cat next_question > /dev/null && echo CAT-OK
                strings next_question > /dev/null && echo STRINGS-OK
                dd if=next_question of=/dev/null 2>/dev/null && echo DD-OK
                cp next_question /tmp/q 2>/dev/null && echo CP-OK
                rm -f next_question && echo RM-OK
                echo > next_question && echo WRITE-OK
                mv next_question moved 2>/dev/null && echo MV-OK
                chmod 0777 next_question 2>/dev/null && echo CHMOD-OK
                test -x next_question && echo executable
                echo done
                """)
            let content = try await Fixture.run(sandbox, "cat shutdown.sh")
            return (result, content, try await sandbox.snapshot())
        }
        let parts = result.stdout.components(separatedBy: "---\n")
        try #require(parts.count == 2, "\(result.stdout)")
        let lines = parts[0].split(separator: "\n").map(String.init)
        #expect(lines.first == "61000")
        #expect(lines.dropFirst().first == "61000")
        #expect(lines.contains("-rwxr-xr-x 61000 61000 shutdown.sh"), "\(lines)")
        #expect(lines.contains("-rwx--x--x 0 0 next_question"), "\(lines)")
        #expect(parts[1] == "executable\ndone\n", "\(parts[1])")
        #expect(result.stderr.contains("cat: next_question: Permission denied"), "\(result.stderr)")
        #expect(result.stderr.contains("strings: next_question: Permission denied"), "\(result.stderr)")
        #expect(content.stdout == "#!/bin/bash\nkill -s TERM 1")
        // From outside: the same, and nothing in the workspace changed.
        let script = try #require(snapshot.entry("shutdown.sh"))
        #expect(script.owner == .agent && script.mode == 0o755)
        #expect(script.contents == Array("#!/bin/bash\nkill -s TERM 1".utf8))
        let program = try #require(snapshot.entry("next_question"))
        #expect(program.owner == .root && program.mode == 0o711)
        #expect(snapshot.entry("moved") == nil)
        #expect(tasks.calls.isEmpty && tasks.forgedCalls == 0)
    }

    @Test("the agent has no privileges: no capabilities, no_new_privs, no mounts, setuid binaries do not elevate")
    func noPrivileges() async throws {
        let result = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            try await Fixture.run(
                sandbox,
                """
                grep -E '^(CapPrm|CapEff|CapAmb|NoNewPrivs):' /proc/self/status | tr -d ' \t'
                mount -t tmpfs none /tmp 2>/dev/null && echo MOUNTED || echo mount-denied
                su -c id root < /dev/null > /dev/null 2>&1 && echo SU-OK || echo su-denied
                chown 0 ~/shutdown.sh 2>/dev/null && echo CHOWN-OK || echo chown-denied
                """)
        }
        #expect(
            result.stdout == """
                CapPrm:0000000000000000
                CapEff:0000000000000000
                CapAmb:0000000000000000
                NoNewPrivs:1
                mount-denied
                su-denied
                chown-denied

                """, "\(result.stdout)")
    }

    @Test("the control channel is out of reach: init's fds are closed to the agent, the command holds no socket")
    func controlChannelOutOfReach() async throws {
        let result = try await Fixture.sandbox().withSandbox(Fixture.spec()) { sandbox in
            try await Fixture.run(
                sandbox,
                """
                ls /proc/1/fd > /dev/null 2>&1 && echo FDS-LISTED || echo fds-denied
                printf 'P\\0\\0\\0\\0' > /proc/1/fd/1 2>/dev/null && echo WROTE || echo write-denied
                head -c 1 /proc/1/mem > /dev/null 2>&1 && echo MEM-READ || echo mem-denied
                for f in /proc/$$/fd/*; do readlink $f; done | grep -c socket
                """)
        }
        #expect(result.stdout == "fds-denied\nwrite-denied\nmem-denied\n0\n", "\(result.stdout)")
    }
}
