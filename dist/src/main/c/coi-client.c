/*
 * bin/coi: the client of the resident coi.
 *
 * A JVM costs more to start than the quick commands take, so this program answers --version itself, hands other
 * commands to the user's resident coi (a JVM kept running, dev.coi.kernel.cli.resident) over a unix socket, and execs
 * bin/coi-jvm, the JVM launcher, whenever the resident is not there or does not serve the command. Whatever goes
 * wrong before the resident has started the command ends in coi-jvm, so this program never fails where coi itself
 * would work; whatever goes wrong after never runs the command a second time. COI_RESIDENT=off skips the resident.
 *
 * The socket: $HOME/.coi/run/resident-XXXXXXXX.sock, XXXXXXXX the FNV-1a hash of the install home (the folder
 * holding bin/). It is used only in a folder of this user's alone (owner and mode 0700, not a symbolic link), and
 * only when the process listening on it runs as this user (its peer credentials): the request carries the
 * environment, and with HOME in a shared folder (/tmp) another user could otherwise make the socket.
 *
 * The protocol (u32 big-endian; a string is its u32 byte length and its UTF-8 bytes; a frame is a u8 type, a u32
 * length and the payload):
 *   request   "coi-resident 2", the version line, the working folder, "t"/"-" for each of fds 0-2,
 *             argc and the arguments after argv[0], envc and "NAME=value" strings of the variables coi reads
 *   answer    'F' (empty) "run coi-jvm instead", or 'A' (empty) "accepted"
 *   go        after 'A', the client's byte 'G': the resident runs the command only once it has it, so a client that
 *             gave up waiting for the answer and runs coi-jvm leaves nothing running in the resident
 *   output    'O' stdout bytes, 'E' stderr bytes, then 'X' the u32 exit code (the last frame)
 * A resident of protocol 1 closes the connection on this request without a frame: the client runs coi-jvm.
 *
 * Built by dist/src/build/package.sh: cc -std=c11 -DCOI_VERSION_LINE='"coi version ..."'.
 */
#define _GNU_SOURCE /* struct ucred, O_PATH */

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#ifndef COI_VERSION_LINE
#error "COI_VERSION_LINE must be defined: what coi-jvm prints for --version"
#endif

#define PROTOCOL_MAGIC "coi-resident 2"
#define RESIDENT_ENDED \
    "coi: the resident coi ended before the command did; it may have run in part, and coi does not run it again " \
    "(COI_RESIDENT=off runs coi without the resident)\n"
#define FRAME_REFUSED 'F'
#define FRAME_ACCEPTED 'A'
#define GO 'G'

/* How long the resident may take to take the request and answer 'A' or 'F' (it does in a millisecond when it is well);
 * then coi-jvm runs the command, which is safe because the resident starts nothing before the client's go. After
 * the go there is no time-out: a command such as container exec runs as long as it runs. */
#define ANSWER_SECONDS 2

/* The environment variables the request carries: those coi reads, so that the resident runs a command as a JVM of
 * its own would, and nothing else (a resident is a process of the user's, but what it need not see it does not get):
 *   - COI_* and CLAUDE_ON_INCUS_*: coi's own (config overrides such as COI_LIMIT_MEMORY, COI_CONFIG,
 *     COI_CONTAINER_PREFIX, and those the reference tool named CLAUDE_ON_INCUS_*);
 *   - INCUS_*: where Incus is (INCUS_SOCKET, INCUS_DIR), read as the incus client reads them;
 *   - HOME, XDG_CONFIG_HOME (the config files), TERM, NO_COLOR (colours, live status), PATH and USER.
 * Not sent, notably: the variables a tool's `env` setting passes into a container (API keys). Only `coi shell` and
 * `coi run` pass them, and of those the resident serves only `coi shell --background`: when an argument is exactly
 * --background (BACKGROUND), every variable is sent, as a JVM of its own would see them all; the resident serves a
 * shell only then (dev.coi.kernel.cli.ShellCommand). Any other command the resident serves
 * (dev.coi.kernel.cli.ServedByResident) must read no variable outside this list. */
