package dev.coi.kernel.keeper;

import dev.coi.api.Progress;
import dev.coi.kernel.base.ProcessLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one background process per user that looks after session containers when no coi command does, through its
 * {@link KeeperDuty duties}. It holds a lock for as long as it lives, so that there is never a second one, and
 * ends when no duty has had anything to look after for a while ({@link #linger()}).
 */
public final class Keeper {

    /** How often every duty looks. */
    public static final Duration TICK = Duration.ofSeconds(2);
    /**
     * How long a keeper without work waits for more before it ends, in seconds: the next session then finds it
     * running instead of waiting for a JVM start, as the resident coi does for commands. A variable, as the
     * processes between a test and the keeper it makes pass on their environment.
     */
    public static final String LINGER_VARIABLE = "COI_KEEPER_LINGER_SECONDS";
    private static final Duration LINGER = Duration.ofMinutes(10);

    private final Path coiHome;
    private final List<KeeperDuty> duties;
    private final Progress log;
    private final Clock clock;
    private final Duration linger;

    /**
     * @param coiHome {@code ~/.coi}: the lock is kept there; when it is deleted the keeper ends
     * @param duties what it looks after
     * @param log where it says what it does
     * @param linger how long it waits for more work once no duty has any
     */
    public Keeper(Path coiHome, List<KeeperDuty> duties, Progress log, Clock clock, Duration linger) {
        this.coiHome = coiHome;
        this.duties = List.copyOf(duties);
        this.log = log;
        this.clock = clock;
        this.linger = linger;
    }

    /** {@value #LINGER_VARIABLE} of this process when set to a number of seconds, else ten minutes. */
    public static Duration linger() {
        try {
            return Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault(LINGER_VARIABLE, "")));
        } catch (NumberFormatException e) {
            return LINGER;
        }
    }

    /** The lock file of the keeper of a {@code ~/.coi}. */
    static Path lockFile(Path coiHome) {
        return coiHome.resolve("keeper.lock");
    }

    /** Where the keeper of a {@code ~/.coi} writes its log. */
    public static Path logFile(Path coiHome) {
        return coiHome.resolve("logs").resolve("keeper.log");
    }

    /** Runs until no duty has had work for its linger; returns at once when another keeper runs. */
    public void run() throws IOException, InterruptedException {
        Optional<ProcessLock> acquired = ProcessLock.tryAcquire(lockFile(coiHome));
        if (acquired.isEmpty()) {
            return;
        }
        try (ProcessLock lock = acquired.get()) {
            log.info(clock.instant() + " keeper started (pid " + ProcessHandle.current().pid() + ")");
            Instant idleSince = null;
            while (true) {
                if (!Files.isDirectory(coiHome)) {
                    duties.forEach(KeeperDuty::abandoned);
                    log.info(clock.instant() + " keeper done: " + coiHome + " was removed");
                    return;
                }
                if (!hasWork()) {
                    idleSince = idleSince == null ? clock.instant() : idleSince;
                    if (Duration.between(idleSince, clock.instant()).compareTo(linger) < 0) {
                        Thread.sleep(TICK.toMillis());
                        continue;
                    }
                    // a coi that recorded work just now saw the lock held and started no keeper: look once more
                    lock.release();
                    if (!hasWork() || !lock.reacquire()) {
                        log.info(clock.instant() + " keeper done: nothing to look after for "
                                + linger.toSeconds() + " s");
                        return;
                    }
                    continue;
                }
                idleSince = null;
                tick();
                Thread.sleep(TICK.toMillis());
            }
        }
    }

    /** One look of every duty. */
    void tick() {
        for (KeeperDuty duty : duties) {
            try {
                duty.tick();
            } catch (RuntimeException e) {
                log.warn(clock.instant() + " " + e);
            }
        }
    }

    private boolean hasWork() {
        return duties.stream().anyMatch(KeeperDuty::hasWork);
    }
}
