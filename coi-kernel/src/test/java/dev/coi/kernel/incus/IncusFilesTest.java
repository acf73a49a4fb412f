package dev.coi.kernel.incus;

import static dev.coi.kernel.incus.CannedRoutes.error;
import static dev.coi.kernel.incus.CannedRoutes.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncusFilesTest {

    private static final String FILES = "GET /1.0/instances/c1/files?path=";

    @TempDir
    Path dir;

    private final CannedRoutes routes = new CannedRoutes();
    private FakeIncus fake;
    private IncusClient client;
    private Path host;

    @BeforeEach
    void start() throws IOException {
        Path socket = dir.resolve("unix.socket");
        fake = new FakeIncus(socket, routes);
        client = new IncusClient(SocketLocation.of(socket), Duration.ofSeconds(5), Duration.ofSeconds(5));
        host = Files.createDirectory(dir.resolve("host"));
    }

    @AfterEach
    void stop() throws IOException {
        fake.close();
    }

    private static FakeIncus.Reply file(String content, String mode) {
        return FakeIncus.Reply.of(200, "application/octet-stream", content.getBytes(StandardCharsets.UTF_8),
                "X-Incus-Type: file", "X-Incus-Uid: 1000", "X-Incus-Gid: 1000", "X-Incus-Mode: " + mode);
    }

    private static FakeIncus.Reply directory(String mode, String... entries) {
        String list = Stream.of(entries).map(name -> "\"" + name + "\"").reduce((a, b) -> a + "," + b).orElse("");
        return FakeIncus.Reply.of(200, "application/json", ("{\"type\":\"sync\",\"status_code\":200,\"metadata\":["
                + list + "]}").getBytes(StandardCharsets.UTF_8), "X-Incus-Type: directory", "X-Incus-Uid: 0",
                "X-Incus-Gid: 0", "X-Incus-Mode: " + mode);
    }

    private static FakeIncus.Reply symlink(String target) {
        return FakeIncus.Reply.of(200, "application/octet-stream", target.getBytes(StandardCharsets.UTF_8),
                "X-Incus-Type: symlink", "X-Incus-Uid: 0", "X-Incus-Gid: 0", "X-Incus-Mode: 0777");
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> entries = Files.list(host)) {
            return entries.map(path -> path.getFileName().toString()).filter(name -> name.startsWith(".coi-pull-"))
                    .toList();
        }
    }

    @Test
    void tellsWhatIsThereFromTheHeadersWithoutWaitingForAFilesBody() {
        // 200 MB announced, a few bytes sent: reading the body would wait for the rest, and hold it all
        routes.on(FILES + "/big", FakeIncus.Reply.raw("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                + "X-Incus-Type: file\r\nX-Incus-Mode: 0644\r\nContent-Length: 209715200\r\n\r\nthe start"));

        assertEquals("file", assertTimeoutPreemptively(Duration.ofSeconds(3), () -> client.files().type("c1", "/big")));
        assertThrows(IncusException.class, () -> client.files().read("c1", "/big"));
    }

    @Test
    void pullsAFileOverAnExistingOneWithItsMode() throws IOException {
        routes.on(FILES + "/etc/conf", file("new", "0640"));
        Path destination = Files.writeString(host.resolve("conf"), "old");

        client.files().pull("c1", "/etc/conf", destination);

        assertEquals("new", Files.readString(destination));
        assertEquals(0640, mode(destination));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aFailedPullLeavesTheOldFileAndNoStagingBehind() throws IOException {
        routes.on(FILES + "/missing", error(404, "Not Found"));
        Path destination = Files.writeString(host.resolve("conf"), "old");

        assertThrows(IncusNotFoundException.class, () -> client.files().pull("c1", "/missing", destination));

        assertEquals("old", Files.readString(destination));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aPullThatBreaksOffHalfwayLeavesTheOldTreeUntouched() throws IOException {
        routes.on(FILES + "/src", directory("0755", "a", "b"))
                .on(FILES + "/src/a", file("A", "0644"))
                .on(FILES + "/src/b", FakeIncus.Reply.raw("HTTP/1.1 200 OK\r\nX-Incus-Type: file\r\n"
                        + "Content-Length: 100\r\n\r\ntoo short").thenClose());
        Path destination = Files.createDirectory(host.resolve("tree"));
        Files.writeString(destination.resolve("keep"), "mine");

        assertThrows(RuntimeException.class, () -> client.files().pull("c1", "/src", destination));

        assertEquals("mine", Files.readString(destination.resolve("keep")));
        assertFalse(Files.exists(destination.resolve("a")));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void pullsATreeInPlaceOfAnExistingDirectory() throws IOException {
        routes.on(FILES + "/src/", directory("0750", "bin", "link", "outside", "readonly"))
                .on(FILES + "/src/bin", file("#!/bin/sh\n", "4755"))
                .on(FILES + "/src/link", symlink("/src/readonly/inner"))
                .on(FILES + "/src/outside", symlink("/nowhere/outside"))
                .on(FILES + "/src/readonly", directory("0555", "inner"))
                .on(FILES + "/src/readonly/inner", file("deep", "0400"));
        Path destination = Files.createDirectory(host.resolve("tree"));
        Files.writeString(destination.resolve("stale"), "old");

        client.files().pull("c1", "/src/", destination);

        assertFalse(Files.exists(destination.resolve("stale")), "a pulled tree replaces, it does not merge");
        assertEquals("#!/bin/sh\n", Files.readString(destination.resolve("bin")));
        assertEquals(04755, mode(destination.resolve("bin")));
        assertEquals(Path.of("readonly/inner"), Files.readSymbolicLink(destination.resolve("link")));
        assertEquals(Path.of("/nowhere/outside"), Files.readSymbolicLink(destination.resolve("outside")));
        assertEquals("deep", Files.readString(destination.resolve("readonly/inner")));
        assertEquals(0555, mode(destination.resolve("readonly")));
        assertEquals(0750, mode(destination));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void refusesEntryNamesThatLeaveTheTree() throws IOException {
        routes.on(FILES + "/src", directory("0755", ".."));

        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> client.files().pull("c1", "/src", host.resolve("tree")));

        assertTrue(failure.getMessage().contains("bad entry name"), failure.getMessage());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void pushesATreeWithTheSourceModesAndTheGivenOwner() throws IOException {
        routes.on("POST /1.0/instances/c1/files?path=/dst", sync("{}"))
                .on("POST /1.0/instances/c1/files?path=/dst/run.sh", sync("{}"))
                .on("POST /1.0/instances/c1/files?path=/dst/sub", sync("{}"))
                .on("POST /1.0/instances/c1/files?path=/dst/sub/link", sync("{}"));
        Path source = Files.createDirectory(dir.resolve("source"));
        Files.setAttribute(source, "unix:mode", 0750);
        Files.writeString(source.resolve("run.sh"), "echo hi\n");
        Files.setAttribute(source.resolve("run.sh"), "unix:mode", 0755);
        Files.createDirectory(source.resolve("sub"));
        Files.createSymbolicLink(source.resolve("sub/link"), Path.of("../run.sh"));

        client.files().push("c1", source, "/dst", 1000, 1001);

        List<FakeIncus.Request> sent = fake.requests();
        assertEquals(4, sent.size());
        FakeIncus.Request root = sent.get(0);
        assertEquals("/1.0/instances/c1/files?path=/dst", root.target());
        assertEquals("directory", root.headers().get("X-Incus-Type"));
        assertEquals("0750", root.headers().get("X-Incus-Mode"));
        FakeIncus.Request script = sent.stream().filter(r -> r.target().endsWith("run.sh")).findFirst().orElseThrow();
        assertEquals("file", script.headers().get("X-Incus-Type"));
        assertEquals("0755", script.headers().get("X-Incus-Mode"));
        assertEquals("1000", script.headers().get("X-Incus-Uid"));
        assertEquals("1001", script.headers().get("X-Incus-Gid"));
        assertEquals("overwrite", script.headers().get("X-Incus-Write"));
        assertEquals("echo hi\n", script.bodyText());
        FakeIncus.Request link = sent.stream().filter(r -> r.target().endsWith("link")).findFirst().orElseThrow();
        assertEquals("symlink", link.headers().get("X-Incus-Type"));
        assertEquals("../run.sh", link.bodyText());
    }
}
