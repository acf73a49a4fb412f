package dev.coi.kernel.sessions.manage;

import dev.coi.api.Progress;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.SessionFinisher;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds session containers: those whose name is a session container name ({@link ContainerNames}), with or
 * without coi's labels. Other containers (images being built, the user's own) are never listed; only
 * {@link #findAny} finds them, for a command given their name.
 */
public final class SessionContainers implements SessionContainerLookup {

    private final ContainerRuntime incus;
    private final ContainerNames names;
    private final Supplier<SessionFinisher> finisher;
    private final Progress progress;

    /**
     * @param finisher made only when a stopped ephemeral container has to be saved, because it loads the plugins
     */
    public SessionContainers(ContainerRuntime incus, ContainerNames names, Supplier<SessionFinisher> finisher,
            Progress progress) {
        this.incus = incus;
        this.names = names;
        this.finisher = finisher;
        this.progress = progress;
    }

    /**
     * Every session container without its run-time state, in one Incus request (Incus gathers the state of each
     * running container anew for every request that asks, which would cost 15-25 ms each), sorted by name.
     */
    @Override
    public List<SessionContainer> list() {
        return incus.instances().stream()
                .filter(instance -> names.isSessionContainer(instance.name()))
                .map(SessionContainer::of)
                .sorted(Comparator.comparing(SessionContainer::name))
                .toList();
    }

    /**
     * {@link #list()}, after saving and removing the stopped ephemeral containers that a coi which was killed
     * (or a poweroff while no coi watched) left behind; says so on the progress when it did.
     */
    @Override
    public List<SessionContainer> listAfterReaping() {
        List<SessionContainer> all = list();
        if (all.stream().noneMatch(SessionContainers::leftBehind)) {
            return all;
        }
        int reaped = finisher.get().reapStopped(all);
        if (reaped > 0) {
            progress.info("Saved the session" + (reaped == 1 ? "" : "s") + " of " + reaped
                    + " stopped ephemeral container" + (reaped == 1 ? "" : "s")
                    + " an earlier coi could not finish, and removed " + (reaped == 1 ? "it" : "them"));
        }
        return list();
    }

    /**
     * What {@code coi list} shows of each session container, after {@link #listAfterReaping()}: the addresses come
     * from the networks' leases, and the state only of those containers the leases do not answer for.
     */
    public List<ContainerSummary> summariesAfterReaping() {
        List<SessionContainer> containers = listAfterReaping();
        Map<String, String> addresses = ContainerAddresses.of(incus).of(containers.stream()
                .map(SessionContainer::instance).toList());
        return containers.stream()
                .map(container -> ContainerSummary.of(container, Optional.ofNullable(addresses.get(container.name()))))
                .toList();
    }

    /** The session container of that name, without its network state; empty when there is none. */
    @Override
    public Optional<SessionContainer> find(String name) {
        if (!names.isSessionContainer(name)) {
            return Optional.empty();
        }
        return incus.instance(name).map(SessionContainer::of);
    }

    @Override
    public Optional<SessionContainer> findAny(String name) {
        return incus.instance(name).map(SessionContainer::of);
    }

    @Override
    public ContainerNames names() {
        return names;
    }

    /** Every instance, of any name: who uses a saved session is decided on all of them, not just ours. */
    List<Instance> allInstances() {
        return incus.instances();
    }

    static boolean leftBehind(SessionContainer container) {
        return container.isStopped() && !container.persistent();
    }
}
