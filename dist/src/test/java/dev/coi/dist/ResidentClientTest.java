package dev.coi.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/coi, the C client, against a stand-in resident that answers as a test tells it: the request it sends, the
 * frames it acts on, and when it hands the command to bin/coi-jvm (here a script that prints its arguments). The
 * client is compiled from src/main/c with a version line of the test's own; the real resident is tested with the
 * built distribution.
 */
class ResidentClientTest {

    private static final Path SOURCE = Path.of("src/main/c/coi-client.c").toAbsolutePath();
    private static final String VERSION_LINE = "coi version 9.9.9-test (commit 0123abc)";
    private static final String ENDED = "coi: the resident coi ended before the command did; it may have run in"
            + " part, and coi does not run it again (COI_RESIDENT=off runs coi without the resident)\n";
    /** A uid no one on a test machine uses. */
    private static final int OTHER_UID = 64123;

    /** The install home H: bin/coi (the client) and bin/coi-jvm (a script saying how it was run). */
    @TempDir
    static Path install;

    @TempDir
    Path home;

    @TempDir
    Path workingFolder;

    private ServerSocketChannel resident;

    @BeforeAll
    static void compileTheClient() throws Exception {
        Path bin = Files.createDirectories(install.resolve("bin"));
        Run cc = run(Map.of("PATH", System.getenv("PATH")), install, "cc", "-std=c11", "-Wall", "-Wextra", "-Werror",
                "-O2", "-DCOI_VERSION_LINE=\"" + VERSION_LINE + "\"", "-o", bin.resolve("coi").toString(),
                SOURCE.toString());
        assertEquals(0, cc.exitCode(), () -> "the client compiles (needs gcc and libc6-dev): " + cc);
        Path jvm = Files.writeString(bin.resolve("coi-jvm"), """
                #!/bin/sh
                echo "coi-jvm ran with $# arguments:"
                printf '[%s]\\n' "$@"
                echo "COI_RESIDENT=${COI_RESIDENT-unset}"
                exit 7
                """);
        Files.setPosixFilePermissions(jvm, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void closeTheResident() throws IOException {
        if (resident != null) {
            resident.close();
        }
    }

    @Test
    void sendsTheRequestAndActsOnTheFrames() throws Exception {
        CompletableFuture<Request> received = serve(Request::read, (in, out) -> {
            accept(in, out);
            frame(out, 'O', "out 1\n".getBytes(StandardCharsets.UTF_8));
            frame(out, 'E', "err\n".getBytes(StandardCharsets.UTF_8));
            frame(out, 'O', "out 2 \u00e9\n".getBytes(StandardCharsets.UTF_8));
            exitFrame(out, 3);
        });
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("HOME", home.toString());
        environment.put("PATH", "/usr/bin:/bin");
        environment.put("COI_ODD", "a=b c\u00e9");
        environment.put("COI_EMPTY", "");

        Run client = run(environment, workingFolder, install.resolve("bin/coi").toString(), "list", "",
                "two words", "--format=json", "\u00fcml\u00e4ut");

        assertEquals(new Run(3, "out 1\nout 2 \u00e9\n", "err\n"), client);
        Request request = received.get(10, TimeUnit.SECONDS);
        assertEquals("coi-resident 2", request.magic());
        assertEquals(VERSION_LINE, request.versionLine());
        assertEquals(workingFolder.toRealPath().toString(), request.workingFolder());
        assertEquals("---", request.terminals(), "no fd is a terminal here");
        assertEquals(List.of("list", "", "two words", "--format=json", "\u00fcml\u00e4ut"), request.arguments());
        Set<String> sent = new HashSet<>();
        environment.forEach((name, value) -> sent.add(name + "=" + value));
        assertEquals(sent, new HashSet<>(request.environment()), "variables coi reads, whatever their value");
        assertEquals(sent.size(), request.environment().size(), "each entry once");
    }

    @Test
    void sendsOnlyTheVariablesCoiReads() throws Exception {
        CompletableFuture<Request> received = serve(Request::read, (in, out) -> {
            accept(in, out);
            exitFrame(out, 0);
        });
        Map<String, String> read = new LinkedHashMap<>();
        read.put("HOME", home.toString());
        read.put("PATH", "/usr/bin:/bin");
        read.put("TERM", "xterm");
        read.put("NO_COLOR", "1");
        read.put("USER", "someone");
        read.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        read.put("COI_CONTAINER_PREFIX", "p-");
        read.put("COI_CONFIG", "extra.toml");
        read.put("COI_LIMIT_MEMORY", "2GiB");
        read.put("CLAUDE_ON_INCUS_IMAGE", "coi");
        read.put("INCUS_SOCKET", "/run/incus.socket");
        read.put("INCUS_DIR", "/var/lib/incus");
        Map<String, String> environment = new LinkedHashMap<>(read);
        environment.put("AWS_SECRET_ACCESS_KEY", "secret-1");
        environment.put("ANTHROPIC_API_KEY", "secret-2");
        environment.put("SSH_AUTH_SOCK", "/run/agent");
        environment.put("XDG_RUNTIME_DIR", "/run/user/1");
        environment.put("LANG", "C.UTF-8");
        environment.put("COIN", "not coi's");
        environment.put("HOMEPAGE", "not HOME");

        Run client = run(environment, workingFolder, install.resolve("bin/coi").toString(), "list");

        Set<String> expected = new HashSet<>();
        read.forEach((name, value) -> expected.add(name + "=" + value));
        List<String> sent = received.get(10, TimeUnit.SECONDS).environment();
        assertFalse(sent.stream().anyMatch(entry -> entry.contains("secret")), () -> "no secret sent: " + sent);
        assertEquals(expected, new HashSet<>(sent));
        assertEquals(new Run(0, "", ""), client);
    }

    @Test
    void aBackgroundSessionGetsEveryVariableAsTheToolsEnvMayNameAny() throws Exception {
        CompletableFuture<Request> received = serve(Request::read, (in, out) -> {
            accept(in, out);
            exitFrame(out, 0);
        });
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("HOME", home.toString());
        environment.put("PATH", "/usr/bin:/bin");
        environment.put("ANTHROPIC_API_KEY", "for-the-tool");
        environment.put("LANG", "C.UTF-8");

        Run client = run(environment, workingFolder, install.resolve("bin/coi").toString(), "shell", "--background");

        Set<String> expected = new HashSet<>();
        environment.forEach((name, value) -> expected.add(name + "=" + value));
        assertEquals(expected, new HashSet<>(received.get(10, TimeUnit.SECONDS).environment()));
        assertEquals(new Run(0, "", ""), client);
    }

    @Test
    void argumentsAndOutputOfAnySizeGoThrough() throws Exception {
        // one argument or variable may have 128 KiB at most (Linux' MAX_ARG_STRLEN), all of them together more
        String big = "x".repeat(100_000);
        List<String> command = new ArrayList<>(List.of(install.resolve("bin/coi").toString(), "container", "exec"));
        for (int i = 0; i < 2_000; i++) {
            command.add("argument " + i + " " + big.substring(0, 100));
        }
        command.add(big);
        byte[] output = new byte[3_000_000];
        for (int i = 0; i < output.length; i++) {
            output[i] = (byte) ('a' + i % 26);
        }
        CompletableFuture<Request> received = serve(Request::read, (in, out) -> {
            accept(in, out);
            frame(out, 'O', output);
            exitFrame(out, 0);
        });

        Run client = run(Map.of("HOME", home.toString(), "COI_BIG", big), workingFolder, command.toArray(String[]::new));

        assertEquals(0, client.exitCode(), client::brief);
        assertEquals(new String(output, StandardCharsets.US_ASCII), client.out());
        Request request = received.get(10, TimeUnit.SECONDS);
        assertEquals(command.subList(1, command.size()), request.arguments());
        assertTrue(request.environment().contains("COI_BIG=" + big), "the big variable");
    }

    @Test
    void fallbackExecsCoiJvmWithTheSameArguments() throws Exception {
        CompletableFuture<Request> received = serve(Request::read, (in, out) -> frame(out, 'F', new byte[0]));

        Run client = run(Map.of("HOME", home.toString()), workingFolder, install.resolve("bin/coi").toString(),
                "shell", "--slot", "2", "two words");

        assertEquals(new Run(7, """
                coi-jvm ran with 4 arguments:
                [shell]
                [--slot]
                [2]
                [two words]
                COI_RESIDENT=unset
                """, ""), client);
        assertEquals(List.of("shell", "--slot", "2", "two words"), received.get(10, TimeUnit.SECONDS).arguments());
    }

    /** As a resident of the older protocol does: it runs nothing before the client's go. */
    @Test
    void aResidentThatClosesBeforeAcceptingIsLikeAFallback() throws Exception {
        serve(Request::read, (in, out) -> { });

        Run client = run(Map.of("HOME", home.toString()), workingFolder, install.resolve("bin/coi").toString(),
                "list");

        assertEquals(new Run(7, "coi-jvm ran with 1 arguments:\n[list]\nCOI_RESIDENT=unset\n", ""), client);
    }

    @Test
    void aResidentThatEndsMidwayIsAnErrorAndNoSecondRun() throws Exception {
        serve(Request::read, (in, out) -> {
            accept(in, out);
            frame(out, 'O', "partial\n".getBytes(StandardCharsets.UTF_8));
            out.write('O');
            out.writeInt(100);
            out.write("only this".getBytes(StandardCharsets.UTF_8));
        });

        Run client = run(Map.of("HOME", home.toString()), workingFolder, install.resolve("bin/coi").toString(),
                "list");

        assertEquals(new Run(1, "partial\nonly this", ENDED), client);
    }

    @Test
    void aResidentThatEndsBeforeTheExitCodeIsAnError() throws Exception {
        serve(Request::read, (in, out) -> {
            accept(in, out);
            frame(out, 'E', "warning\n".getBytes(StandardCharsets.UTF_8));
        });

        Run client = run(Map.of("HOME", home.toString()), workingFolder, install.resolve("bin/coi").toString(),
                "list");

        assertEquals(new Run(1, "", "warning\n" + ENDED), client);
    }

    /**
     * A resident that ends after it took the command (a {@code container exec} it ran, or half ran, with no output
     * yet) must not make the client run it a second time in coi-jvm.
     */
    @Test
    void aCommandTheResidentAcceptedIsNeverRunAgain() throws Exception {
        serve(Request::read, (in, out) -> accept(in, out));

        Run client = run(Map.of("HOME", home.toString()), workingFolder, install.resolve("bin/coi").toString(),
                "container", "exec", "c", "--capture", "--", "touch", "/once");

        assertEquals(new Run(1, "", ENDED), client);
    }

    /**
     * A resident that does not answer within the client's time-out never gets the go, so the command runs once, in
     * coi-jvm.
     */
    @Test
    void aResidentThatDoesNotAnswerIsLeftAfterTheTimeOutAndNeverStartsTheCommand() throws Exception {
        CompletableFuture<Integer> afterRequest = serve(in -> {
            Request.read(in);
            return in.read();
        }, (in, out) -> { }, Duration.ofSeconds(20));

        long start = System.nanoTime();
        Run client = run(Map.of("HOME", home.toString()), workingFolder, install.resolve("bin/coi").toString(),
                "list");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(new Run(7, "coi-jvm ran with 1 arguments:\n[list]\nCOI_RESIDENT=unset\n", ""), client);
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, () -> "the client waited " + took);
        assertEquals(-1, afterRequest.get(30, TimeUnit.SECONDS), "the client went away without its go");
    }

    @Test
    void aSocketFolderOthersMayEnterIsNotTrusted() throws Exception {
        listen();
        Files.setPosixFilePermissions(socketPath().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));

        Run client = run(Map.of("HOME", home.toString(), "COI_CONTAINER_PREFIX", "p-"), workingFolder,
                install.resolve("bin/coi").toString(), "list");

        assertFallbackWithWarning(client, "mode 0755");
        assertNoConnection();
    }

