package dev.coi.kernel.sessions;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The right to end one container's session, held by one process at a time: the keeper stopping a session at its
 * deadline and a coi attached to it that sees it stop must not save and delete it both at once, and no coi may take
 * a new container that another coi is still setting up (stopped until its network rules are in place) for one a
 * killed coi left behind. A lock on the container's file under {@code ~/.coi/ending} (kept: an empty file per
 * container name), released by the operating system whenever the holder dies.
 */
public final class EndingClaim implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    /** The containers this process sets up under a claim: should it have to end one meanwhile, it is the owner. */
    private static final Set<String> SETTING_UP = ConcurrentHashMap.newKeySet();

    private final FileChannel channel;
    private final FileLock lock;
    private final boolean waited;
    private String settingUp;

    private EndingClaim(FileChannel channel, FileLock lock, boolean waited) {
        this.channel = channel;
        this.lock = lock;
        this.waited = waited;
    }

    /**
     * Takes the claim of a container about to be created, without waiting, and holds it while this process sets the
     * container up: empty when another process holds it (it sets up or ends a container of that name), so the name
     * is not free. When the claim cannot be taken at all ({@code ~/.coi} not writable) the set-up goes ahead
     * unclaimed, as an ending does.
     */
    static Optional<EndingClaim> takeForSetUp(Path coiHome, String container) {
        if (SETTING_UP.contains(container)) {
            // another request of this process (the resident coi serves several at once) sets it up
            return Optional.empty();
        }
        EndingClaim claim = take(coiHome, container, Duration.ZERO);
        if (claim.channel != null && claim.lock == null) {
            claim.close();
            return Optional.empty();
        }
        claim.settingUp = container;
        SETTING_UP.add(container);
        return Optional.of(claim);
    }

    /**
     * Whether this process sets the container up now: it is then no leftover to reap, whatever its state says (it is
     * stopped between its create and its start), also for another request the resident coi serves meanwhile.
     */
    static boolean isSettingUp(String container) {
        return SETTING_UP.contains(container);
    }

    /**
     * Takes the claim, waiting for another holder within {@code patience}; after that (a holder stuck for longer
     * than any ending takes) the ending goes ahead unclaimed rather than leave the session unsaved.
     */
    static EndingClaim take(Path coiHome, String container, Duration patience) {
        if (SETTING_UP.contains(container)) {
            // this process holds it for the set-up and ends the session itself (on a signal, or a failed start)
            return new EndingClaim(null, null, false);
        }
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
        if (settingUp != null) {
            SETTING_UP.remove(settingUp);
            settingUp = null;
        }
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
