package dev.coi.kernel.limits;

import dev.coi.api.Progress;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.keeper.KeeperDuty;
import dev.coi.kernel.sessions.SessionLabels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The keeper's care for {@code limits.runtime.max_duration}: a session still running at its deadline is stopped
 * (gracefully within a timeout, then forced; or forced at once) and ended like any session, saved and, unless
 * persistent, deleted; with {@code auto_stop = false} only a warning is logged. A deadline whose session ended
 * otherwise (its container stopped, gone, or running another session) is dropped.
 */
public final class DeadlineDuty implements KeeperDuty {

    /** What the duty does to containers; the real one talks to Incus and ends sessions like coi does. */
    public interface Containers {

        /** The container of that name, if there is one. */
        Optional<Instance> instance(String name);

        /** Stops it: gracefully within a timeout and then forced, or forced at once. */
        void stop(String name, boolean graceful);

        /** Ends the session of a stopped container: saved, and deleted unless persistent. */
        void end(Instance stopped);
    }

    private final DeadlineRecords records;
    private final Containers containers;
    private final Progress log;
    private final Clock clock;

    public DeadlineDuty(DeadlineRecords records, Containers containers, Progress log, Clock clock) {
        this.records = records;
        this.containers = containers;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public boolean hasWork() {
        return !records.containers().isEmpty();
    }

    @Override
    public void tick() {
        for (String container : records.containers()) {
            try {
                look(container);
            } catch (RuntimeException e) {
                log.warn(clock.instant() + " " + container + ": " + e.getMessage());
            }
        }
    }

    private void look(String container) {
        Optional<DeadlineRecord> found = records.find(container);
        if (found.isEmpty()) {
            return;
        }
        DeadlineRecord record = found.get();
        Optional<Instance> instance = containers.instance(container);
        if (instance.isEmpty() || !instance.get().isRunning()
                || !record.sessionId().equals(instance.get().config().get(SessionLabels.SESSION_ID))) {
            records.remove(container);
            log.info(clock.instant() + " " + container + " ended before its deadline " + record.deadline()
                    + ": deadline dropped");
            return;
        }
        Instant now = clock.instant();
        if (now.isBefore(record.due())) {
            return;
        }
        if (!record.autoStop()) {
            if (!record.warned()) {
                log.warn(now + " " + container + " has run for its max_duration " + record.maxDuration() + " (since "
                        + record.startedAt() + "); limits.runtime.auto_stop is false, so it keeps running");
                records.save(record.warnedOnce());
            }
            return;
        }
        log.info(now + " " + container + ": max_duration " + record.maxDuration() + " reached (deadline "
                + record.deadline() + "), stopping it" + (record.stopGraceful() ? "" : " forcibly"));
        containers.stop(container, record.stopGraceful());
        Instant stopped = clock.instant();
        Optional<Instance> after = containers.instance(container);
        if (after.isPresent() && after.get().isStopped()
                && record.sessionId().equals(after.get().config().get(SessionLabels.SESSION_ID))) {
            containers.end(after.get());
        }
        records.remove(container);
        log.info(clock.instant() + " " + container + ": stopped " + Duration.between(record.due(), stopped).toMillis()
                + " ms after its deadline, session ended");
    }
}
