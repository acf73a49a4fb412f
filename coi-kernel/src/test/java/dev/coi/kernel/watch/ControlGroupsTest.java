package dev.coi.kernel.watch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container's control groups found from {@code /proc} files laid out as a host has them. */
class ControlGroupsTest {

    @TempDir
    Path root;

    @Test
    void aPidIsTheContainersInitWhileItRunsInTheContainersGroup() throws IOException {
        Path proc = root.resolve("proc");
        Files.createDirectories(proc.resolve("100"));
        Files.writeString(proc.resolve("100/cgroup"), "0::/lxc.payload.c1/init.scope\n");
        Files.createDirectories(proc.resolve("200"));
        Files.writeString(proc.resolve("200/cgroup"), "0::/lxc.payload.project_c1\n");
        ControlGroups host = new ControlGroups(proc, root.resolve("cgroup"));

        assertTrue(host.isInitOf(100, "c1"));
        assertTrue(host.isInitOf(200, "c1"), "a container of another project");
        assertFalse(host.isInitOf(100, "c11"));
        assertFalse(host.isInitOf(300, "c1"), "a process that ended");
    }
}