    @Test
    void aSocketFolderThatIsASymbolicLinkIsNotTrusted(@TempDir Path elsewhere) throws Exception {
        Path run = socketPath().getParent();
        Files.createDirectories(run.getParent());
        Path target = Files.createDirectory(elsewhere.resolve("run"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(run, target);
        listen();

        Run client = run(Map.of("HOME", home.toString()), workingFolder, install.resolve("bin/coi").toString(),
                "list");

        assertFallbackWithWarning(client, "is not a folder");
        assertNoConnection();
    }

    /** With {@code HOME=/tmp}, another user can make {@code /tmp/.coi/run} and listen in it. */
    @Test
    void aSocketFolderOfAnotherUserIsNotTrusted() throws Exception {
        assumeTrue(isRoot(), "only root can give a folder to another user");
        listen();
        Files.setAttribute(socketPath().getParent(), "unix:uid", OTHER_UID);

        Run client = run(Map.of("HOME", home.toString(), "COI_CONTAINER_PREFIX", "p-"), workingFolder,
                install.resolve("bin/coi").toString(), "list");

        assertFallbackWithWarning(client, "belongs to uid " + OTHER_UID);
        assertNoConnection();
    }

    /** Whatever the folder looks like, the client hands its request only to a resident of its own uid. */
    @Test
    void aResidentOfAnotherUidGetsNothing(@TempDir Path helper) throws Exception {
        assumeTrue(isRoot(), "only root can listen as another user");
        Path listener = compileListenerOfAnotherUid(helper);
        Path socket = socketPath();
        Files.createDirectories(socket.getParent(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path received = helper.resolve("received");
        Process other = new ProcessBuilder(listener.toString(), Integer.toString(OTHER_UID), socket.toString())
                .redirectOutput(received.toFile()).redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Files.readString(received).contains("listening") && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            assertEquals("listening\n", Files.readString(received), "the other uid's listener is ready");

            Run client = run(Map.of("HOME", home.toString(), "COI_CONTAINER_PREFIX", "p-"), workingFolder,
                    install.resolve("bin/coi").toString(), "list");

            assertEquals("listening\n", Files.readString(received), "the other uid received nothing");
            assertFallbackWithWarning(client, "runs as uid " + OTHER_UID);
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void noResidentRunsCoiJvm() throws Exception {
        Run client = run(Map.of("HOME", home.toString()), workingFolder, install.resolve("bin/coi").toString(),
                "list", "--all");

        assertEquals(new Run(7, "coi-jvm ran with 2 arguments:\n[list]\n[--all]\nCOI_RESIDENT=unset\n", ""), client);
    }

    @Test
    void residentOffNeverConnects() throws Exception {
        listen();

        Run client = run(Map.of("HOME", home.toString(), "COI_RESIDENT", "off"), workingFolder,
                install.resolve("bin/coi").toString(), "list");

        assertEquals(new Run(7, "coi-jvm ran with 1 arguments:\n[list]\nCOI_RESIDENT=off\n", ""), client);
        assertNoConnection();
    }

    @Test
    void versionIsAnsweredWithoutTheResident() throws Exception {
        listen();

        Run longOption = run(Map.of("HOME", home.toString()), workingFolder, install.resolve("bin/coi").toString(),
                "--version");
        Run shortOption = run(Map.of("HOME", home.toString()), workingFolder, install.resolve("bin/coi").toString(),
                "-V");
        Run referenceShortOption = run(Map.of("HOME", home.toString()), workingFolder,
                install.resolve("bin/coi").toString(), "-v");

        assertEquals(new Run(0, VERSION_LINE + "\n", ""), longOption);
        assertEquals(new Run(0, VERSION_LINE + "\n", ""), shortOption);
        assertEquals(new Run(0, VERSION_LINE + "\n", ""), referenceShortOption);
        assertNoConnection();
    }

    @Test
    void aMissingCoiJvmIsNamed(@TempDir Path elsewhere) throws Exception {
        Path client = Files.copy(install.resolve("bin/coi"), Files.createDirectories(elsewhere.resolve("bin"))
                .resolve("coi"));

        Run run = run(Map.of("HOME", home.toString()), workingFolder, client.toString(), "list");

        assertEquals(1, run.exitCode(), run::brief);
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("coi: cannot run " + elsewhere.toRealPath().resolve("bin/coi-jvm") + ": "),
                run::brief);
    }

    /** The socket of H's resident in this test's home, as the client and the resident compute it. */
    private Path socketPath() throws IOException {
        int hash = 0x811c9dc5;
        for (byte b : install.toRealPath().toString().getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 16777619;
        }
        return home.resolve(".coi/run/resident-%08x.sock".formatted(hash));
    }

    /**
     * A resident's socket, in a folder only this user may enter (as the resident makes it), that takes connections
     * into its backlog, where nothing accepts them.
     */
    private ServerSocketChannel listen() throws IOException {
        Path socket = socketPath();
        Files.createDirectories(socket.getParent().getParent());
        if (!Files.exists(socket.getParent())) {
            Files.createDirectory(socket.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        resident = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        resident.bind(UnixDomainSocketAddress.of(socket));
        return resident;
    }

    /** A stand-in resident for one connection: reads the request, then writes what {@code answer} writes. */
    private CompletableFuture<Request> serve(RequestReader<Request> reader, Answer answer) throws IOException {
        return serve(reader, answer, Duration.ofMinutes(2));
    }

    /**
     * The same, closing the connection after {@code lifetime} if the client has not by then. The future has what
     * {@code reader} read as soon as it read it; a failing answer shows in what the client does.
     */
    private <T> CompletableFuture<T> serve(RequestReader<T> reader, Answer answer, Duration lifetime)
            throws IOException {
        ServerSocketChannel server = listen();
        CompletableFuture<T> received = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (SocketChannel connection = server.accept();
                    DataInputStream in = new DataInputStream(Channels.newInputStream(connection));
                    DataOutputStream out = new DataOutputStream(Channels.newOutputStream(connection))) {
                CompletableFuture.delayedExecutor(lifetime.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                    try {
                        connection.close();
                    } catch (IOException e) {
                        // closed already
                    }
                });
                received.complete(reader.read(in));
                answer.write(in, out);
                out.flush();
            } catch (IOException | RuntimeException | AssertionError e) {
                received.completeExceptionally(e);
            }
        });
        return received;
    }

    /** Takes the command as the resident does: "accepted", then the client's go before it runs anything. */
    private static void accept(DataInputStream in, DataOutputStream out) throws IOException {
        frame(out, 'A', new byte[0]);
        out.flush();
        if (in.read() != 'G') {
            throw new IOException("the client did not send its go");
        }
    }

    private static void assertFallbackWithWarning(Run client, String reason) {
        assertEquals(7, client.exitCode(), client::brief);
        assertEquals("coi-jvm ran with 1 arguments:\n[list]\nCOI_RESIDENT=unset\n", client.out(), client::brief);
        assertTrue(client.err().startsWith("coi: not using the resident coi: "), client::brief);
        assertTrue(client.err().contains(reason), client::brief);
    }

    private static boolean isRoot() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    }

    /**
     * A program that binds the socket as root, listens as {@code OTHER_UID} (the peer credentials a client sees are
     * those of whoever listened) and prints "listening", then what one connection sends.
     */
    private static Path compileListenerOfAnotherUid(Path folder) throws Exception {
        Path source = Files.writeString(folder.resolve("listener.c"), """
                #define _DEFAULT_SOURCE
                #include <grp.h>
                #include <stdio.h>
                #include <stdlib.h>
                #include <string.h>
                #include <sys/socket.h>
                #include <sys/un.h>
                #include <unistd.h>

                int main(int argc, char **argv) {
                    uid_t uid = (uid_t) atoi(argv[1]);
                    struct sockaddr_un address = {.sun_family = AF_UNIX};
                    strncpy(address.sun_path, argv[2], sizeof address.sun_path - 1);
                    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
                    if (argc != 3 || fd < 0 || bind(fd, (struct sockaddr *) &address, sizeof address) != 0
                        || setgroups(0, NULL) != 0 || setgid(uid) != 0 || setuid(uid) != 0 || listen(fd, 4) != 0) {
                        perror("listener");
                        return 2;
                    }
                    puts("listening");
                    fflush(stdout);
                    int connection = accept(fd, NULL, NULL);
                    char bytes[65536];
                    ssize_t got = read(connection, bytes, sizeof bytes);
                    if (got > 0) {
                        fwrite(bytes, 1, (size_t) got, stdout);
                    }
                    return 0;
                }
                """);
        Path program = folder.resolve("listener");
        Run cc = run(Map.of("PATH", System.getenv("PATH")), folder, "cc", "-std=c11", "-Wall", "-Werror", "-o",
                program.toString(), source.toString());
        assertEquals(0, cc.exitCode(), cc::brief);
        return program;
    }

    /** Only for {@link #listen()}: a connection the client made waits in the backlog. */
    private void assertNoConnection() throws IOException {
        resident.configureBlocking(false);
        assertNull(resident.accept(), "the client did not connect to the resident");
    }

    private static void frame(DataOutputStream out, char type, byte[] payload) throws IOException {
        out.write(type);
        out.writeInt(payload.length);
        out.write(payload);
    }

    private static void exitFrame(DataOutputStream out, int code) throws IOException {
        out.write('X');
        out.writeInt(4);
        out.writeInt(code);
    }

    private interface RequestReader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private interface Answer {
        void write(DataInputStream in, DataOutputStream out) throws IOException;
    }

    private record Request(String magic, String versionLine, String workingFolder, String terminals,
            List<String> arguments, List<String> environment) {

        static Request read(DataInputStream in) throws IOException {
            return new Request(string(in), string(in), string(in), string(in), strings(in), strings(in));
        }

        private static String string(DataInputStream in) throws IOException {
            int length = in.readInt();
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        private static List<String> strings(DataInputStream in) throws IOException {
            int count = in.readInt();
            List<String> strings = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                strings.add(string(in));
            }
            return strings;
        }
    }

    /** The command with only {@code environment}, in {@code directory}. */
    private static Run run(Map<String, String> environment, Path directory, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        CommandRun ran = CommandRun.run(builder);
        return new Run(ran.exitCode(), ran.out(), ran.err());
    }

    private record Run(int exitCode, String out, String err) {
        String brief() {
            return "exit " + exitCode + "\n--- stdout\n" + (out.length() > 2000 ? out.substring(0, 2000) + "..." : out)
                    + "--- stderr\n" + err;
        }
    }
}
