package dev.coi.plugin.debian;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Keeps a root filesystem under construction safe to delete: while open it may have the host's {@code /proc},
 * {@code /sys}, {@code /dev} and {@code /dev/pts} bound into it (and debootstrap mounts some of its own), and
 * {@link #close()} kills every process still running inside it and unmounts everything below it, deepest first,
 * then checks that nothing is left. A shutdown hook does the same when the JVM ends during the build (Ctrl-C,
 * SIGTERM), because then no {@code finally} block runs.
 */
final class ChrootGuard implements AutoCloseable {

    private static final List<String> HOST_FILESYSTEMS = List.of("proc", "sys", "dev", "dev/pts");
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final Path rootfs;
    private final Consumer<String> log;
    private final Thread shutdownHook;
    private boolean closed;
    private boolean interruptSeen;

    private ChrootGuard(Path rootfs, Consumer<String> log) {
        this.rootfs = rootfs;
        this.log = log;
        this.shutdownHook = new Thread(this::shutdown, "coi-build-unmount");
    }

    /**
     * Starts guarding a root filesystem.
     *
     * @param rootfs its absolute, normalized path; it need not exist yet
     * @param log receives what the guard had to do
     * @return the guard
     */
    static ChrootGuard open(Path rootfs, Consumer<String> log) {
        ChrootGuard guard = new ChrootGuard(rootfs, log);
        Runtime.getRuntime().addShutdownHook(guard.shutdownHook);
        return guard;
    }

    /**
     * Binds the host's {@code /proc}, {@code /sys}, {@code /dev} and {@code /dev/pts} into the root, which
     * package scripts in a chroot need.
     *
     * @throws InterruptedException when interrupted
     */
    synchronized void mountHostFilesystems() throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("the build root " + rootfs + " is closed");
        }
        for (String name : HOST_FILESYSTEMS) {
            Path target = rootfs.resolve(name);
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException(target + " is not a directory; cannot mount /" + name + " there");
            }
            // non-recursive binds: nothing mounted below the host's /sys or /dev comes along
            HostCommand.runChecked("mounting /" + name + " into the build root",
                    List.of("mount", "--bind", "/" + name, target.toString()), null, log);
            // private: a mount or unmount here never reaches the host's own /dev or /sys
            HostCommand.runChecked("making " + target + " private",
                    List.of("mount", "--make-private", target.toString()), null, log);
        }
    }

    /**
     * Kills the processes left in the root and unmounts everything below it.
     *
     * @throws IllegalStateException when something stays mounted; the root must then not be deleted
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook does the same
        }
        release();
    }

    private void shutdown() {
        // everything the build started is a descendant of this JVM; none of it may outlive the unmount
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        try {
            release();
        } catch (RuntimeException e) {
            System.err.println("[coi] could not clean up the build root " + rootfs + ": " + e.getMessage());
        }
    }

    /** Runs to the end even when the thread is interrupted (the usual reason to get here), then says so again. */
    private synchronized void release() {
        closed = true;
        interruptSeen = Thread.interrupted();
        try {
            interruptSeen |= killProcessesInside();
            for (Path mount : MountTable.mountsUnder(rootfs)) {
                if (umount(List.of("umount", mount.toString())) != 0) {
                    log.accept("[coi] " + mount + " is busy: detaching it (umount -l)");
                    umount(List.of("umount", "-l", mount.toString()));
                }
            }
        } finally {
            if (interruptSeen) {
                Thread.currentThread().interrupt();
            }
        }
        List<Path> left = MountTable.mountsUnder(rootfs);
        if (!left.isEmpty()) {
            throw new IllegalStateException("still mounted below the build root: " + left
                    + "; unmount them (umount -l PATH) before deleting " + rootfs);
        }
    }

    private int umount(List<String> command) {
        while (true) {
            try {
                return HostCommand.run(command, null, log);
            } catch (InterruptedException e) {
                // an unmount must not be skipped; release() restores the interrupt at its end
                interruptSeen = true;
            }
        }
    }

    /**
     * Kills the processes whose root directory is in the build root: daemons a package script started, or the
     * children of a killed build.
     *
     * @return whether the thread was interrupted while waiting for them to end
     */
    private boolean killProcessesInside() {
        boolean interrupted = false;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                Path root;
                try {
                    root = Files.readSymbolicLink(process.resolve("root"));
                } catch (IOException | SecurityException e) {
                    continue; // ended meanwhile, or not ours to see
                }
                if (root.startsWith(rootfs)) {
                    Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(process.getFileName().toString()));
                    if (handle.isPresent()) {
                        interrupted |= kill(handle.get());
                    }
                }
            }
        } catch (IOException e) {
            log.accept("[coi] cannot list the processes in /proc: " + e.getMessage());
        }
        return interrupted;
    }

    private boolean kill(ProcessHandle process) {
        log.accept("[coi] killing process " + process.pid() + " (" + process.info().command().orElse("?")
                + "), still running in the build root");
        process.destroyForcibly();
        try {
            process.onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return true;
        } catch (ExecutionException | TimeoutException e) {
            log.accept("[coi] process " + process.pid() + " did not end within " + KILL_WAIT.toSeconds() + " s");
        }
        return false;
    }
}