static const char *const SENT_PREFIXES[] = {"COI_", "CLAUDE_ON_INCUS_", "INCUS_"};
static const char *const SENT_NAMES[] = {"HOME", "XDG_CONFIG_HOME", "TERM", "NO_COLOR", "PATH", "USER"};
static const char BACKGROUND[] = "--background";

extern char **environ;

/* A string's length goes on the wire as a u32: longer ones cannot be sent, and coi-jvm takes them instead. */
#define MAX_WIRE_LENGTH UINT32_MAX

struct buffer {
    unsigned char *bytes;
    size_t length;
    size_t capacity;
    int failed; /* out of memory or a string too long for the protocol: the request is not sent */
};

static void buffer_append(struct buffer *buffer, const void *bytes, size_t count) {
    if (buffer->failed) {
        return;
    }
    if (count > SIZE_MAX - buffer->length) {
        buffer->failed = 1;
        return;
    }
    size_t needed = buffer->length + count;
    if (needed > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 4096;
        while (capacity < needed) {
            capacity = capacity > SIZE_MAX / 2 ? needed : capacity * 2;
        }
        unsigned char *grown = realloc(buffer->bytes, capacity);
        if (grown == NULL) {
            buffer->failed = 1;
            return;
        }
        buffer->bytes = grown;
        buffer->capacity = capacity;
    }
    if (count > 0) {
        memcpy(buffer->bytes + buffer->length, bytes, count);
    }
    buffer->length = needed;
}

static void buffer_u32(struct buffer *buffer, uint32_t value) {
    unsigned char bytes[4] = {(unsigned char) (value >> 24), (unsigned char) (value >> 16),
                              (unsigned char) (value >> 8), (unsigned char) value};
    buffer_append(buffer, bytes, sizeof bytes);
}

static void buffer_count(struct buffer *buffer, size_t count) {
    if (count > MAX_WIRE_LENGTH) {
        buffer->failed = 1;
        return;
    }
    buffer_u32(buffer, (uint32_t) count);
}

static void buffer_string(struct buffer *buffer, const char *string) {
    size_t length = strlen(string);
    buffer_count(buffer, length);
    buffer_append(buffer, string, length);
}

static uint32_t read_u32(const unsigned char *bytes) {
    return (uint32_t) bytes[0] << 24 | (uint32_t) bytes[1] << 16 | (uint32_t) bytes[2] << 8 | (uint32_t) bytes[3];
}

/* Writes all of it: a pipe or a terminal may take less than asked, and a signal may interrupt. 0 on success. */
static int write_all(int fd, const void *bytes, size_t count) {
    const unsigned char *next = bytes;
    while (count > 0) {
        ssize_t written = write(fd, next, count);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        next += written;
        count -= (size_t) written;
    }
    return 0;
}

/* Like write_all, but a resident that went away is an error here, not a SIGPIPE that would kill the client before
 * it could fall back to coi-jvm. */
