package dev.coi.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    private static final String ENDED = "coi: the resident coi ended before the command did; run it again"
            + " (COI_RESIDENT=off runs coi without it)\n";

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
        CompletableFuture<Request> received = serve(Request::read, out -> {
            frame(out, 'O', "out 1\n".getBytes(StandardCharsets.UTF_8));
            frame(out, 'E', "err\n".getBytes(StandardCharsets.UTF_8));
            frame(out, 'O', "out 2 \u00e9\n".getBytes(StandardCharsets.UTF_8));
            exitFrame(out, 3);
        });
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("HOME", home.toString());
        environment.put("PATH", "/usr/bin:/bin");
        environment.put("ODD", "a=b c\u00e9");
        environment.put("EMPTY", "");

        Run client = run(environment, workingFolder, install.resolve("bin/coi").toString(), "list", "",
                "two words", "--format=json", "\u00fcml\u00e4ut");

        assertEquals(new Run(3, "out 1\nout 2 \u00e9\n", "err\n"), client);
        Request request = received.get(10, TimeUnit.SECONDS);
        assertEquals("coi-resident 1", request.magic());
        assertEquals(VERSION_LINE, request.versionLine());
        assertEquals(workingFolder.toRealPath().toString(), request.workingFolder());
        assertEquals("---", request.terminals(), "no fd is a terminal here");
        assertEquals(List.of("list", "", "two words", "--format=json", "\u00fcml\u00e4ut"), request.arguments());
        Set<String> sent = new HashSet<>();
        environment.forEach((name, value) -> sent.add(name + "=" + value));
        assertEquals(sent, new HashSet<>(request.environment()), "the whole environment");
        assertEquals(sent.size(), request.environment().size(), "each entry once");
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
        CompletableFuture<Request> received = serve(Request::read, out -> {
            frame(out, 'O', output);
            exitFrame(out, 0);
        });

        Run client = run(Map.of("HOME", home.toString(), "BIG", big), workingFolder, command.toArray(String[]::new));

        assertEquals(0, client.exitCode(), client::brief);
        assertEquals(new String(output, StandardCharsets.US_ASCII), client.out());
        Request request = received.get(10, TimeUnit.SECONDS);
        assertEquals(command.subList(1, command.size()), request.arguments());
        assertTrue(request.environment().contains("BIG=" + big), "the big variable");
    }

    @Test
    void fallbackExecsCoiJvmWithTheSameArguments() throws Exception {
        CompletableFuture<Request> received = serve(Request::read, out -> frame(out, 'F', new byte[0]));

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

    @Test
    void aResidentThatClosesBeforeAnsweringIsLikeAFallback() throws Exception {
        serve(Request::read, out -> { });

        Run client = run(Map.of("HOME", home.toString()), workingFolder, install.resolve("bin/coi").toString(),
                "list");

        assertEquals(new Run(7, "coi-jvm ran with 1 arguments:\n[list]\nCOI_RESIDENT=unset\n", ""), client);
    }

    @Test
    void aResidentThatEndsMidwayIsAnErrorAndNoSecondRun() throws Exception {
        serve(Request::read, out -> {
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
        serve(Request::read, out -> frame(out, 'E', "warning\n".getBytes(StandardCharsets.UTF_8)));

        Run client = run(Map.of("HOME", home.toString()), workingFolder, install.resolve("bin/coi").toString(),
                "list");

        assertEquals(new Run(1, "", "warning\n" + ENDED), client);
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

        assertEquals(new Run(0, VERSION_LINE + "\n", ""), longOption);
        assertEquals(new Run(0, VERSION_LINE + "\n", ""), shortOption);
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

    /** A resident's socket that takes connections into its backlog, where nothing accepts them. */
    private ServerSocketChannel listen() throws IOException {
        Path socket = socketPath();
        Files.createDirectories(socket.getParent());
        resident = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        resident.bind(UnixDomainSocketAddress.of(socket));
        return resident;
    }

    /** A stand-in resident for one connection: reads the request, then writes what {@code answer} writes. */
    private CompletableFuture<Request> serve(RequestReader reader, Answer answer) throws IOException {
        ServerSocketChannel server = listen();
        return CompletableFuture.supplyAsync(() -> {
            try (SocketChannel connection = server.accept();
                    DataInputStream in = new DataInputStream(Channels.newInputStream(connection));
                    DataOutputStream out = new DataOutputStream(Channels.newOutputStream(connection))) {
                Request request = reader.read(in);
                answer.write(out);
                out.flush();
                return request;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
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

    private interface RequestReader {
        Request read(DataInputStream in) throws IOException;
    }

    private interface Answer {
        void write(DataOutputStream out) throws IOException;
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
