package dev.coi.plugin.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guard of a build root, for real (needs root): host filesystems bound in, a process left running inside,
 * an interrupted command; afterwards nothing is mounted or running there and the tree can be deleted. The root
 * holds only the host's static busybox ({@code apt-get install busybox-static}), enough to chroot into.
 */
class ChrootGuardIT {

    private final List<String> log = new ArrayList<>();
    private Path workDir;
    private Path rootfs;

    /** The guard serves the offline build, which coi runs only as root ('sudo coi build'). */
    @BeforeAll
    static void asRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounts and chroot need root, as the offline"
                + " build that uses the guard does");
    }

    @BeforeEach
    void makeRoot() throws IOException {
        workDir = Files.createTempDirectory(Path.of("/var/tmp"), "coi-guard-it-").toRealPath();
        rootfs = workDir.resolve("rootfs");
        for (String dir : List.of("proc", "sys", "dev", "bin")) {
            Files.createDirectories(rootfs.resolve(dir));
        }
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
    }

    @AfterEach
    void deleteRoot() throws InterruptedException {
        WorkDirs.delete(workDir);
        assertFalse(Files.exists(workDir));
        assertTrue(Files.exists(Path.of("/dev/null")), "the host's /dev is untouched");
    }

    @Test
    void closeKillsWhatRunsInsideAndUnmountsEverything() throws Exception {
        Process sleeper;
        try (ChrootGuard guard = ChrootGuard.open(rootfs, log::add)) {
            guard.mountHostFilesystems();
            assertEquals(4, MountTable.mountsUnder(rootfs).size());
            assertTrue(Files.exists(rootfs.resolve("dev/null")));
            assertThrows(IllegalStateException.class, () -> WorkDirs.delete(workDir),
                    "a tree with mounts in it is never deleted");
            // a daemon a package script left behind, holding the mounts busy
            sleeper = new ProcessBuilder("chroot", rootfs.toString(), "/bin/busybox", "sleep", "600").start();
            // until chroot(2) has run, the process's root is still the host's and it is not "inside" yet
            waitForSleepInside();
        }

        assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS), "the process inside was killed");
        assertEquals(List.of(), MountTable.mountsUnder(rootfs));
        assertTrue(log.stream().anyMatch(line -> line.contains("killing process " + sleeper.pid())), log.toString());
    }

    @Test
    void anInterruptedCommandIsKilledAndTheGuardStillCleansUp() throws Exception {
        try (ChrootGuard guard = ChrootGuard.open(rootfs, log::add)) {
            guard.mountHostFilesystems();
            Thread caller = Thread.currentThread();
            CompletableFuture<Void> interrupter = CompletableFuture.runAsync(() -> {
                waitForSleepInside();
                caller.interrupt();
            });
            assertThrows(InterruptedException.class, () -> HostCommand.run(List.of("chroot", rootfs.toString(),
                    "/bin/busybox", "sleep", "600"), null, log::add));
            interrupter.get(10, TimeUnit.SECONDS);
            Thread.currentThread().interrupt(); // as after an interrupt nobody handled yet
        } finally {
            assertTrue(Thread.interrupted(), "the guard keeps the interrupt for the caller");
        }
        assertEquals(List.of(), MountTable.mountsUnder(rootfs));
    }

    private void waitForSleepInside() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.allProcesses().anyMatch(this::runsInside)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the chrooted sleep did not start within 10 s");
    }

    private boolean runsInside(ProcessHandle process) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "root")).startsWith(rootfs);
        } catch (IOException e) {
            return false;
        }
    }
}
