package dev.coi.kernel.base;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A lock that makes a background process one per user (the keeper, the resident coi): held by the running one for
 * as long as it lives, and released by the operating system when it dies, however it dies.
 */
public final class ProcessLock implements AutoCloseable {

    private final FileChannel channel;
    private FileLock lock;

    private ProcessLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another process holds it. */
    public static Optional<ProcessLock> tryAcquire(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = tryLock(channel);
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        return Optional.of(new ProcessLock(channel, lock));
    }

    /** Whether a process holds the lock now. */
    public static boolean isHeld(Path file) throws IOException {
        Optional<ProcessLock> probe = tryAcquire(file);
        probe.ifPresent(ProcessLock::close);
        return probe.isEmpty();
    }

    /** Lets a new process start while this one decides whether it is still needed. */
    public void release() throws IOException {
        if (lock != null) {
            lock.release();
            lock = null;
        }
    }

    /** @return whether this process holds the lock again (false: another one took over) */
    public boolean reacquire() throws IOException {
        lock = tryLock(channel);
        return lock != null;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing releases the lock; a failure leaves nothing to do
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }
}
