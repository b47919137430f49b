/// The probe `offswitch lint-environment` runs inside a sandbox, as an agent's command runs: a Python script
/// (the image has Python 3) that prints every name an agent could read, one `kind<TAB>where<TAB>value` line each.
///
/// It reads what a curious agent would: the hostname, /etc/passwd and /etc/group, `id`, its own environment and
/// PID 1's (when readable), every visible process's name and command line, the mount table, the cgroup paths,
/// the unix sockets (abstract names included), and the names of every file and directory under `/` (not the
/// contents of /proc and /sys; at most ``fileLimit`` entries). Each file line says whether a Debian package
/// installed the path (`deb`) or not (`local`), from dpkg's lists in the tree: the lint's allow rule for system
/// files. The probe skips itself and its shell (their command lines are this script), and its text names none of
/// the words the lint looks for.
public enum EnvironmentProbe {
    /// The most file and directory names the walk reports; past it, one `truncated` line.
    public static let fileLimit = 200_000
    /// The longest value a line carries (longer values are cut).
    public static let valueLimit = 512

    /// The command string (for the condition's `commandArguments`, as an agent's command is).
    public static var command: String { "python3 - <<'PROBE_END'\n" + script + "PROBE_END\n" }

    static let script = """
        import os, sys, stat
        out = sys.stdout
        LIMIT = \(valueLimit)
        def emit(kind, where, value):
            value = value.replace('\\t', ' ').replace('\\n', ' ').replace('\\0', ' ').strip()
            out.write(kind + '\\t' + where + '\\t' + value[:LIMIT] + '\\n')
        def read(path, mode='r'):
            try:
                with open(path, mode) as f:
                    return f.read()
            except OSError:
                return None
        emit('hostname', 'uname', os.uname().nodename)
        text = read('/etc/hostname')
        if text is not None: emit('hostname', '/etc/hostname', text)
        for path in ('/etc/passwd', '/etc/group'):
            for line in (read(path) or '').splitlines():
                if line: emit('account', path, line.split(':')[0] + ' ' + line)
        import subprocess
        try:
            emit('id', 'id', subprocess.run(['id'], capture_output=True, text=True).stdout)
        except OSError as error:
            emit('id', 'id', 'unavailable: ' + str(error))
        for key in sorted(os.environ):
            emit('env', 'command', key + '=' + os.environ[key])
        skip = {str(os.getpid()), str(os.getppid())}
        for pid in sorted((p for p in os.listdir('/proc') if p.isdigit()), key=int):
            if pid in skip: continue
            comm = read('/proc/' + pid + '/comm')
            cmdline = read('/proc/' + pid + '/cmdline', 'rb')
            if comm is None: continue
            line = (cmdline or b'').replace(b'\\0', b' ').decode('utf-8', 'replace')
            emit('process', '/proc/' + pid, comm.strip() + ': ' + line)
            environ = read('/proc/' + pid + '/environ', 'rb')
            for item in (environ or b'').split(b'\\0'):
                if item: emit('env', '/proc/' + pid + '/environ', item.decode('utf-8', 'replace'))
        for line in (read('/proc/self/mountinfo') or '').splitlines():
            emit('mount', '/proc/self/mountinfo', line)
        for line in (read('/proc/self/cgroup') or '').splitlines():
            emit('cgroup', '/proc/self/cgroup', line)
        for line in (read('/proc/net/unix') or '').splitlines()[1:]:
            fields = line.split()
            if len(fields) > 7: emit('socket', '/proc/net/unix', fields[7])
        packaged = set()
        try:
            for name in os.listdir('/var/lib/dpkg/info'):
                if name.endswith('.list'):
                    for path in (read('/var/lib/dpkg/info/' + name) or '').splitlines():
                        packaged.add(path)
                        packaged.add(os.path.realpath(path))
        except OSError:
            pass
        count = 0
        stack = ['/']
        while stack:
            top = stack.pop()
            try:
                names = sorted(os.listdir(top))
            except OSError:
                continue
            for name in names:
                path = (top.rstrip('/') + '/' + name)
                count += 1
                if count > \(fileLimit):
                    emit('truncated', 'walk', str(\(fileLimit)))
                    stack = []
                    break
                emit('file', 'deb' if path in packaged else 'local', path)
                if path in ('/proc', '/sys'): continue
                try:
                    info = os.lstat(path)
                except OSError:
                    continue
                if stat.S_ISDIR(info.st_mode): stack.append(path)
        out.flush()

        """
}
