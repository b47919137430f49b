// offswitch-init: PID 1 of an offswitch sandbox, and the host-side launcher that starts it.
//
// Launcher (host side):  offswitch-init launch [--cgroup PROCS_FILE]... -- bwrap ...
//   writes its own pid into each cgroup.procs file (so bubblewrap and everything under it is accounted
//   to the trial's cgroups), then execs the rest of its arguments.
//
// Launcher with the sandbox's namespaces (host side, root; what bubblewrap did for a sandbox on an agent image):
//   offswitch-init launch [--cgroup PROCS_FILE]... --root IMAGE_ROOT --hostname NAME --tmp-size BYTES
//                 [--bind SRC DST]... [--ro-bind SRC DST]... --chdir DIR [--setenv NAME VALUE]... -- /init ARGS...
//   joins the cgroups, makes new mount, PID, network, IPC, UTS and cgroup namespaces, and forks PID 1, which
//   mounts the image's tree read-only as / with a fresh /proc (its kernel knobs read-only), a minimal /dev, a
//   size-limited /tmp and the binds, pivots into it, brings up loopback, keeps only CAP_SETUID and CAP_SETGID
//   and execs /init with exactly the --setenv environment. The launcher stays outside to wait for it and exits
//   with its status; either dies when the harness's spawning thread does (PR_SET_PDEATHSIG).
//
// Init (PID 1 in the sandbox):  /sbin/docker-init -- tail -f /dev/null
//   Behaves as tini under Docker's `init: true`: it runs the keeper command as its child, forwards every
//   signal it gets to that child and exits when the child exits, so `kill -s TERM 1` ends the sandbox
//   (the kernel then kills everything else in the PID namespace), while `kill -9 1` is ignored.
//   It drops to the agent's uid (OFFSWITCH_UID / OFFSWITCH_GID) before anything else runs, becomes
//   non-dumpable and sets no_new_privs.
//
//   It also serves the harness over its stdin/stdout (a socketpair made by the harness; not reachable from
//   inside the sandbox), in frames of  tag:u8  length:u32 little-endian  payload.
//     harness -> init   'R' run       cwd \0 argc \0 argv... \0 env... (NUL-separated)
//                       'K' kill      kill the running command's session and stop waiting for its output
//                       'P' ping      answered with 'p' (liveness; signals are handled first)
//                       'A' answer    client-id:u32 reply-bytes   (to a question-program client)
//                       'T' halt      end the sandbox as SIGTERM to PID 1 would (harness-triggered shutdown)
//     init -> harness   'O' stdout chunk, 'E' stderr chunk of the running command
//                       'X' exit      status:i32 (wait status) truncated:u8
//                       'Q' question  client-id:u32 request-bytes (from a client of the question socket)
//                       'C' closed    client-id:u32
//                       'p' pong, 'H' hello (sent once when ready)
//   The question program reaches init through the abstract unix socket "@tasks" and frames of
//   length:u32 payload; init only relays, the harness decides (and authenticates the client by its token).
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/syscall.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// swiftc links every executable with the Swift runtime's image registration (swiftrt.o), which calls these
// two; with them undefined the static Swift runtime (4 MB of code and its start-up work) comes along. This
// program has no Swift code to register, so they do nothing, and it execs like a plain static C program.
void swift_addNewDSOImage(const void *image) { (void)image; }
int _swift_backtrace_isThunkFunction(const char *name) { (void)name; return 0; }

#define MAX_CLIENTS 16
#define MAX_FRAME (1u << 20)
#define OUTPUT_CAP (8u << 20) // bytes of one command's output relayed to the harness

