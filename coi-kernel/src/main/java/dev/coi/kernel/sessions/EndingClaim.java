package dev.coi.kernel.sessions;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The right to end one container's session, held by one process at a time: the keeper stopping a session at its
 * deadline and a coi attached to it that sees it stop must not save and delete it both at once. A lock on the
 * container's file under {@code ~/.coi/ending} (kept: an empty file per container name), released by the operating
 * system whenever the holder dies.
 */
final class EndingClaim implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final FileChannel channel;
    private final FileLock lock;
    private final boolean waited;

    private EndingClaim(FileChannel channel, FileLock lock, boolean waited) {
        this.channel = channel;
        this.lock = lock;
        this.waited = waited;
    }

    /**
     * Takes the claim, waiting for another holder within {@code patience}; after that (a holder stuck for longer
     * than any ending takes) the ending goes ahead unclaimed rather than leave the session unsaved.
     */
    static EndingClaim take(Path coiHome, String container, Duration patience) {
        FileChannel channel = null;
        try {
            Path folder = coiHome.resolve("ending");
            Files.createDirectories(folder);
            channel = FileChannel.open(folder.resolve(container + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            long deadline = System.nanoTime() + patience.toNanos();
            boolean waited = false;
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null || System.nanoTime() > deadline) {
                    return new EndingClaim(channel, lock, waited);
                }
                waited = true;
                Thread.sleep(POLL.toMillis());
            }
        } catch (IOException e) {
            close(channel);
            return new EndingClaim(null, null, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(channel);
            return new EndingClaim(null, null, true);
        }
    }

    /** Whether another process held the claim first, and so may have ended the session meanwhile. */
    boolean waited() {
        return waited;
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException e) {
            // closing the channel releases it too
        }
        close(channel);
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // this process holds it (its other thread ends the session): wait like for another process
            return null;
        }
    }

    private static void close(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
