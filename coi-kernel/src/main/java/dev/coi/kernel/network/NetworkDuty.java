package dev.coi.kernel.network;

import dev.coi.api.NetworkBackend;
import dev.coi.api.NetworkPolicy;
import dev.coi.api.Progress;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.keeper.KeeperDuty;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.sessions.SessionLabels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The keeper's care for the rules of session containers when no coi command does: removes them when their
 * container is gone (deleted with the bare {@code incus} CLI), now belongs to another session or, not persistent,
 * stays stopped, resolves allowlist names again on their interval, and puts back rules that vanished (a
 * {@code firewall-cmd --reload} drops them). A stopped persistent container keeps its rules until it is deleted (its
 * address is static and its own), and any container keeps them through a reboot from inside (seen as stopped, then
 * running): its next boot must find them in place before its first packet. It has work while any container with
 * rules runs or may still come back from a reboot: a persistent container that stays stopped needs nobody to watch
 * it, so the keeper ends rather than live on beside it (its rules stay; {@code coi clean} and the health check
 * remove them once it is deleted with the bare {@code incus} CLI).
 */
public final class NetworkDuty implements KeeperDuty {

    /** How often the rules are checked; also at the next tick after the backend told of a loss (a reload). */
    static final Duration VERIFY_EVERY = Duration.ofSeconds(30);
    /** Longer than a container's reboot from inside takes (about a second here). */
    static final Duration REBOOT_GRACE = Duration.ofSeconds(10);

    private final ContainerRuntime incus;
    private final NetworkBackends backends;
    private final NetworkRecords records;
    private final SessionNetwork network;
    private final Progress log;
    private final Clock clock;
    private Instant nextVerify;
    /** The containers with rules at the last look, by name with their record. */
    private final Map<String, NetworkRecord> watched = new HashMap<>();
    /** Non-persistent containers seen stopped, since when: a reboot from inside must not cost them their rules. */
    private final Map<String, Instant> stoppedSince = new HashMap<>();
    /** Persistent containers that stayed stopped: their rules stay, but they give the keeper no work. */
    private final Set<String> dormant = new HashSet<>();
    /** Set by the backend's watch when the firewall may have dropped rules; the next tick checks them. */
    private final AtomicBoolean lost = new AtomicBoolean();
    /** The backends whose losses are watched, by name. */
    private final Map<String, AutoCloseable> lossWatches = new HashMap<>();

    NetworkDuty(ContainerRuntime incus, NetworkBackends backends, NetworkRecords records, SessionNetwork network,
            Progress log, Clock clock) {
        this.incus = incus;
        this.backends = backends;
        this.records = records;
        this.network = network;
        this.log = log;
        this.clock = clock;
        // the first tick checks: rules may have been dropped before the keeper (and its watch) started
        this.nextVerify = clock.instant();
    }

    @Override
    public boolean hasWork() {
        return !dormant.containsAll(records.containers());
    }

    @Override
    public void tick() {
        tick(records.containers());
    }

    /**
     * The records went away with the folder they were in (the home was deleted): the rules of the containers
     * watched until then that no longer run with their session are removed by owner, as nobody else can.
     */
    @Override
    public void abandoned() {
        releaseAbandoned();
    }

    /** One look at every recorded container. */
    void tick(List<String> containers) {
        Map<String, Instance> instances;
        try {
            instances = incus.instances().stream().collect(Collectors.toMap(Instance::name, Function.identity()));
        } catch (RuntimeException e) {
            log.warn(clock.instant() + " cannot list the containers: " + e.getMessage());
            return;
        }
        Instant now = clock.instant();
        Map<String, Map<String, Set<String>>> owners = verifyDue(now) ? owners() : null;
        for (String container : containers) {
            try {
                look(container, instances.get(container), owners, now);
            } catch (RuntimeException e) {
                log.warn(now + " " + container + ": " + e.getMessage());
            }
        }
    }

    /** @param owners each backend's owners by its name, when the rules are due to be checked */
    private void look(String container, Instance instance, Map<String, Map<String, Set<String>>> owners,
            Instant now) {
        Optional<NetworkRecord> found = records.find(container);
        if (found.isEmpty()) {
            return;
        }
        NetworkRecord record = found.get();
        if (instance == null) {
            // started with another incus.project: the rules hold for a container of any project
            instance = incus.instancesWithStateInAnyProject(container).stream()
                    .filter(other -> record.sessionId().equals(other.config().get(SessionLabels.SESSION_ID)))
                    .findFirst().orElse(null);
        }
        Optional<String> ended = ended(container, instance, record, now);
        if (ended.isPresent()) {
            watched.remove(container);
            stoppedSince.remove(container);
            dormant.remove(container);
            network.release(container);
            log.info(now + " " + container + " " + ended.get() + ": rules removed");
            return;
        }
        watched.put(container, record);
        if (record.refreshDue(now)) {
            refresh(record, now);
        } else if (owners != null && !owners.getOrDefault(backends.forRecord(record).name(), Map.of())
                .getOrDefault(container, Set.of()).containsAll(record.addresses())
                && !policy(record, allowed(record)).rules().isEmpty()) {
            enforce(record, allowed(record));
            log.warn(now + " " + container + ": its rules were missing (the firewall reloaded?): put back");
        }
    }