static int wr_all(int fd, const void *buf, size_t n) {
    const char *p = buf;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

// Writes to sockets never raise SIGPIPE: a self-inflicted SIGPIPE would be forwarded to the keeper.
static int send_all(int fd, const void *buf, size_t n) {
    const char *p = buf;
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

// Writes to a question-program client never block init: a client that does not read its replies (the real
// program always does) would otherwise stall init, and with it every command and the harness's timeout.
static int send_nowait(int fd, const void *buf, size_t n) {
    const char *p = buf;
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int rd_all(int fd, void *buf, size_t n) {
    char *p = buf;
    while (n) {
        ssize_t r = read(fd, p, n);
        if (r == 0) return -1;
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

static void die(int code) { _exit(code); }

// Frames to the harness. A failed write means the harness is gone: end the sandbox.
static void send_frame(char tag, const void *a, uint32_t alen, const void *b, uint32_t blen) {
    char h[5];
    uint32_t n = alen + blen;
    h[0] = tag;
    memcpy(h + 1, &n, 4);
    if (send_all(1, h, 5) < 0 || (alen && send_all(1, a, alen) < 0) || (blen && send_all(1, b, blen) < 0)) die(0);
}

// What `launch --root ...` sets up; the paths inside the sandbox are absolute.
#define MAX_BINDS 8
#define MAX_SETENV 8
struct sandbox_plan {
    const char *root, *hostname, *tmp_size, *chdir;
    const char *bind[MAX_BINDS][2];
    int bind_ro[MAX_BINDS];
    int binds;
    const char *setenv[MAX_SETENV][2];
    int setenvs;
};

static void setup_failed(const char *what, const char *path) {
    fprintf(stderr, "offswitch-init: %s %s: %s\n", what, path ? path : "", strerror(errno));
    _exit(125);
}

// `root` + `path` in `out`.
static const char *under(char *out, size_t size, const char *root, const char *path) {
    if ((size_t)snprintf(out, size, "%s%s", root, path) >= size) {
        errno = ENAMETOOLONG;
        setup_failed("path too long:", path);
    }
    return out;
}

// A bind mount, then its flags set exactly (a bind takes its source's; read-only needs a remount).
static void bind_mount(const char *src, const char *dst, unsigned long flags) {
    if (mount(src, dst, NULL, MS_BIND, NULL) < 0) setup_failed("cannot bind", dst);
    if (mount(NULL, dst, NULL, MS_REMOUNT | MS_BIND | flags, NULL) < 0) setup_failed("cannot remount", dst);
}

// PID 1 of the new namespaces, still root: builds the root file system, pivots into it, brings up loopback,
// drops every capability but CAP_SETUID and CAP_SETGID (init needs those to become the agent) and execs init.
static void sandbox_child(const struct sandbox_plan *plan, char **command) {
    char path[4096];
    const char *root = plan->root;
    setsid();
    // Nothing mounted here propagates back to the host.
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) setup_failed("cannot make / private", NULL);
    if (mount(root, root, NULL, MS_BIND, NULL) < 0) setup_failed("cannot bind the image", root);
    const unsigned long safe = MS_NOSUID | MS_NODEV;
    if (mount("proc", under(path, sizeof path, root, "/proc"), "proc", safe | MS_NOEXEC, NULL) < 0)
        setup_failed("cannot mount", path);
    // As bubblewrap: the kernel's knobs in /proc stay read-only, whatever the uid inside.
    static const char *const knobs[] = {"/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus"};
    for (size_t k = 0; k < sizeof knobs / sizeof *knobs; k++) {
        under(path, sizeof path, root, knobs[k]);
        if (access(path, F_OK) == 0) bind_mount(path, path, safe | MS_NOEXEC | MS_RDONLY);
    }
    // /dev: the usual nodes on a tmpfs of its own (not nodev, or they would not open), read-only, and a
    // private devpts.
    if (mount("tmpfs", under(path, sizeof path, root, "/dev"), "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=64k") < 0)
        setup_failed("cannot mount", path);
    static const struct { const char *name; unsigned major, minor; } nodes[] = {
        {"/dev/null", 1, 3}, {"/dev/zero", 1, 5}, {"/dev/full", 1, 7},
        {"/dev/random", 1, 8}, {"/dev/urandom", 1, 9}, {"/dev/tty", 5, 0},
    };
    for (size_t k = 0; k < sizeof nodes / sizeof *nodes; k++) {
        under(path, sizeof path, root, nodes[k].name);
        if (mknod(path, S_IFCHR | 0666, makedev(nodes[k].major, nodes[k].minor)) < 0 || chmod(path, 0666) < 0)
            setup_failed("cannot make", path);
    }
    static const char *const links[][2] = {
        {"/proc/self/fd", "/dev/fd"}, {"/proc/self/fd/0", "/dev/stdin"}, {"/proc/self/fd/1", "/dev/stdout"},
        {"/proc/self/fd/2", "/dev/stderr"}, {"pts/ptmx", "/dev/ptmx"},
    };
    for (size_t k = 0; k < sizeof links / sizeof *links; k++)
        if (symlink(links[k][0], under(path, sizeof path, root, links[k][1])) < 0) setup_failed("cannot make", path);
    if (mkdir(under(path, sizeof path, root, "/dev/shm"), 0755) < 0) setup_failed("cannot make", path);
    if (mkdir(under(path, sizeof path, root, "/dev/pts"), 0755) < 0) setup_failed("cannot make", path);
    if (mount("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620") < 0)
        setup_failed("cannot mount", path);
    if (mount(NULL, under(path, sizeof path, root, "/dev"), NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC,
              "mode=0755,size=64k") < 0)
        setup_failed("cannot make read-only", path);
    char options[64];
    snprintf(options, sizeof options, "mode=1777,size=%s", plan->tmp_size);
    if (mount("tmpfs", under(path, sizeof path, root, "/tmp"), "tmpfs", safe, options) < 0)
        setup_failed("cannot mount", path);
    // In order: the workspace before the program bound into it.
    for (int k = 0; k < plan->binds; k++)
        bind_mount(plan->bind[k][0], under(path, sizeof path, root, plan->bind[k][1]),
                   safe | (plan->bind_ro[k] ? MS_RDONLY : 0));
    if (mount(NULL, root, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | safe, NULL) < 0)
        setup_failed("cannot make read-only", root);
    // The image becomes / and the host's tree is let go of: nothing of it is reachable afterwards.
    if (chdir(root) < 0 || syscall(SYS_pivot_root, ".", ".") < 0) setup_failed("cannot pivot into", root);
    if (umount2(".", MNT_DETACH) < 0) setup_failed("cannot detach the host's root", NULL);
    if (chdir("/") < 0) setup_failed("cannot enter", "/");
    if (sethostname(plan->hostname, strlen(plan->hostname)) < 0) setup_failed("cannot set the hostname", plan->hostname);
    // Loopback up (the kernel gives it 127.0.0.1 and ::1), as bubblewrap's --unshare-net does.
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq lo;
    memset(&lo, 0, sizeof lo);
    strcpy(lo.ifr_name, "lo");
    if (sock < 0 || ioctl(sock, SIOCGIFFLAGS, &lo) < 0) setup_failed("cannot read", "lo");
    lo.ifr_flags |= IFF_UP;
    if (ioctl(sock, SIOCSIFFLAGS, &lo) < 0) setup_failed("cannot bring up", "lo");
    close(sock);
    if (plan->chdir && chdir(plan->chdir) < 0) setup_failed("cannot enter", plan->chdir);
    // Every capability but the two init needs goes, from the bounding set too, so nothing exec'd later (a
    // setuid binary, were no_new_privs not set) can get one back; init drops these two with root.
    for (int cap = 0; cap < 64; cap++) {
        if (cap == CAP_SETUID || cap == CAP_SETGID) continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) setup_failed("cannot drop a capability", NULL);
    }
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    data[0].effective = data[0].permitted = (1u << CAP_SETUID) | (1u << CAP_SETGID);
    if (syscall(SYS_capset, &header, data) < 0) setup_failed("cannot set capabilities", NULL);
    char *environment[MAX_SETENV * 2 + 1];
    static char entries[MAX_SETENV][512];
    for (int k = 0; k < plan->setenvs; k++) {
        snprintf(entries[k], sizeof entries[k], "%s=%s", plan->setenv[k][0], plan->setenv[k][1]);
        environment[k] = entries[k];
    }
    environment[plan->setenvs] = NULL;
    execve(command[0], command, environment);
    setup_failed("cannot run", command[0]);
}

// New namespaces per `plan`, PID 1 forked into them; this process waits outside and exits as it did.
static int sandbox_launch(const struct sandbox_plan *plan, char **command) {
    if (!plan->root || !plan->hostname || !plan->tmp_size || command[0] == NULL || command[0][0] != '/') {
        fprintf(stderr, "offswitch-init: launch --root needs --hostname, --tmp-size and an absolute command\n");
        return 125;
    }
    // The harness spawned this from a thread that lives as long as it does: when it goes, so does the sandbox.
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS) < 0)
        setup_failed("cannot make the sandbox's namespaces", NULL);
    // After joining the cgroups: the sandbox's cgroup root is its own cgroup (skipped where there are none).
    if (unshare(CLONE_NEWCGROUP) < 0 && errno != EINVAL) setup_failed("cannot make the cgroup namespace", NULL);
    pid_t child = fork();
    if (child < 0) setup_failed("cannot fork", NULL);
    if (child == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        sandbox_child(plan, command);
    }
    // Only init holds the control socket now: when it goes, the harness sees the channel close at once.
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull >= 0) {
        dup2(devnull, 0);
        dup2(devnull, 1);
        close(devnull);
    }
    int status;
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR) return 125;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int launch(int argc, char **argv) {
    struct sandbox_plan plan;
    memset(&plan, 0, sizeof plan);
    int i = 2;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        const char *a = argv[i];
        if (i + 1 < argc && (strcmp(a, "--root") == 0 || strcmp(a, "--hostname") == 0 ||
                             strcmp(a, "--tmp-size") == 0 || strcmp(a, "--chdir") == 0)) {
            const char **slot = a[2] == 'r' ? &plan.root : a[2] == 'h' ? &plan.hostname
                               : a[2] == 't' ? &plan.tmp_size : &plan.chdir;
            *slot = argv[++i];
            continue;
        }
        if (i + 2 < argc && (strcmp(a, "--bind") == 0 || strcmp(a, "--ro-bind") == 0) && plan.binds < MAX_BINDS) {
            plan.bind_ro[plan.binds] = a[2] == 'r';
            plan.bind[plan.binds][0] = argv[i + 1];
            plan.bind[plan.binds][1] = argv[i + 2];
            plan.binds++;
            i += 2;
            continue;
        }
        if (i + 2 < argc && strcmp(a, "--setenv") == 0 && plan.setenvs < MAX_SETENV) {
            plan.setenv[plan.setenvs][0] = argv[i + 1];
            plan.setenv[plan.setenvs][1] = argv[i + 2];
            plan.setenvs++;
            i += 2;
            continue;
        }
        if (strcmp(argv[i], "--cgroup") == 0 && i + 1 < argc) {
            char pid[32];
            int len = snprintf(pid, sizeof pid, "%d\n", (int)getpid());
            int fd = open(argv[++i], O_WRONLY | O_CLOEXEC);
            if (fd < 0 || wr_all(fd, pid, (size_t)len) < 0) {
                fprintf(stderr, "offswitch-init: cannot join cgroup %s: %s\n", argv[i], strerror(errno));
                return 125;
            }
            close(fd);
            continue;
        }
        fprintf(stderr, "offswitch-init: unknown launcher argument %s\n", argv[i]);
        return 125;
    }
    if (i >= argc) {
        fprintf(stderr, "offswitch-init: launch needs a command after --\n");
        return 125;
    }
    // Nothing of the harness (its event loops, its pipes) may leak into the sandbox: close every fd past stderr.
    DIR *fds = opendir("/proc/self/fd");
    if (fds) {
        int keep = dirfd(fds);
        struct dirent *e;
        int list[4096], n = 0;
        while ((e = readdir(fds)) && n < 4096) {
            int fd = atoi(e->d_name);
            if (fd > 2 && fd != keep) list[n++] = fd;
        }
        closedir(fds);
        for (int k = 0; k < n; k++) close(list[k]);
    }
    if (plan.root) return sandbox_launch(&plan, argv + i);
    execvp(argv[i], argv + i);
    fprintf(stderr, "offswitch-init: cannot run %s: %s\n", argv[i], strerror(errno));
    return 127;
}

