package dev.coi.kernel.network;

import dev.coi.api.Availability;
import dev.coi.api.HostCommands;
import dev.coi.api.NetworkBackend;
import dev.coi.api.NetworkMode;
import dev.coi.api.NetworkPolicy;
import dev.coi.api.PortException;
import dev.coi.api.RulesInForce;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A firewall in memory for the tests of this package: it keeps which container owns rules for which addresses and
 * notes what it was told. A test of code that must change nothing makes {@link #refuseChanges} fail it.
 */
final class InMemoryBackend implements NetworkBackend {

    final Map<String, Set<String>> owners = new ConcurrentHashMap<>();
    final List<String> enforced = new CopyOnWriteArrayList<>();
    final List<String> released = new CopyOnWriteArrayList<>();
    /** When set, enforcing a policy fails the test with this message. */
    String refuseEnforcing;
    /** When set, releasing a container fails the test with this message. */
    String refuseReleasing;
    boolean available = true;
    boolean unreadable;
    /** What {@link #inspect} reads back, by container; a container without an entry is one it cannot say about. */
    final Map<String, RulesInForce> held = new ConcurrentHashMap<>();
    /** When set, inspecting fails with this exception. */
    RuntimeException inspectionFailure;
    int reads;
    int availabilityAsked;
    Runnable lost;
    private final String name;
    private final Duration changeTime;

    InMemoryBackend() {
        this("fake", Duration.ofSeconds(1));
    }

    InMemoryBackend(String name, Duration changeTime) {
        this.name = name;
        this.changeTime = changeTime;
    }

    /** Fails the test with {@code why} at any enforce or release. */
    InMemoryBackend refuseChanges(String why) {
        refuseEnforcing = why;
        refuseReleasing = why;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Duration changeTime() {
        return changeTime;
    }

    @Override
    public Set<NetworkMode> supportedModes() {
        return Set.of(NetworkMode.RESTRICTED, NetworkMode.ALLOWLIST);
    }

    @Override
    public Availability availability(HostCommands host) {
        availabilityAsked++;
        return available ? Availability.yes("in memory") : Availability.no("not running", "start it");
    }

    @Override
    public void enforce(NetworkPolicy policy, HostCommands host) {
        if (refuseEnforcing != null) {
            throw new AssertionError(refuseEnforcing);
        }
        enforced.add(policy.container());
        owners.put(policy.container(), Set.copyOf(policy.addresses()));
    }

    @Override
    public void release(String container, HostCommands host) {
        if (refuseReleasing != null) {
            throw new AssertionError(refuseReleasing);
        }
        released.add(container);
        owners.remove(container);
    }

    @Override
    public Map<String, Set<String>> owners(HostCommands host) {
        if (unreadable) {
            throw new PortException("permission denied");
        }
        reads++;
        return Map.copyOf(owners);
    }

    @Override
    public Optional<RulesInForce> inspect(String container, HostCommands host) {
        if (inspectionFailure != null) {
            throw inspectionFailure;
        }
        return Optional.ofNullable(held.get(container));
    }

    @Override
    public AutoCloseable watchLosses(Runnable lost) {
        this.lost = lost;
        return () -> { };
    }
}