    /**
     * Why the container's rules are no longer needed, if they are not: it is gone, belongs to another session, or
     * is a session container that is not persistent and stayed stopped longer than a reboot from inside takes (it
     * will not start again; a persistent one may, and its rules must be there before its first packet).
     */
    private Optional<String> ended(String container, Instance instance, NetworkRecord record, Instant now) {
        if (instance == null) {
            return Optional.of("is gone");
        }
        if (!record.sessionId().equals(instance.config().get(SessionLabels.SESSION_ID))) {
            return Optional.of("belongs to another session");
        }
        if (instance.isRunning()) {
            stoppedSince.remove(container);
            dormant.remove(container);
            return Optional.empty();
        }
        Instant since = stoppedSince.computeIfAbsent(container, name -> now);
        boolean rebooting = now.isBefore(since.plus(REBOOT_GRACE));
        if (!"false".equals(instance.config().get(SessionLabels.PERSISTENT))) {
            if (!rebooting) {
                dormant.add(container);
            }
            return Optional.empty();
        }
        return rebooting ? Optional.empty() : Optional.of("stopped and is not persistent");
    }

    private void releaseAbandoned() {
        watched.forEach((container, record) -> {
            try {
                boolean same = incus.instancesWithStateInAnyProject(container).stream().filter(Instance::isRunning)
                        .anyMatch(found -> record.sessionId().equals(found.config().get(SessionLabels.SESSION_ID)));
                if (!same) {
                    backends.forRecord(record).release(container, backends.host());
                    log.info(clock.instant() + " " + container + " ended after its record was removed: rules removed");
                }
            } catch (RuntimeException e) {
                log.warn(clock.instant() + " " + container + ": " + e.getMessage());
            }
        });
    }

    private void refresh(NetworkRecord record, Instant now) {
        TreeSet<String> before = allowed(record);
        AllowlistResolution resolution = network.resolve(record.entries(), record.names());
        NetworkRecord updated = record.resolved(resolution, now);
        if (!before.equals(new TreeSet<>(resolution.cidrs()))) {
            records.save(updated);
            enforce(updated, new TreeSet<>(resolution.cidrs()));
            log.info(now + " " + record.container() + ": allowlist changed, now " + resolution.cidrs());
        } else {
            records.save(updated);
        }
    }

    private void enforce(NetworkRecord record, TreeSet<String> allowed) {
        backends.forRecord(record).enforce(policy(record, allowed), backends.host());
    }

    private static NetworkPolicy policy(NetworkRecord record, TreeSet<String> allowed) {
        return NetworkPolicies.of(record, allowed);
    }

    /** The allowlist as last put in place: the literal entries and the names' cached addresses. */
    static TreeSet<String> allowed(NetworkRecord record) {
        TreeSet<String> cidrs = new TreeSet<>();
        record.entries().stream().filter(entry -> !entry.isName()).forEach(entry -> cidrs.add(entry.cidr()));
        record.names().values().forEach(addresses -> addresses.forEach(address ->
                cidrs.add(AllowlistResolver.hostNetwork(address))));
        return cidrs;
    }

    private boolean verifyDue(Instant now) {
        if (!lost.getAndSet(false) && now.isBefore(nextVerify)) {
            return false;
        }
        nextVerify = now.plus(VERIFY_EVERY);
        return true;
    }

    /** Once a backend answers: from then on a loss it tells of is checked at the next tick. */
    private void watchLosses(NetworkBackend backend) {
        if (!lossWatches.containsKey(backend.name())) {
            lossWatches.put(backend.name(), backend.watchLosses(() -> lost.set(true)));
        }
    }

    /** The owners in every backend that works here, by the backend's name. */
    private Map<String, Map<String, Set<String>>> owners() {
        try {
            Map<String, Map<String, Set<String>>> owners = new HashMap<>();
            for (NetworkBackend backend : backends.available()) {
                watchLosses(backend);
                owners.put(backend.name(), backend.owners(backends.host()));
            }
            return owners;
        } catch (RuntimeException e) {
            log.warn(clock.instant() + " cannot read the firewall rules: " + e.getMessage());
            return null;
        }
    }
}