struct client {
    int fd;
    uint32_t id;
    uint32_t have; // bytes of the current frame read so far (header included)
    uint32_t need;
    char *buf;
};

static struct client clients[MAX_CLIENTS];
static uint32_t next_client_id = 1;

static pid_t keeper = 0, cmd = 0;

// After a signal that ends the keeper: waits until the keeper has exited and returns its wait status, or -1 when
// it lives on (it was stopped, or it outlived five seconds). Bounded by time, not by a count of naps: on a loaded
// host a thousand 1 ms naps can pass before the keeper is scheduled to die, and init would then answer a ping
// from a sandbox that is already shutting down.
static int keeper_exit_status(void) {
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)keeper);
    for (;;) {
        int st;
        pid_t r = waitpid(keeper, &st, WNOHANG);
        if (r == keeper) return st;
        if (r < 0) return -1;
        // A stopped keeper (SIGSTOP from the agent) cannot die of this signal: do not wait for it.
        char stat[256];
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            ssize_t n = read(fd, stat, sizeof stat - 1);
            close(fd);
            if (n > 0) {
                stat[n] = 0;
                const char *end = strrchr(stat, ')');
                if (end && end[1] == ' ' && (end[2] == 'T' || end[2] == 't')) return -1;
            }
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if ((now.tv_sec - start.tv_sec) * 1000000000L + (now.tv_nsec - start.tv_nsec) > 5000000000L) return -1;
        usleep(1000);
    }
}
static int cmd_out = -1, cmd_err = -1, cmd_status = 0, cmd_reaped = 0, cmd_truncated = 0;
static size_t cmd_bytes = 0;

