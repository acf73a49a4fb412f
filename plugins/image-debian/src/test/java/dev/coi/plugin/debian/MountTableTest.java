package dev.coi.plugin.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding what is mounted below a build root in /proc/self/mountinfo. */
class MountTableTest {

    private static final String MOUNTINFO = """
            21 26 0:20 / /proc rw,relatime - proc proc rw
            23 26 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,mode=755
            90 26 0:20 / /var/tmp/b/rootfs/proc rw,relatime - proc proc rw
            91 26 0:21 / /var/tmp/b/rootfs/sys rw,relatime - sysfs sysfs rw
            92 26 0:6 / /var/tmp/b/rootfs/dev rw,relatime - devtmpfs devtmpfs rw,mode=755
            93 92 0:23 / /var/tmp/b/rootfs/dev/pts rw,relatime - devpts devpts rw,mode=600
            94 26 0:24 / /var/tmp/b/rootfs-other rw,relatime - tmpfs tmpfs rw
            95 26 0:25 / /var/tmp/with\\040space/rootfs/proc rw - proc proc rw
            """;

    @Test
    void listsTheMountsBelowADirectoryDeepestFirst() {
        assertEquals(List.of(Path.of("/var/tmp/b/rootfs/dev/pts"), Path.of("/var/tmp/b/rootfs/proc"),
                        Path.of("/var/tmp/b/rootfs/sys"), Path.of("/var/tmp/b/rootfs/dev")),
                MountTable.mountsUnder(Path.of("/var/tmp/b/rootfs"), MOUNTINFO));
    }

    @Test
    void readsEscapedMountPoints() {
        assertEquals(List.of(Path.of("/var/tmp/with space/rootfs/proc")),
                MountTable.mountsUnder(Path.of("/var/tmp/with space"), MOUNTINFO));
        assertEquals("a\tb\\c\\x", MountTable.unescape("a\\011b\\134c\\x"));
    }

    @Test
    void nothingIsMountedBelowAFreshDirectoryOfThisMachine() {
        assertEquals(List.of(), MountTable.mountsUnder(Path.of("/nonexistent/coi-test")));
    }
}
