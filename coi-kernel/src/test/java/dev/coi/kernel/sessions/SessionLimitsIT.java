package dev.coi.kernel.sessions;

import static dev.coi.kernel.sessions.SessionTestBed.assertExit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.cli.CoiTerminal;
import dev.coi.kernel.incus.Instance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [limits]} and the {@code --limit-*} flags on real session containers: in Incus's config, felt inside the
 * container (CPUs it sees, its cgroup's memory and process limits), and changed on a persistent container that is
 * started again.
 */
class SessionLimitsIT {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path root;

    private SessionTestBed bed;

    @BeforeEach
    void setUp() throws IOException {
        bed = new SessionTestBed(root);
        Path config = bed.home.resolve(".config/coi/config.toml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, """
                [limits.memory]
                limit = "512MiB"
                enforce = "hard"
                """);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void limitsAreInTheContainersConfigAndFeltInsideAndChangeWhenItIsResumed() {
        CoiTerminal first = bed.run(bed.shellArgs("--background", "--persistent", "--limit-cpu=1",
                "--limit-memory=384MiB", "--limit-processes=300", "--limit-disk-read=100MiB/s"));
        assertExit(0, first);
        assertTrue(first.history().contains("Limits: cpu 1, memory 384MiB (hard), disk read 100MiB/s, processes 300"),
                first::history);
        String container = bed.containerName(1);
        Instance limited = bed.container(1).orElseThrow(() -> new AssertionError("no container\n" + first.history()));
        assertEquals("1", limited.config().get("limits.cpu"), limited.config()::toString);
        assertEquals("384MiB", limited.config().get("limits.memory"));
        assertEquals("hard", limited.config().get("limits.memory.enforce"));
        assertEquals("300", limited.config().get("limits.processes"));
        Map<String, String> root = limited.devices().get("root");
        assertEquals("100MiB", root.get("limits.read"), limited.devices()::toString);
        assertEquals("/", root.get("path"));
        assertEquals(limited.expandedDevices().get("root").get("pool"), root.get("pool"));

        CoiTerminal list = bed.run("list", "--format", "json");
        assertExit(0, list);
        assertTrue(list.history().replaceAll("\\s", "").contains("\"limits\":{\"limits.cpu\":\"1\","), list::history);

        assertEquals("1", inside(container, "nproc"));
        assertEquals(Long.toString(384 * MIB), cgroup(container, "memory.max", "memory/memory.limit_in_bytes"));
        assertEquals("300", cgroup(container, "pids.max", "pids/pids.max"));

        assertExit(0, bed.run("container", "stop", container));
        assertFalse(bed.container(1).orElseThrow().isRunning());

        // no flags now: the config's 512MiB applies, the rest is lifted
        CoiTerminal resumed = bed.run(bed.shellArgs("--background", "--slot", "1", "--resume"));
        assertExit(0, resumed);
        assertTrue(resumed.history().contains("Limits: memory 512MiB (hard)"), resumed::history);
        Instance changed = bed.container(1).orElseThrow();
        assertTrue(changed.isRunning(), changed::toString);
        assertEquals("512MiB", changed.config().get("limits.memory"), changed.config()::toString);
        assertNull(changed.config().get("limits.cpu"), changed.config()::toString);
        assertNull(changed.config().get("limits.processes"), changed.config()::toString);
        assertNull(changed.devices().getOrDefault("root", Map.of()).get("limits.read"), changed.devices()::toString);

        assertEquals(Long.toString(Runtime.getRuntime().availableProcessors()), inside(container, "nproc"));
        assertEquals(Long.toString(512 * MIB), cgroup(container, "memory.max", "memory/memory.limit_in_bytes"));
        assertEquals("max", cgroup(container, "pids.max", "pids/pids.max"));
        assertExit(0, bed.run("shutdown", container));
    }

    private String inside(String container, String script) {
        var result = bed.exec(container, script);
        assertEquals(0, result.exitCode(), () -> script + ": " + result.stderr());
        return result.stdout().strip();
    }

    /** A cgroup file of the container: unified (v2) when the host has it, else the v1 controller's file. */
    private String cgroup(String container, String unified, String legacy) {
        return inside(container, "f=/sys/fs/cgroup/" + unified + "; [ -e $f ] || f=/sys/fs/cgroup/" + legacy
                + "; cat $f");
    }
}