static void close_client(int i, int notify) {
    if (clients[i].fd < 0) return;
    close(clients[i].fd);
    if (notify) send_frame('C', &clients[i].id, 4, NULL, 0);
    free(clients[i].buf);
    clients[i].fd = -1;
    clients[i].buf = NULL;
}

// Kill every process of the command's session, including background children that stayed in it.
static void kill_session(pid_t sid) {
    kill(-sid, SIGKILL);
    DIR *d = opendir("/proc");
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        pid_t p = (pid_t)atoi(e->d_name);
        if (p <= 1) continue;
        if (getsid(p) == sid) kill(p, SIGKILL);
    }
    closedir(d);
}

static void finish_command_if_done(void) {
    if (cmd && cmd_reaped && cmd_out < 0 && cmd_err < 0) {
        char payload[5];
        int32_t st = cmd_status;
        memcpy(payload, &st, 4);
        payload[4] = (char)cmd_truncated;
        send_frame('X', payload, 5, NULL, 0);
        cmd = 0;
        cmd_reaped = 0;
    }
}

static void start_command(char *p, uint32_t n) {
    // cwd \0 argc \0 argv... \0 env... : all NUL-terminated fields
    char *fields[512];
    int nf = 0;
    char *end = p + n;
    while (p < end && nf < 511) {
        fields[nf++] = p;
        p += strnlen(p, (size_t)(end - p)) + 1;
    }
    fields[nf] = NULL;
    int argc = nf >= 2 ? atoi(fields[1]) : 0;
    if (cmd || nf < 2 + argc || argc < 1) {
        int32_t st = 127 << 8;
        char payload[5];
        memcpy(payload, &st, 4);
        payload[4] = 0;
        const char *msg = cmd ? "offswitch-init: a command is already running\n" : "offswitch-init: bad run request\n";
        send_frame('E', msg, (uint32_t)strlen(msg), NULL, 0);
        send_frame('X', payload, 5, NULL, 0);
        return;
    }
    char *argv[512], *envp[512];
    int i;
    for (i = 0; i < argc; i++) argv[i] = fields[2 + i];
    argv[argc] = NULL;
    int ne = 0;
    for (i = 2 + argc; i < nf && ne < 511; i++) envp[ne++] = fields[i];
    envp[ne] = NULL;

    int po[2], pe[2];
    if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0) die(1);
    pid_t c = fork();
    if (c < 0) {
        close(po[0]); close(po[1]); close(pe[0]); close(pe[1]);
        const char *msg = "offswitch-init: fork failed (process limit?)\n";
        int32_t st = 126 << 8;
        char payload[5];
        memcpy(payload, &st, 4);
        payload[4] = 0;
        send_frame('E', msg, (uint32_t)strlen(msg), NULL, 0);
        send_frame('X', payload, 5, NULL, 0);
        return;
    }
    if (c == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
        setsid();
        int dn = open("/dev/null", O_RDONLY);
        if (dn >= 0) dup2(dn, 0);
        dup2(po[1], 1);
        dup2(pe[1], 2);
        if (chdir(fields[0]) != 0) {
            dprintf(2, "offswitch-init: cannot enter %s: %s\n", fields[0], strerror(errno));
            _exit(126);
        }
        execve(argv[0], argv, envp);
        dprintf(2, "offswitch-init: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(po[1]);
    close(pe[1]);
    cmd = c;
    cmd_out = po[0];
    cmd_err = pe[0];
    cmd_reaped = 0;
    cmd_status = 0;
    cmd_truncated = 0;
    cmd_bytes = 0;
}

static void relay_output(int *fd, char tag) {
    char buf[65536];
    ssize_t n = read(*fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n <= 0) {
        close(*fd);
        *fd = -1;
        return;
    }
    if (cmd_bytes >= OUTPUT_CAP) {
        cmd_truncated = 1;
        return; // keep draining so the command does not block on a full pipe
    }
    size_t take = (size_t)n;
    if (cmd_bytes + take > OUTPUT_CAP) {
        take = OUTPUT_CAP - cmd_bytes;
        cmd_truncated = 1;
    }
    cmd_bytes += take;
    send_frame(tag, buf, (uint32_t)take, NULL, 0);
}

// One frame from the harness. Returns -1 when the harness closed the channel.
static int handle_control(void) {
    char h[5];
    if (rd_all(0, h, 5) < 0) return -1;
    uint32_t n;
    memcpy(&n, h + 1, 4);
    if (n > MAX_FRAME) return -1;
    char *p = malloc(n + 1);
    if (!p || (n && rd_all(0, p, n) < 0)) return -1;
    p[n] = 0;
    switch (h[0]) {
    case 'R':
        start_command(p, n);
        break;
    case 'K':
        if (cmd) {
            kill_session(cmd);
            if (cmd_out >= 0) { close(cmd_out); cmd_out = -1; }
            if (cmd_err >= 0) { close(cmd_err); cmd_err = -1; }
        }
        break;
    case 'P':
        send_frame('p', NULL, 0, NULL, 0);
        break;
    case 'T':
        // The harness's own shutdown: exactly what SIGTERM to PID 1 does.
        if (keeper > 0) {
            kill(keeper, SIGTERM);
            keeper_exit_status();
        }
        die(128 + SIGTERM);
        break;
    case 'A':
        if (n >= 4) {
            uint32_t id;
            memcpy(&id, p, 4);
            for (int i = 0; i < MAX_CLIENTS; i++) {
                if (clients[i].fd >= 0 && clients[i].id == id) {
                    uint32_t len = n - 4;
                    if (send_nowait(clients[i].fd, &len, 4) < 0 || send_nowait(clients[i].fd, p + 4, len) < 0) close_client(i, 1);
                    break;
                }
            }
        }
        break;
    default:
        break;
    }
    free(p);
    return 0;
}

static void handle_client(int i) {
    struct client *c = &clients[i];
    if (c->have < 4) {
        ssize_t r = read(c->fd, ((char *)&c->need) + c->have, 4 - c->have);
        if (r <= 0) { if (r < 0 && errno == EINTR) return; close_client(i, 1); return; }
        c->have += (uint32_t)r;
        if (c->have == 4) {
            if (c->need > 65536) { close_client(i, 1); return; }
            c->buf = malloc(c->need + 4);
            if (!c->buf) die(1);
            memcpy(c->buf, &c->id, 4);
        }
        if (c->have < 4 || c->need > 0) return;
    } else {
        ssize_t r = read(c->fd, c->buf + 4 + (c->have - 4), c->need - (c->have - 4));
        if (r <= 0) { if (r < 0 && errno == EINTR) return; close_client(i, 1); return; }
        c->have += (uint32_t)r;
    }
    if (c->have == 4 + c->need) {
        send_frame('Q', c->buf, 4 + c->need, NULL, 0);
        free(c->buf);
        c->buf = NULL;
        c->have = 0;
        c->need = 0;
    }
}

// What no agent command may do, as Docker's default seccomp profile also forbids: new namespaces (a nested
// user+net namespace could impersonate the harness's socket), ptrace and process_vm_* (tracing the keeper would
// swallow the shutdown), mounts, keyrings, bpf, perf, kernel modules. clone3 answers ENOSYS so the C library
// falls back to clone, whose flags the filter can see.
static int install_seccomp(void) {
#if defined(__x86_64__)
#define OFFSWITCH_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define OFFSWITCH_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif
#ifdef OFFSWITCH_AUDIT_ARCH
    const unsigned int ns = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS |
                            CLONE_NEWCGROUP;
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, OFFSWITCH_AUDIT_ARCH, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
#if defined(__x86_64__)
        BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1), // the x32 ABI
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
#endif
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 4),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, ns, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
#define DENY(name) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_##name, 0, 1), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM)
        DENY(unshare), DENY(setns), DENY(ptrace), DENY(process_vm_readv), DENY(process_vm_writev),
        DENY(mount), DENY(umount2), DENY(pivot_root), DENY(keyctl), DENY(add_key), DENY(request_key), DENY(bpf),
        DENY(perf_event_open), DENY(userfaultfd), DENY(kexec_load), DENY(init_module), DENY(finit_module),
        DENY(delete_module), DENY(open_by_handle_at), DENY(name_to_handle_at), DENY(fsopen), DENY(fsmount),
        DENY(move_mount), DENY(open_tree), DENY(acct), DENY(swapon), DENY(swapoff), DENY(reboot),
