/*
 * bin/coi: the client of the resident coi.
 *
 * A JVM costs more to start than the quick commands take, so this program answers --version itself, hands other
 * commands to the user's resident coi (a JVM kept running, `coi resident`) over a unix socket, and execs
 * bin/coi-jvm, the JVM launcher, whenever the resident is not there or does not serve the command. Whatever goes
 * wrong before the resident has started the command ends in coi-jvm, so this program never fails where coi itself
 * would work. COI_RESIDENT=off skips the resident.
 *
 * The socket: $HOME/.coi/run/resident-XXXXXXXX.sock, XXXXXXXX the FNV-1a hash of the install home (the folder
 * holding bin/). The protocol (u32 big-endian; a string is its u32 byte length and its UTF-8 bytes):
 *   request   "coi-resident 1", the version line, the working folder, "t"/"-" for each of fds 0-2,
 *             argc and the arguments after argv[0], envc and the environment's "NAME=value" strings
 *   response  frames of u8 type, u32 length, payload: 'O' stdout bytes, 'E' stderr bytes, 'X' the u32 exit
 *             code (the last frame), 'F' (empty, first and only) "run coi-jvm instead"
 *
 * Built by dist/src/build/package.sh: cc -std=c11 -DCOI_VERSION_LINE='"coi version ..."'.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#ifndef COI_VERSION_LINE
#error "COI_VERSION_LINE must be defined: what coi-jvm prints for --version"
#endif

#define PROTOCOL_MAGIC "coi-resident 1"
#define RESIDENT_ENDED \
    "coi: the resident coi ended before the command did; run it again (COI_RESIDENT=off runs coi without it)\n"

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

/* The connected socket of the resident of this install home, or -1 when there is none to talk to. */
static int connect_resident(const char *install) {
    const char *home = user_home();
    if (home == NULL) {
        return -1;
    }
    struct sockaddr_un address;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    int length = snprintf(address.sun_path, sizeof address.sun_path, "%s/.coi/run/resident-%08x.sock", home,
                          (unsigned int) fnv1a(install));
    if (length < 0 || (size_t) length >= sizeof address.sun_path) {
        return -1;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    if (connect(fd, (struct sockaddr *) &address, sizeof address) != 0) {
        close(fd);
        return -1;
    }
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

/* The request as resident-protocol describes it; failed is set when it cannot be made. */
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
    size_t envc = 0;
    for (char **entry = environ; *entry != NULL; entry++) {
        envc++;
    }
    buffer_count(&request, envc);
    for (char **entry = environ; *entry != NULL; entry++) {
        buffer_string(&request, *entry);
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

/* Runs the command through the resident on socket_fd. Returns only when the resident did not take it. */
static void run_in_resident(int socket_fd, int argc, char **argv) {
    struct buffer request = build_request(argc, argv);
    int sent = !request.failed && send_all(socket_fd, request.bytes, request.length) == 0;
    free(request.bytes);
    if (!sent) {
        return; /* nothing ran yet */
    }
    int frames = 0;
    for (;;) {
        unsigned char header[5];
        ssize_t got = read_full(socket_fd, header, sizeof header);
        if (got == 0 && frames == 0) {
            return; /* closed before answering: as if it had said 'F' */
        }
        if (got != (ssize_t) sizeof header) {
            resident_ended();
        }
        uint32_t length = read_u32(header + 1);
        switch (header[0]) {
        case 'F':
            if (frames == 0 && length == 0) {
                return;
            }
            break;
        case 'O':
            if (relay(socket_fd, STDOUT_FILENO, length) != 0) {
                resident_ended();
            }
            frames++;
            continue;
        case 'E':
            if (relay(socket_fd, STDERR_FILENO, length) != 0) {
                resident_ended();
            }
            frames++;
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
    if (argc == 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
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
