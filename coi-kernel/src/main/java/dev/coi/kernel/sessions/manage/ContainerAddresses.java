package dev.coi.kernel.sessions.manage;

import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.InstanceState;
import dev.coi.kernel.incus.NetworkLease;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The IPv4 address {@code coi list} shows of each container: the global IPv4 address of its {@code eth0}. Asking
 * Incus for the run-time state of every container costs 15-25 ms each, so the address comes from the leases of the
 * managed network the card is on (a few milliseconds per network, whatever the number of containers), matched by
 * the card's MAC address: a deleted container's lease may still be there under the same host name. Only for a
 * container the leases do not answer for (a card on a network Incus does not manage, no lease yet) is its state
 * read, as before. A lease can show an address a moment before the container has configured it, and the static
 * address Incus hands to a card with {@code ipv4.address} is shown as soon as the container runs.
 */
final class ContainerAddresses {

    /** The interface whose address is shown, as named inside the container. */
    static final String INTERFACE = "eth0";

    private final Function<String, List<NetworkLease>> leases;
    private final Function<String, Optional<InstanceState>> states;

    /**
     * @param leases the leases of a managed network by name
     *               ({@link dev.coi.kernel.incus.NetworkLookups#networkLeases(String)})
     * @param states the state of an instance by name, empty when it is gone ({@link ContainerRuntime#instanceState})
     */
    ContainerAddresses(Function<String, List<NetworkLease>> leases,
            Function<String, Optional<InstanceState>> states) {
        this.leases = leases;
        this.states = states;
    }

    static ContainerAddresses of(ContainerRuntime incus) {
        return new ContainerAddresses(incus.networks()::networkLeases, incus::instanceState);
    }

    /**
     * The addresses of the containers that have one; a stopped container has none.
     *
     * @return container name to address
     */
    Map<String, String> of(List<Instance> instances) {
        List<Instance> up = instances.stream().filter(instance -> !instance.isStopped()).toList();
        Map<String, Card> cards = new LinkedHashMap<>();
        up.forEach(instance -> Card.of(instance).ifPresent(card -> cards.put(instance.name(), card)));
        Map<String, Optional<List<NetworkLease>>> byNetwork = inParallel(
                new TreeSet<>(cards.values().stream().map(Card::network).toList()), this::leasesIfKnown);
        Map<String, String> addresses = new LinkedHashMap<>();
        List<String> unanswered = new ArrayList<>();
        for (Instance instance : up) {
            Optional<String> address = Optional.ofNullable(cards.get(instance.name()))
                    .flatMap(card -> byNetwork.get(card.network()).flatMap(known -> card.address(known)));
            address.ifPresentOrElse(found -> addresses.put(instance.name(), found),
                    () -> unanswered.add(instance.name()));
        }
        inParallel(unanswered, name -> states.apply(name).flatMap(state -> state.globalIpv4(INTERFACE)))
                .forEach((name, address) -> address.ifPresent(found -> addresses.put(name, found)));
        return addresses;
    }

    /** Empty when Incus cannot tell, which the state then answers. */
    private Optional<List<NetworkLease>> leasesIfKnown(String network) {
        try {
            return Optional.of(leases.apply(network));
        } catch (IncusException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs the task for each item, on a virtual thread each when there are several, and waits for all.
     *
     * @throws RuntimeException the first failure of a task, as it was thrown
     */
    private static <T, R> Map<T, R> inParallel(Collection<T> items, Function<T, R> task) {
        Map<T, R> results = new LinkedHashMap<>();
        if (items.size() <= 1) {
            items.forEach(item -> results.put(item, task.apply(item)));
            return results;
        }
        Map<T, Future<R>> futures = new LinkedHashMap<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            items.forEach(item -> futures.put(item, threads.submit(() -> task.apply(item))));
        }
        futures.forEach((item, future) -> results.put(item, switch (future.state()) {
            case SUCCESS -> future.resultNow();
            case FAILED -> throw unchecked(future.exceptionNow());
            default -> throw new CancellationException("interrupted while asking Incus for container addresses");
        }));
        return results;
    }

    private static RuntimeException unchecked(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(failure);
    }

    /**
     * The card whose interface inside the container is eth0, on a managed network.
     *
     * @param network the managed network's name (the device's {@code network} key)
     * @param hwaddr its MAC address
     */
    record Card(String network, String hwaddr) {

        static Optional<Card> of(Instance instance) {
            return instance.expandedDevices().entrySet().stream()
                    .filter(device -> "nic".equals(device.getValue().get("type"))
                            && INTERFACE.equals(device.getValue().getOrDefault("name", device.getKey())))
                    .findFirst()
                    .flatMap(device -> {
                        String network = device.getValue().get("network");
                        String hwaddr = Optional.ofNullable(device.getValue().get("hwaddr"))
                                .or(() -> Optional.ofNullable(instance.config()
                                        .get("volatile." + device.getKey() + ".hwaddr")))
                                .orElse("");
                        return network == null || network.isBlank() || hwaddr.isBlank() ? Optional.empty()
                                : Optional.of(new Card(network, hwaddr));
                    });
        }

        /** The IPv4 address the network hands to this card: its static address, else its DHCP lease. */
        Optional<String> address(List<NetworkLease> leases) {
            return leases.stream()
                    .filter(lease -> lease.isIpv4() && lease.hwaddr().equalsIgnoreCase(hwaddr))
                    .filter(lease -> lease.type().equals("static") || lease.type().equals("dynamic"))
                    .min(Comparator.comparing(lease -> lease.type().equals("static") ? 0 : 1))
                    .map(NetworkLease::address);
        }
    }
}