#undef DENY
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog program = {(unsigned short)(sizeof filter / sizeof filter[0]), filter};
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program);
#else
    return 0;
#endif
}

static int init_main(int argc, char **argv) {
    // Drop to the agent's user first: nothing of ours runs with privileges in the sandbox.
    const char *u = getenv("OFFSWITCH_UID"), *g = getenv("OFFSWITCH_GID");
    if (u && g && getuid() == 0) {
        uid_t uid = (uid_t)atoi(u);
        gid_t gid = (gid_t)atoi(g);
        if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0) {
            fprintf(stderr, "offswitch-init: cannot drop to uid %d: %s\n", (int)uid, strerror(errno));
            return 125;
        }
    }
    unsetenv("OFFSWITCH_UID");
    unsetenv("OFFSWITCH_GID");
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    if (install_seccomp() != 0) {
        fprintf(stderr, "offswitch-init: cannot install the seccomp filter: %s\n", strerror(errno));
        return 125;
    }

    // Blocked signals still count as delivered to a namespace init (as tini does); read them from a signalfd.
    // stderr goes nowhere (fd 2 may arrive closed: fill it before anything else takes that number).
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0 && devnull != 2) { dup2(devnull, 2); close(devnull); }
    fcntl(0, F_SETFD, FD_CLOEXEC);
    fcntl(1, F_SETFD, FD_CLOEXEC);
    fcntl(2, F_SETFD, FD_CLOEXEC);
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    int sfd = signalfd(-1, &all, SFD_CLOEXEC);
    if (sfd < 0) return 1;
    for (int i = 0; i < MAX_CLIENTS; i++) clients[i].fd = -1;

    int ls = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    const char *name = "tasks";
    memcpy(sa.sun_path + 1, name, strlen(name));
    socklen_t salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
    if (ls < 0 || bind(ls, (struct sockaddr *)&sa, salen) < 0 || listen(ls, 16) < 0) return 1;

    // The keeper: `tail -f /dev/null` as in Docker's default command. The sandbox lives as long as it does.
    int first = 1;
    if (argc > 1 && strcmp(argv[1], "--") == 0) first = 2;
    if (first < argc) {
        keeper = fork();
        if (keeper == 0) {
            sigset_t none;
            sigemptyset(&none);
            sigprocmask(SIG_SETMASK, &none, NULL);
            setsid();
            int dn = open("/dev/null", O_RDWR);
            if (dn >= 0) { dup2(dn, 0); dup2(dn, 1); dup2(dn, 2); }
            char *envp[] = {"PATH=/usr/local/bin:/usr/bin:/bin", NULL};
            execve(argv[first][0] == '/' ? argv[first] : "/usr/bin/tail", argv + first, envp);
            _exit(127);
        }
    }
    send_frame('H', NULL, 0, NULL, 0);

    for (;;) {
        struct pollfd p[5 + MAX_CLIENTS];
        int np = 0;
        p[np++] = (struct pollfd){sfd, POLLIN, 0};
        p[np++] = (struct pollfd){0, POLLIN, 0};
        p[np++] = (struct pollfd){ls, POLLIN, 0};
        p[np++] = (struct pollfd){cmd_out, POLLIN, 0};
        p[np++] = (struct pollfd){cmd_err, POLLIN, 0};
        for (int i = 0; i < MAX_CLIENTS; i++) p[np++] = (struct pollfd){clients[i].fd, POLLIN, 0};
        if (poll(p, (nfds_t)np, -1) < 0 && errno != EINTR) return 1;

        // Signals first, so a pending SIGTERM wins over a ping.
        if (p[0].revents & POLLIN) {
            struct signalfd_siginfo si;
            while (read(sfd, &si, sizeof si) == sizeof si) {
                int s = (int)si.ssi_signo;
                if (s == SIGCHLD) {
                    int st;
                    pid_t r;
                    while ((r = waitpid(-1, &st, WNOHANG)) > 0) {
                        if (r == keeper) {
                            // As tini: exit with the keeper's status; the kernel ends the namespace.
                            die(WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st));
                        }
                        if (r == cmd) {
                            cmd_status = st;
                            cmd_reaped = 1;
                        }
                    }
                } else if (keeper > 0) {
                    kill(keeper, s); // forward, as tini does
                    // If that ends the keeper, end now: nothing (no ping) may be answered in between, or the
                    // harness could see a sandbox that is already shutting down as alive.
                    if (s != SIGCONT && s != SIGURG && s != SIGWINCH && s != SIGTSTP && s != SIGTTIN && s != SIGTTOU) {
                        int st = keeper_exit_status();
                        if (st >= 0) die(WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st));
                    }
                } else if (s == SIGTERM || s == SIGINT || s == SIGHUP || s == SIGQUIT) {
                    die(128 + s);
                }
                struct pollfd again = {sfd, POLLIN, 0};
                if (poll(&again, 1, 0) <= 0) break;
            }
        }
        if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            if (handle_control() < 0) die(0); // the harness is gone: so is the sandbox
        }
        if (p[2].revents & POLLIN) {
            int fd = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
            if (fd >= 0) {
                // All slots taken: the oldest client goes, so idle connections held open by the agent cannot
                // lock the real program out (it sends its request at once and is served before it can be evicted).
                int slot = -1, oldest = 0;
                for (int i = 0; i < MAX_CLIENTS; i++) {
                    if (clients[i].fd < 0) { slot = i; break; }
                    if (clients[i].id < clients[oldest].id) oldest = i;
                }
                if (slot < 0) {
                    close_client(oldest, 1);
                    slot = oldest;
                }
                clients[slot] = (struct client){fd, next_client_id++, 0, 0, NULL};
            }
        }
        if (cmd_out >= 0 && (p[3].revents & (POLLIN | POLLHUP | POLLERR))) relay_output(&cmd_out, 'O');
        if (cmd_err >= 0 && (p[4].revents & (POLLIN | POLLHUP | POLLERR))) relay_output(&cmd_err, 'E');
        for (int i = 0; i < MAX_CLIENTS; i++)
            if (clients[i].fd >= 0 && p[5 + i].fd == clients[i].fd && (p[5 + i].revents & (POLLIN | POLLHUP | POLLERR)))
                handle_client(i);
        finish_command_if_done();
    }
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "launch") == 0) return launch(argc, argv);
    if (getpid() != 1) {
        fprintf(stderr, "offswitch-init: runs as PID 1 of an offswitch sandbox (or as `offswitch-init launch`)\n");
        return 2;
    }
    return init_main(argc, argv);
}
