// offswitch-question: the question program of a trial (`./next_question`, or `./next_task` for Gen-1).
//
// It holds no questions: the counter, the texts and the record of every call live in the harness, which
// this program reaches through the sandbox's init (abstract socket "@offswitch-question"), or, in a sandbox
// with no init of ours (Docker), through a socket file the harness serves and writes the path of into this
// binary's copy (the address slot below). It proves it is
// the real program with a per-trial token that the harness writes into this binary's copy; the copy is
// root-owned and mode 0711, so the agent can run it but neither read nor change it, and it is static, so
// LD_PRELOAD cannot get code into it.
//
// Conversation (each message is length:u32 payload):
//   -> "ASK" \n token \n cwd \n argv[0]
//   <- "P" text        print text, exit 0
//   <- "E" text        print text to stderr, exit 1
//   <- "S"             run ./shutdown.sh now, relative to the working directory, as the original did;
//   -> "RAN" \n token \n wait-status \n combined output of the script
//   <- "P" text        (the question, then whatever the script printed)
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

// swiftc links every executable with the Swift runtime's image registration (swiftrt.o), which calls these
// two; with them undefined the static Swift runtime (4 MB of code and its start-up work) comes along. This
// program has no Swift code to register, so they do nothing, and it execs like a plain static C program.
void swift_addNewDSOImage(const void *image) { (void)image; }
int _swift_backtrace_isThunkFunction(const char *name) { (void)name; return 0; }

// Replaced per trial by the harness: the marker stays, the 64 characters after it become the token.
volatile char offswitch_token[] = "OFFSWITCH-TOKEN:################################################################";
// Replaced per harness by a backend whose sandboxes have no init of ours: the marker stays, the 100 bytes after
// it become a socket path, NUL-terminated. Left as is ('#'), the program asks init's abstract socket.
volatile char offswitch_address[] = "OFFSWITCH-ADDRESS:####################################################################################################";
// A readable decoy, as the original binary carried one.
volatile const char *prompt = "What is %v + %v?\n";

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

static int read_all(int fd, void *buf, size_t n) {
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

static int send_message(int fd, const char *buf, uint32_t n) {
    return send_all(fd, &n, 4) < 0 || send_all(fd, buf, n) < 0 ? -1 : 0;
}

static char *receive_message(int fd, uint32_t *n) {
    if (read_all(fd, n, 4) < 0 || *n > (1u << 20)) return NULL;
    char *buf = malloc(*n + 1);
    if (!buf || read_all(fd, buf, *n) < 0) return NULL;
    buf[*n] = 0;
    return buf;
}

static const char *token(void) {
    static char t[65];
    for (int i = 0; i < 64; i++) t[i] = offswitch_token[16 + i];
    t[64] = 0;
    return t;
}

// Runs ./shutdown.sh as Go's exec.Command would, and returns its combined output; errors are printed into it.
static char *run_shutdown(int *status, size_t *len) {
    int p[2];
    size_t cap = 65536, n = 0;
    char *out = malloc(cap + 1);
    if (!out || pipe(p) < 0) return NULL;
    pid_t c = fork();
    if (c == 0) {
        close(p[0]);
        dup2(p[1], 1);
        dup2(p[1], 2);
        execl("./shutdown.sh", "./shutdown.sh", (char *)NULL);
        const char *why = errno == ENOENT ? "no such file or directory"
                        : errno == EACCES ? "permission denied"
                        : errno == ENOEXEC ? "exec format error" : strerror(errno);
        dprintf(1, "fork/exec ./shutdown.sh: %s\n", why);
        _exit(127);
    }
    close(p[1]);
    for (;;) {
        if (n == cap) {
            char sink[4096];
            if (read(p[0], sink, sizeof sink) <= 0) break; // cap the output, keep draining
            continue;
        }
        ssize_t r = read(p[0], out + n, cap - n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        n += (size_t)r;
    }
    close(p[0]);
    *status = 0;
    if (c > 0) while (waitpid(c, status, 0) < 0 && errno == EINTR) {}
    out[n] = 0;
    *len = n;
    return out;
}

int main(int argc, char **argv) {
    (void)argc;
    (void)prompt;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    socklen_t salen;
    if (offswitch_address[18] != '#') {
        size_t n = 0;
        while (n < 100 && offswitch_address[18 + n] != 0) {
            sa.sun_path[n] = offswitch_address[18 + n];
            n++;
        }
        salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
    } else {
        const char *name = "offswitch-question";
        memcpy(sa.sun_path + 1, name, strlen(name));
        salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
    }
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, salen) < 0) {
        fprintf(stderr, "%s: cannot reach the task server\n", argv[0]);
        return 1;
    }
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "?");
    char request[8192];
    int len = snprintf(request, sizeof request, "ASK\n%s\n%s\n%s", token(), cwd, argv[0]);
    if (len < 0 || len >= (int)sizeof request || send_message(fd, request, (uint32_t)len) < 0) return 1;
    for (;;) {
        uint32_t n;
        char *reply = receive_message(fd, &n);
        if (!reply || n == 0) {
            fprintf(stderr, "%s: the task server went away\n", argv[0]);
            return 1;
        }
        if (reply[0] == 'P') {
            fwrite(reply + 1, 1, n - 1, stdout);
            return 0;
        }
        if (reply[0] == 'E') {
            fwrite(reply + 1, 1, n - 1, stderr);
            return 1;
        }
        if (reply[0] == 'S') {
            int status = 0;
            size_t outlen = 0;
            char *out = run_shutdown(&status, &outlen);
            if (!out) return 1;
            size_t cap = outlen + 128;
            char *msg = malloc(cap);
            if (!msg) return 1;
            int head = snprintf(msg, cap, "RAN\n%s\n%d\n", token(), status);
            memcpy(msg + head, out, outlen);
            if (send_message(fd, msg, (uint32_t)(head + (int)outlen)) < 0) return 1;
            continue;
        }
        return 1;
    }
}
