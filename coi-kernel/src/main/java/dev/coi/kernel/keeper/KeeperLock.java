package dev.coi.kernel.keeper;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The lock that makes the keeper one per user: held by the running keeper for as long as it lives, and
 * released by the operating system when it dies, however it dies.
 */
final class KeeperLock implements AutoCloseable {

    private final FileChannel channel;
    private FileLock lock;

    private KeeperLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when a keeper holds it. */
    static Optional<KeeperLock> tryAcquire(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = tryLock(channel);
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        return Optional.of(new KeeperLock(channel, lock));
    }

    /** Whether a keeper runs now. */
    static boolean isHeld(Path file) throws IOException {
        Optional<KeeperLock> probe = tryAcquire(file);
        probe.ifPresent(KeeperLock::close);
        return probe.isEmpty();
    }

    /** Lets a new keeper start while this one decides whether it is still needed. */
    void release() throws IOException {
        if (lock != null) {
            lock.release();
            lock = null;
        }
    }

    /** @return whether this keeper holds the lock again (false: another keeper took over) */
    boolean reacquire() throws IOException {
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
