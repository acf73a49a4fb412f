package dev.coi.kernel.incus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.api.FileOwnership;
import dev.coi.kernel.incus.http.HttpRequest;
import dev.coi.kernel.incus.http.HttpResponse;
import dev.coi.kernel.incus.http.UnixSocketHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The client against the real Incus daemon of this machine, with containers from the {@link TestImage}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncusClientIT {

    private static final ExecOptions ROOT = ExecOptions.asRoot();

    private IncusClient client;
    private TestInstances instances;
    /** One running container shared by the exec and file tests, which do not change its state. */
    private String shared;

    @TempDir
    Path dir;

    @BeforeAll
    void launchSharedContainer() {
        client = IncusClient.local(null);
        instances = new TestInstances(client);
        shared = instances.launch();
    }

    @AfterAll
    void deleteContainers() {
        instances.close();
    }

    private CommandResult sh(String script) {
        return client.exec(shared, List.of("sh", "-c", script), ROOT);
    }

    @Test
    void readsTheServerInformation() {
        ServerInfo info = client.server();

        assertEquals("1.0", info.apiVersion());
        assertEquals("trusted", info.auth());
        assertFalse(info.environment().serverVersion().isBlank());
        assertTrue(info.hasExtension("instance_create_start"));
        assertTrue(info.environment().kernelFeatures().containsKey("idmapped_mounts"));
    }

    @Test
    void createsAndStartsInOneRequestThenStopsRestartsAndDeletes() {
        String name = instances.newName();

        client.create(InstanceSpec.fromAlias(name, TestImage.alias(client)).withStart(true)
                .withConfig(Map.of("user.coi.test", "yes")));

        Instance running = client.instanceWithState(name).orElseThrow();
        assertTrue(running.isRunning());
        assertTrue(running.state().pid() > 0);
        assertEquals("yes", running.config().get("user.coi.test"));
        assertTrue(client.instances().stream().anyMatch(each -> each.name().equals(name) && each.isRunning()));
        assertTrue(client.instanceState(name).orElseThrow().pid() > 0);
        assertTrue(client.instanceState(name + "-none").isEmpty());

        client.update(name, Map.of("user.coi.more", "1"), Map.of());
        assertEquals("1", client.instance(name).orElseThrow().config().get("user.coi.more"));
        assertEquals("yes", client.instance(name).orElseThrow().config().get("user.coi.test"));

        TestInstances.awaitInit(client, name);
        client.restart(name, Duration.ofSeconds(30), false);
        assertTrue(client.instance(name).orElseThrow().isRunning());
        TestInstances.awaitInit(client, name);

        client.stop(name, Duration.ofSeconds(30), false);
        assertEquals("Stopped", client.instance(name).orElseThrow().status());

        client.delete(name);
        assertTrue(client.instance(name).isEmpty());
    }

    @Test
    void aMissingInstanceIsEmpty() {
        assertTrue(client.instance(TestInstances.PREFIX + "never-made").isEmpty());
    }

    @Test
    void creatingADuplicateIsAConflict() {
        IncusConflictException conflict = assertThrows(IncusConflictException.class,
                () -> client.create(InstanceSpec.fromAlias(shared, TestImage.alias(client))));

        assertEquals(409, conflict.statusCode());
        assertTrue(client.instance(shared).orElseThrow().isRunning(), "the existing instance is left alone");
    }

    @Test
    void deletingARunningInstanceNeedsForce() {
        String name = instances.launch();

        assertThrows(IncusException.class, () -> client.delete(name));
        assertTrue(client.deleteForcibly(name));

        assertTrue(client.instance(name).isEmpty());
        assertFalse(client.deleteForcibly(name));
    }

    @Test
    void execReturnsStdoutStderrAndTheExitCode() {
        assertEquals(new CommandResult(3, "out\n", "err\n"), sh("echo out; echo err >&2; exit 3"));
    }

    @Test
    void aMissingCommandExitsWith127() {
        CommandResult result = client.exec(shared, List.of("no-such-command"), ROOT);

        assertEquals(127, result.exitCode());
        assertEquals("", result.stdout());
        assertEquals("no-such-command: command not found\n", result.stderr());
    }

    @Test
    void aShellExitingWith127Or126KeepsItsCodeAndOutput() {
        assertEquals(new CommandResult(127, "before\n", "gone\n"), sh("echo before; echo gone >&2; exit 127"));
        assertEquals(new CommandResult(126, "out\n", ""), sh("echo out; exit 126"));
        // Incus reports a silent exit 126 like a file it could not execute: the two cannot be told apart
        assertEquals(new CommandResult(126, "", "sh: cannot execute: not an executable file or permission denied\n"),
                sh("exit 126"));
    }

    @Test
    void aFileThatIsNotExecutableExitsWith126() {
        client.files().write(shared, "/tmp/not-executable", "echo hi\n".getBytes(StandardCharsets.UTF_8),
                new FileOwnership(0, 0, 0644));

        CommandResult result = client.exec(shared, List.of("/tmp/not-executable"), ROOT);

        assertEquals(126, result.exitCode());
        assertTrue(result.stderr().startsWith("/tmp/not-executable: cannot execute"), result.stderr());
    }

    @Test
    void execRunsAsTheGivenUserInTheGivenDirectoryWithTheGivenEnvironment() {
        CommandResult result = client.exec(shared, List.of("sh", "-c", "id -u; id -g; pwd; echo \"$GREETING\""),
                new ExecOptions(1000, 1000, "/home/code", Map.of("GREETING", "hello there")));

        assertEquals(new CommandResult(0, "1000\n1000\n/home/code\nhello there\n", ""), result);
    }

    @Test
    void execLeavesNoOutputLogsBehind() throws IOException {
        sh("echo some output");
        sh("echo more >&2; exit 127");

        assertEquals(List.of(), execOutputLogs(shared));
    }

    private static List<String> execOutputLogs(String name) throws IOException {
        UnixSocketHttp http = new UnixSocketHttp(SocketLocator.ofSystem().locate(null).socket(), Duration.ofSeconds(5));
        try (HttpResponse response = http.send(HttpRequest.of("GET", IncusClient.instancePath(name)
                + "/logs/exec-output"))) {
            List<String> logs = new ArrayList<>();
            IncusJson.MAPPER.readTree(response.readBody()).path("metadata").forEach(log -> logs.add(log.asText()));
            return logs;
        }
    }

    @Test
    void writesAFileWithOwnerAndModeAndReadsItBack() throws IOException {
        byte[] content = "secret\n".getBytes(StandardCharsets.UTF_8);

        client.files().write(shared, "/home/code/settings.json", content, new FileOwnership(1000, 1000, 0600));

        ContainerFile file = client.files().read(shared, "/home/code/settings.json");
        assertEquals("file", file.type());
        assertArrayEquals(content, file.content());
        assertEquals(1000, file.uid());
        assertEquals(1000, file.gid());
        assertEquals(0600, file.mode());
        assertEquals("1000 1000 600\n", sh("stat -c '%u %g %a' /home/code/settings.json").stdout());

        Path pulled = dir.resolve("settings.json");
        client.files().pull(shared, "/home/code/settings.json", pulled);
        assertArrayEquals(content, Files.readAllBytes(pulled));
        assertEquals(0600, mode(pulled));
    }

    @Test
    void makesDirectoriesAndDeletesFiles() {
        client.files().mkdir(shared, "/home/code/made", new FileOwnership(1000, 1000, 0750));
        client.files().write(shared, "/home/code/made/x", new byte[0], new FileOwnership(0, 0, 0644));

        ContainerFile made = client.files().read(shared, "/home/code/made");
        assertTrue(made.isDirectory());
        assertEquals(List.of("x"), made.entries());
        assertEquals(0750, made.mode());

        assertTrue(client.files().delete(shared, "/home/code/made/x"));
        assertFalse(client.files().delete(shared, "/home/code/made/x"));
        assertThrows(IncusNotFoundException.class, () -> client.files().read(shared, "/home/code/made/x"));
    }

    @Test
    void pushesAndPullsADirectoryTreeKeepingModes() throws IOException {
        Path source = dir.resolve("source");
        Files.createDirectories(source.resolve("nested/deeper"));
        Files.writeString(source.resolve("run.sh"), "#!/bin/sh\necho ran\n");
        Files.setAttribute(source.resolve("run.sh"), "unix:mode", 0755);
        Files.writeString(source.resolve("nested/private"), "p");
        Files.setAttribute(source.resolve("nested/private"), "unix:mode", 0600);
        Files.writeString(source.resolve("nested/deeper/empty"), "");
        Files.setAttribute(source.resolve("nested"), "unix:mode", 0700);
        Files.createSymbolicLink(source.resolve("link"), Path.of("run.sh"));

        client.files().push(shared, source, "/home/code/tree", 1000, 1000);

        assertEquals(new CommandResult(0, "ran\n", ""),
                client.exec(shared, List.of("/home/code/tree/run.sh"), new ExecOptions(1000, 1000, "/", Map.of())));
        assertEquals("1000 1000 700\n1000 1000 600\nrun.sh\n",
                sh("cd /home/code/tree && stat -c '%u %g %a' nested nested/private && readlink link").stdout());

        Path pulled = dir.resolve("pulled");
        client.files().pull(shared, "/home/code/tree", pulled);

        assertEquals(snapshot(source), snapshot(pulled));
    }

    @Test
    void aFailedPullKeepsTheOldDestination() throws IOException {
        Path area = Files.createDirectory(dir.resolve("failed-pull"));
        Path destination = Files.createDirectory(area.resolve("keep"));
        Files.writeString(destination.resolve("mine"), "old data");

        assertThrows(IncusNotFoundException.class,
                () -> client.files().pull(shared, "/home/code/does-not-exist", destination));

        assertEquals("old data", Files.readString(destination.resolve("mine")));
        try (Stream<Path> entries = Files.list(area)) {
            assertEquals(List.of("keep"), entries.map(path -> path.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void streamsLargeFilesBothWays() throws IOException {
        byte[] large = new byte[24 * 1024 * 1024];
        new Random(7).nextBytes(large);
        Path source = Files.write(dir.resolve("large.bin"), large);

        client.files().push(shared, source, "/tmp/large.bin", 0, 0);
        Path pulled = dir.resolve("large.pulled");
        client.files().pull(shared, "/tmp/large.bin", pulled);

        assertEquals(TestImage.sha256(source), TestImage.sha256(pulled));
        assertEquals(TestImage.sha256(source) + "  /tmp/large.bin\n", sh("sha256sum /tmp/large.bin").stdout());
        sh("rm /tmp/large.bin");
    }

    @Test
    void measuresLatency() {
        long[] lookups = new long[20];
        long[] withState = new long[20];
        long[] execs = new long[20];
        for (int i = 0; i < 5; i++) { // warm-up, so the JIT's first compiles are not measured
            client.instance(shared);
            client.instanceWithState(shared);
            client.exec(shared, List.of("true"), ROOT);
        }
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            assertNotNull(client.instance(shared).orElseThrow());
            lookups[i] = System.nanoTime() - start;
            start = System.nanoTime();
            assertNotNull(client.instanceWithState(shared).orElseThrow());
            withState[i] = System.nanoTime() - start;
            start = System.nanoTime();
            assertEquals(0, client.exec(shared, List.of("true"), ROOT).exitCode());
            execs[i] = System.nanoTime() - start;
        }
        System.err.printf("coi incus latency, median of 20 after 5 warm-up rounds: instance(name) %.2f ms, instanceWithState(name) %.2f ms,"
                + " exec(true) %.2f ms%n", median(lookups), median(withState), median(execs));
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2e6;
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    /** Every entry of a tree with its type, mode and content or link target, by relative path. */
    private static List<String> snapshot(Path root) throws IOException {
        try (Stream<Path> entries = Files.walk(root)) {
            return entries.sorted().map(path -> {
                try {
                    String what = Files.isSymbolicLink(path) ? "link " + Files.readSymbolicLink(path)
                            : Files.isDirectory(path) ? "dir" : "file " + Files.readString(path);
                    String mode = Files.isSymbolicLink(path) ? "" : " " + Integer.toOctalString(mode(path));
                    return root.relativize(path) + ": " + what + mode;
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).toList();
        }
    }
}
