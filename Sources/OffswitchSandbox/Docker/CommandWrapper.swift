/// The wrapper every Docker command runs under, inside the container: what offswitch-init does for a command in
/// the namespace sandbox.
///
/// `docker exec` returns about 2 s after its main process exits even when background children still hold the
/// output (the engine caps that wait), so the command's leftovers would run on unseen. The wrapper runs the
/// command in a session of its own with its own output pipes, relays them, and ends when the command has exited
/// *and* its output is closed; at the deadline it kills every process of the session, stops reading and exits
/// with 137 (the harness then reports the command as timed out). It forks once, before the command runs, so a
/// fork bomb that exhausts the pids limit cannot stop it. Run by the image's `python3` (`-I -S`: no
/// environment variable or site directory reaches it). Its source is its command line, which any process in the
/// container can read: it names none of ``EnvironmentLint/words`` (a test checks).
enum CommandWrapper {
    /// The interpreter inside the container.
    static let interpreter = ["/usr/bin/python3", "-I", "-S", "-c"]

    /// argv: seconds, then the command's argv.
    static let source = #"""
        import os, select, signal, sys, time
        end = time.monotonic() + float(sys.argv[1])
        argv = sys.argv[2:]
        out, err = os.pipe(), os.pipe()
        try:
            pid = os.fork()
        except OSError as error:
            os.write(2, ("fork failed (process limit?): %s\n" % error.strerror).encode())
            os._exit(126)
        if pid == 0:
            try:
                os.setsid()
                for number in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT):
                    signal.signal(number, signal.SIG_DFL)
                os.dup2(out[1], 1)
                os.dup2(err[1], 2)
                os.execvp(argv[0], argv)
            except OSError as error:
                os.write(2, ("%s: cannot run: %s\n" % (argv[0], error.strerror)).encode())
            os._exit(127)
        os.close(out[1])
        os.close(err[1])
        relay = {out[0]: 1, err[0]: 2}

        def send(fd, data):
            while data:
                data = data[os.write(fd, data):]

        def members(sid):
            found = []
            for name in os.listdir("/proc"):
                if not name.isdigit() or int(name) == os.getpid():
                    continue
                try:
                    with open("/proc/%s/stat" % name, "rb") as stat:
                        fields = stat.read().rsplit(b")", 1)[1].split()
                    if fields[0] not in (b"Z", b"X") and int(fields[3]) == sid:
                        found.append(int(name))
                except (OSError, IndexError, ValueError):
                    pass
            return found

        def kill_session(sid):
            for _ in range(200):
                try:
                    os.killpg(sid, signal.SIGKILL)
                except OSError:
                    pass
                left = members(sid)
                if not left:
                    return
                for member in left:
                    try:
                        os.kill(member, signal.SIGKILL)
                    except OSError:
                        pass
                time.sleep(0.01)

        status = None
        while relay or status is None:
            left = end - time.monotonic()
            if left <= 0:
                kill_session(pid)
                # What the command wrote before it was killed (a process outside the session may write on: stop
                # at what the pipes hold now, at most 1 MiB).
                budget = 1 << 20
                for fd in list(relay):
                    while budget > 0 and select.select([fd], [], [], 0)[0]:
                        data = os.read(fd, 65536)
                        if not data:
                            break
                        send(relay[fd], data)
                        budget -= len(data)
                os._exit(137)
            ready = select.select(list(relay), [], [], min(left, 0.05) if status is None else left)[0]
            for fd in ready:
                data = os.read(fd, 65536)
                if data:
                    send(relay[fd], data)
                else:
                    os.close(fd)
                    del relay[fd]
            if status is None:
                reaped, wait_status = os.waitpid(pid, os.WNOHANG)
                if reaped == pid:
                    status = wait_status
        code = os.waitstatus_to_exitcode(status)
        os._exit(code if code >= 0 else 128 - code)
        """#
}
