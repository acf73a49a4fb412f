package dev.coi.kernel.limits;

import dev.coi.api.Progress;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.config.Durations;
import dev.coi.kernel.config.Limits;
import dev.coi.kernel.incus.ContainerHost;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.keeper.KeeperLauncher;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a session's {@code [limits]} on its container: in the create request of a new one, or on a container made
 * earlier before it starts again (also taking away limits no longer asked for).
 */
public final class SessionLimits {

    /** The profile session containers are made with, whose root disk device the disk limits extend. */
    static final String PROFILE = "default";

    private final ContainerRuntime incus;
    private final Limits limits;
    private final LimitKeys keys;
    private final Progress progress;
    private final DeadlineRecords deadlines;
    private final KeeperLauncher keeper;
    private final Clock clock;

    /**
     * @param coiHome {@code ~/.coi}, where deadlines are recorded for the keeper
     */
    public SessionLimits(ContainerRuntime incus, Limits limits, Path coiHome, Progress progress) {
        this.incus = incus;
        this.limits = limits;
        this.keys = LimitKeys.of(limits);
        this.deadlines = new DeadlineRecords(coiHome);
        this.keeper = new KeeperLauncher(coiHome, progress);
        this.progress = progress;
        this.clock = Clock.systemUTC();
    }

    /**
     * A session starts (or starts again) in the container: with {@code max_duration}, its deadline counts from now
     * and is recorded for the keeper, which ends the session then even when no coi runs; without, a deadline of an
     * earlier session of the container is dropped.
     *
     * @param joined the session ran already before this coi (a reattach): its deadline still counts from the
     *               session's start, so that coming back to a session never extends it
     */
    public void startDeadline(String container, String sessionId, boolean joined) {
        Optional<DeadlineRecord> earlier = joined
                ? deadlines.find(container).filter(record -> record.sessionId().equals(sessionId))
                : Optional.empty();
        Optional<DeadlineRecord> deadline = deadline(container, sessionId, limits.runtime(), clock.instant(), earlier);
        if (deadline.isEmpty()) {
            deadlines.remove(container);
            return;
        }
        deadlines.save(deadline.get());
        keeper.ensureRunningSoon("limits.runtime.max_duration is not enforced for " + container
                + "; stop it yourself with 'coi shutdown " + container + "'");
    }

    /**
     * Before anything is made: a deadline is kept by this machine's keeper, which sees the containers of this
     * machine's Incus only, so a session elsewhere with {@code max_duration} is refused rather than left unbounded.
     */
    public void refuseDeadlineElsewhere() {
        if (limits.runtime().maxDuration().isEmpty()) {
            return;
        }
        ContainerHost host = incus.host();
        if (!host.here()) {
            throw CoiException.failure("limits.runtime.max_duration cannot be kept for a container on " + host.where()
                    + ": coi's keeper on this machine ends sessions at their deadline, and " + host.why() + ". "
                    + host.remedy() + ", or leave out the time limit");
        }
    }

    /** The deadline of a session that starts now, or of a running one that started when its earlier record says. */
    static Optional<DeadlineRecord> deadline(String container, String sessionId, Limits.Runtime runtime, Instant now,
            Optional<DeadlineRecord> earlier) {
        return runtime.maxDuration().map(duration -> {
            Instant start = earlier.map(record -> Instant.parse(record.startedAt())).orElse(now);
            return new DeadlineRecord(container, sessionId, start.toString(), start.plus(duration).toString(),
                    Durations.format(duration), runtime.autoStop(), runtime.stopGraceful(), false);
        });
    }

    /** The instance keys of the create request. */
    public Map<String, String> config() {
        return keys.config();
    }

    /**
     * The devices of the create request: with disk limits, a root disk device of the container's own, copied from
     * the profile's and given the rates.
     *
     * @throws CoiException when disk limits are asked for and the profile has no root disk device to extend
     */
    public Map<String, Map<String, String>> devices() {
        if (keys.root().isEmpty()) {
            return Map.of();
        }
        return Map.of(LimitKeys.ROOT_DEVICE, keys.rootDevice(profileRoot()));
    }

    /**
     * Sets the limits of a container made earlier, and unsets the limit keys no longer asked for. Best done while
     * it is stopped; Incus applies most of them to a running container too.
     */
    public void applyTo(Instance container) {
        Map<String, String> config = keys.instanceUpdate(container.config());
        Optional<Map<String, String>> root = keys.rootUpdate(
                Optional.ofNullable(container.devices().get(LimitKeys.ROOT_DEVICE)),
                container.expandedDevices().getOrDefault(LimitKeys.ROOT_DEVICE, Map.of()));
        if (config.isEmpty() && root.isEmpty()) {
            return;
        }
        try {
            incus.update(container.name(), config, root.map(device -> Map.of(LimitKeys.ROOT_DEVICE, device))
                    .orElse(Map.of()));
        } catch (IncusException e) {
            throw CoiException.failure("could not set the limits of " + container.name() + " (" + describe() + "): "
                    + e.getMessage() + "; check the [limits] settings and the --limit-* flags");
        }
    }

    /** The limits in one short line, or empty when nothing is limited. */
    public String describe() {
        return LimitKeys.describe(limits);
    }

    /** Says on stderr which limits the session runs with, when any. */
    public void announce() {
        String line = describe();
        if (!line.isEmpty()) {
            progress.info("Limits: " + line);
        }
        limits.disk().tmpfsSize().ifPresent(size -> progress.warn("limits.disk.tmpfs_size (" + size + ") is not"
                + " applied: coi does not mount a tmpfs /tmp in session containers yet"));
    }

    private Map<String, String> profileRoot() {
        return incus.profileDevices(PROFILE)
                .map(devices -> devices.get(LimitKeys.ROOT_DEVICE))
                .filter(device -> "disk".equals(device.get("type")))
                .orElseThrow(() -> CoiException.failure("disk limits (limits.disk.read/write/max) need the root disk"
                        + " device of the Incus profile '" + PROFILE + "', which has none; add one with: incus profile"
                        + " device add " + PROFILE + " root disk path=/ pool=<pool>"));
    }
}