static int send_all(int fd, const void *bytes, size_t count) {
    const unsigned char *next = bytes;
    while (count > 0) {
        ssize_t sent = send(fd, next, count, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        next += sent;
        count -= (size_t) sent;
    }
    return 0;
}

/* Reads exactly count bytes. Returns count, or fewer when the resident closed the socket first, or -1 on an
 * error. */
static ssize_t read_full(int fd, void *bytes, size_t count) {
    unsigned char *next = bytes;
    size_t done = 0;
    while (done < count) {
        ssize_t got = read(fd, next + done, count - done);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        if (got == 0) {
            break;
        }
        done += (size_t) got;
    }
    return (ssize_t) done;
}

/* H, the folder holding bin/, lib/ and runtime/: coi-jvm resolves its home the same way (readlink -f), so both
 * name the same resident socket. NULL when /proc is not there. */
static char *install_home(void) {
    char *self = realpath("/proc/self/exe", NULL);
    if (self == NULL) {
        return NULL;
    }
    for (int level = 0; level < 2; level++) {
        char *slash = strrchr(self, '/');
        if (slash == NULL) {
            free(self);
            return NULL;
        }
        if (slash == self) {
            slash[1] = '\0'; /* the root folder keeps its slash */
        } else {
            *slash = '\0';
        }
    }
    return self;
}

static void exec_jvm(const char *home, char **argv) {
    static const char suffix[] = "/bin/coi-jvm";
    if (home == NULL) {
        fputs("coi: cannot find where coi is installed (/proc/self/exe cannot be resolved), so bin/coi-jvm cannot be "
              "started; is /proc mounted?\n",
              stderr);
        exit(1);
    }
    size_t home_length = strlen(home);
    /* the root folder as home would otherwise give "//bin/coi-jvm" */
    if (home_length == 1) {
        home_length = 0;
    }
    char *jvm = malloc(home_length + sizeof suffix);
    if (jvm == NULL) {
        fputs("coi: out of memory\n", stderr);
        exit(1);
    }
    memcpy(jvm, home, home_length);
    memcpy(jvm + home_length, suffix, sizeof suffix);
    execv(jvm, argv);
    fprintf(stderr, "coi: cannot run %s: %s; reinstall coi or check that file\n", jvm, strerror(errno));
    exit(1);
}

/* FNV-1a, 32 bits, over the bytes of H: one resident per installed copy, in a name of fixed length. */
static uint32_t fnv1a(const char *text) {
    uint32_t hash = 2166136261u;
    for (const unsigned char *byte = (const unsigned char *) text; *byte != '\0'; byte++) {
        hash ^= *byte;
        hash *= 16777619u;
    }
    return hash;
}

static const char *user_home(void) {
    const char *home = getenv("HOME");
    if (home != NULL && home[0] != '\0') {
        return home;
    }
    struct passwd *entry = getpwuid(getuid());
    return entry != NULL && entry->pw_dir != NULL && entry->pw_dir[0] != '\0' ? entry->pw_dir : NULL;
}

/* Says why the resident coi at path is not used: something there is not what this user's resident makes. */
static void distrust(const char *path, const char *reason) {
    fprintf(stderr,
            "coi: not using the resident coi: %s %s; it is trusted only in a folder of yours alone (mode 0700) and "
            "when it runs as you. If you did not make it so, another user may have, to read what coi sends: remove "
            "it. coi runs without the resident meanwhile.\n",
            path, reason);
}

/* $HOME/.coi/run, opened without following a symbolic link there, when it is this user's alone; else -1, with a
 * warning when it is there but not as the resident makes it. HOME and ~/.coi may be links, as for the resident. */
static int open_run_folder(const char *folder, uid_t user) {
    int fd = open(folder, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        return -1; /* no resident was started here */
    }
    struct stat status;
    char reason[128];
    if (fstat(fd, &status) != 0) {
        close(fd);
        return -1;
    }
    if (!S_ISDIR(status.st_mode)) {
        snprintf(reason, sizeof reason, "is not a folder (a symbolic link or a file)");
    } else if (status.st_uid != user) {
        snprintf(reason, sizeof reason, "belongs to uid %lu, not to you (uid %lu)", (unsigned long) status.st_uid,
                 (unsigned long) user);
    } else if ((status.st_mode & 07777) != 0700) {
        snprintf(reason, sizeof reason, "has mode %04o, not 0700", (unsigned int) (status.st_mode & 07777));
    } else {
        return fd;
    }
    distrust(folder, reason);
    close(fd);
    return -1;
}

static void time_out(int fd, int option, time_t seconds) {
    struct timeval limit = {.tv_sec = seconds, .tv_usec = 0};
    (void) setsockopt(fd, SOL_SOCKET, option, &limit, sizeof limit);
}

/* The connected socket of this user's resident of this install home, or -1 when there is none to trust. */
static int connect_resident(const char *install) {
    const char *home = user_home();
    if (home == NULL) {
        return -1;
    }
    char folder[4096];
    int length = snprintf(folder, sizeof folder, "%s/.coi/run", home);
    if (length < 0 || (size_t) length >= sizeof folder) {
        return -1;
    }
    uid_t user = geteuid(); /* what the resident's peer credentials show of it, and its files' owner */
    int run = open_run_folder(folder, user);
    if (run < 0) {
        return -1;
    }
    /* through the folder just checked, wherever its path leads by now */
    struct sockaddr_un address;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    snprintf(address.sun_path, sizeof address.sun_path, "/proc/self/fd/%d/resident-%08x.sock", run,
             (unsigned int) fnv1a(install));
    /* non-blocking: a resident whose backlog is full is not waited for */
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int connected = fd >= 0 && connect(fd, (struct sockaddr *) &address, sizeof address) == 0;
    close(run);
    if (!connected) {
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    struct ucred peer;
    socklen_t size = sizeof peer;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &size) != 0) {
        close(fd);
        return -1;
    }
    if (peer.uid != user) {
        char reason[96];
        snprintf(reason, sizeof reason, "runs as uid %lu, not as you (uid %lu)", (unsigned long) peer.uid,
                 (unsigned long) user);
        distrust(folder, reason);
        close(fd);
        return -1;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        close(fd);
        return -1;
    }
    time_out(fd, SO_SNDTIMEO, ANSWER_SECONDS);
    time_out(fd, SO_RCVTIMEO, ANSWER_SECONDS);
    return fd;
}

static char *working_directory(void) {
    size_t size = 256;
    for (;;) {
        char *path = malloc(size);
        if (path == NULL) {
            return NULL;
        }
        if (getcwd(path, size) != NULL) {
            return path;
        }
        free(path);
        if (errno != ERANGE || size > SIZE_MAX / 2) {
            return NULL;
        }
        size *= 2;
    }
}

/* Whether the environment entry NAME=value is one the request carries (SENT_PREFIXES, SENT_NAMES; every one for a
 * background session). */
static int is_sent(const char *entry, int background) {
    const char *equals = strchr(entry, '=');
    if (equals == NULL) {
        return 0;
    }
    if (background) {
        return 1;
    }
    size_t name_length = (size_t) (equals - entry);
    for (size_t index = 0; index < sizeof SENT_PREFIXES / sizeof SENT_PREFIXES[0]; index++) {
        size_t prefix_length = strlen(SENT_PREFIXES[index]);
        if (name_length > prefix_length && strncmp(entry, SENT_PREFIXES[index], prefix_length) == 0) {
            return 1;
        }
    }
    for (size_t index = 0; index < sizeof SENT_NAMES / sizeof SENT_NAMES[0]; index++) {
        if (strlen(SENT_NAMES[index]) == name_length && strncmp(entry, SENT_NAMES[index], name_length) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The request as the protocol above describes it; failed is set when it cannot be made. */
static struct buffer build_request(int argc, char **argv) {
    struct buffer request = {0};
    char *cwd = working_directory();
    if (cwd == NULL) {
        request.failed = 1;
        return request;
    }
    char terminals[4] = {isatty(0) ? 't' : '-', isatty(1) ? 't' : '-', isatty(2) ? 't' : '-', '\0'};
    buffer_string(&request, PROTOCOL_MAGIC);
    buffer_string(&request, COI_VERSION_LINE);
    buffer_string(&request, cwd);
    buffer_string(&request, terminals);
    buffer_count(&request, (size_t) (argc - 1));
    for (int index = 1; index < argc; index++) {
        buffer_string(&request, argv[index]);
    }
    int background = 0;
    for (int index = 1; index < argc; index++) {
        background |= strcmp(argv[index], BACKGROUND) == 0;
    }
    size_t envc = 0;
    for (char **entry = environ; *entry != NULL; entry++) {
        envc += is_sent(*entry, background);
    }
    buffer_count(&request, envc);
    for (char **entry = environ; *entry != NULL; entry++) {
        if (is_sent(*entry, background)) {
            buffer_string(&request, *entry);
        }
    }
    free(cwd);
    return request;
}

/* Copies a frame's payload to fd as it arrives, also the part that came before the resident ended. A failed write
 * is not fatal: coi in the JVM ignores it too (its System.out swallows errors), and the exit code still has to
 * come. Returns 0, or -1 if the socket ended. */
static int relay(int socket_fd, int fd, uint32_t length) {
    unsigned char chunk[65536];
    int writable = 1;
    while (length > 0) {
        size_t want = length < sizeof chunk ? length : sizeof chunk;
        ssize_t got = read_full(socket_fd, chunk, want);
        if (got > 0 && writable && write_all(fd, chunk, (size_t) got) != 0) {
            writable = 0;
        }
        if (got != (ssize_t) want) {
            return -1;
        }
        length -= (uint32_t) want;
    }
    return 0;
}

static void resident_ended(void) {
    fputs(RESIDENT_ENDED, stderr);
    exit(1);
}

/* Runs the command through the resident on socket_fd. Returns only when the resident did not take it: it refused,
 * it ended or did not answer in time before it accepted, or the go could not be sent. In each case it has not
 * started the command and will not. */
static void run_in_resident(int socket_fd, int argc, char **argv) {
    struct buffer request = build_request(argc, argv);
    int sent = !request.failed && send_all(socket_fd, request.bytes, request.length) == 0;
    free(request.bytes);
    if (!sent) {
        return;
    }
    unsigned char answer[5];
    if (read_full(socket_fd, answer, sizeof answer) != (ssize_t) sizeof answer || answer[0] != FRAME_ACCEPTED
        || read_u32(answer + 1) != 0) {
        return; /* 'F', or anything but 'A': without the go nothing runs */
    }
    static const unsigned char go = GO;
    if (send_all(socket_fd, &go, 1) != 0) {
        return;
    }
    time_out(socket_fd, SO_RCVTIMEO, 0);
    for (;;) {
        unsigned char header[5];
        if (read_full(socket_fd, header, sizeof header) != (ssize_t) sizeof header) {
            resident_ended();
        }
        uint32_t length = read_u32(header + 1);
        switch (header[0]) {
        case 'O':
            if (relay(socket_fd, STDOUT_FILENO, length) != 0) {
                resident_ended();
            }
            continue;
        case 'E':
            if (relay(socket_fd, STDERR_FILENO, length) != 0) {
                resident_ended();
            }
            continue;
        case 'X':
            if (length == 4) {
                unsigned char code[4];
                if (read_full(socket_fd, code, sizeof code) != (ssize_t) sizeof code) {
                    resident_ended();
                }
                exit((int) read_u32(code));
            }
            break;
        default:
            break;
        }
        fprintf(stderr,
                "coi: the resident coi sent what this coi does not understand (frame '%c', %lu bytes); run it "
                "again with COI_RESIDENT=off, and reinstall coi if that keeps happening\n",
                header[0] >= 0x20 && header[0] < 0x7f ? header[0] : '?', (unsigned long) length);
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc == 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0
                      || strcmp(argv[1], "-v") == 0)) {
        static const char line[] = COI_VERSION_LINE "\n";
        return write_all(STDOUT_FILENO, line, sizeof line - 1) == 0 ? 0 : 1;
    }
    char *install = install_home();
    const char *resident = getenv("COI_RESIDENT");
    if (install != NULL && (resident == NULL || strcmp(resident, "off") != 0)) {
        int socket_fd = connect_resident(install);
        if (socket_fd >= 0) {
            run_in_resident(socket_fd, argc, argv);
            close(socket_fd);
        }
    }
    exec_jvm(install, argv);
    return 1;
}
