package dev.coi.kernel.sessions.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coi.kernel.incus.IncusException;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.InstanceState;
import dev.coi.kernel.incus.InstanceState.Address;
import dev.coi.kernel.incus.InstanceState.NetworkInterface;
import dev.coi.kernel.incus.NetworkLease;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code coi list}'s addresses: from the networks' leases by MAC address, else from the container's state. */
class ContainerAddressesTest {

    private static final Instant CREATED = Instant.parse("2026-01-31T10:00:00Z");
    private static final NetworkLease GATEWAY = new NetworkLease("incusbr0.gw", "", "10.1.2.1", "gateway", "");

    private final Map<String, List<NetworkLease>> networks = new ConcurrentHashMap<>();
    private final Map<String, InstanceState> states = new ConcurrentHashMap<>();
    private final List<String> leaseRequests = new CopyOnWriteArrayList<>();
    private final List<String> stateRequests = new CopyOnWriteArrayList<>();

    private Map<String, String> addresses(Instance... instances) {
        return new ContainerAddresses(network -> {
            leaseRequests.add(network);
            List<NetworkLease> leases = networks.get(network);
            if (leases == null) {
                throw new IncusException("Incus could not read the leases of network " + network, 400,
                        "Network is not managed", null);
            }
            return leases;
        }, name -> {
            stateRequests.add(name);
            return Optional.ofNullable(states.get(name));
        }).of(List.of(instances));
    }

    /** A container whose eth0 is device eth0 on the network, with the MAC address Incus made for it. */
    private static Instance running(String name, String network, String hwaddr) {
        return instance(name, "Running", Map.of("volatile.eth0.hwaddr", hwaddr),
                Map.of("eth0", Map.of("type", "nic", "network", network, "name", "eth0")));
    }

    private static Instance instance(String name, String status, Map<String, String> config,
            Map<String, Map<String, String>> devices) {
        return new Instance(name, "container", status, false, config, Map.of(), Map.of(), devices, List.of(),
                CREATED, null, null);
    }

    private static NetworkLease lease(String name, String hwaddr, String address) {
        return new NetworkLease(name, hwaddr, address, "dynamic", "none");
    }

    private static InstanceState state(String eth0Address) {
        NetworkInterface eth0 = new NetworkInterface(List.of(
                new Address("inet6", "fd42::1", "64", "global"),
                new Address("inet", "169.254.3.4", "16", "link"),
                new Address("inet", eth0Address, "24", "global")), "up", "veth1", "10:66:6a:00:00:01");
        NetworkInterface docker0 = new NetworkInterface(List.of(new Address("inet", "172.17.0.1", "16", "global")),
                "up", "", "");
        return new InstanceState("Running", 103, 1, 3, CREATED, Map.of("docker0", docker0, "eth0", eth0));
    }

    @Test
    void aRunningContainersAddressIsTheLeaseOfItsCardsMacAddress() {
        networks.put("incusbr0", List.of(GATEWAY, lease("coi-a-1", "10:66:6a:00:00:01", "10.1.2.50"),
                lease("coi-a-1", "10:66:6a:00:00:01", "fd42::50"), lease("coi-a-2", "10:66:6a:00:00:02", "10.1.2.51")));

        assertEquals(Map.of("coi-a-1", "10.1.2.50", "coi-a-2", "10.1.2.51"),
                addresses(running("coi-a-1", "incusbr0", "10:66:6A:00:00:01"),
                        running("coi-a-2", "incusbr0", "10:66:6a:00:00:02")));
        assertEquals(List.of("incusbr0"), leaseRequests, "one request for the network, whatever the containers");
        assertEquals(List.of(), stateRequests);
    }

    @Test
    void theLeaseOfADeletedPredecessorWithTheSameNameIsIgnored() {
        networks.put("incusbr0", List.of(GATEWAY, lease("coi-a-1", "10:66:6a:00:00:99", "10.1.2.99")));
        states.put("coi-a-1", state("10.1.2.50"));

        assertEquals(Map.of("coi-a-1", "10.1.2.50"), addresses(running("coi-a-1", "incusbr0", "10:66:6a:00:00:01")));
        assertEquals(List.of("coi-a-1"), stateRequests);
    }

    @Test
    void theStaticAddressOfTheCardIsWhatTheNetworkHandsIt() {
        networks.put("incusbr0", List.of(GATEWAY, lease("coi-a-1", "10:66:6a:00:00:01", "10.1.2.60"),
                new NetworkLease("coi-a-1", "10:66:6a:00:00:01", "10.1.2.77", "static", "none")));

        assertEquals(Map.of("coi-a-1", "10.1.2.77"), addresses(running("coi-a-1", "incusbr0", "10:66:6a:00:00:01")));
        assertEquals(List.of(), stateRequests);
    }

    @Test
    void containersTheLeasesDoNotAnswerForGetTheirAddressFromTheirState() {
        networks.put("incusbr0", List.of(GATEWAY));
        Instance noLease = running("coi-a-1", "incusbr0", "10:66:6a:00:00:01");
        Instance unmanaged = running("coi-a-2", "hostbr", "10:66:6a:00:00:02");
        Instance bridgedByParent = instance("coi-a-3", "Running", Map.of("volatile.eth0.hwaddr", "10:66:6a:00:00:03"),
                Map.of("eth0", Map.of("type", "nic", "nictype", "bridged", "parent", "br0")));
        Instance gone = running("coi-a-4", "incusbr0", "10:66:6a:00:00:04");
        states.put("coi-a-1", state("10.1.2.50"));
        states.put("coi-a-2", state("192.168.7.2"));
        states.put("coi-a-3", state("192.168.8.3"));

        assertEquals(Map.of("coi-a-1", "10.1.2.50", "coi-a-2", "192.168.7.2", "coi-a-3", "192.168.8.3"),
                addresses(noLease, unmanaged, bridgedByParent, gone));
        assertEquals(List.of("hostbr", "incusbr0"), leaseRequests.stream().sorted().toList());
        assertEquals(List.of("coi-a-1", "coi-a-2", "coi-a-3", "coi-a-4"), stateRequests.stream().sorted().toList());
    }

    @Test
    void theCardIsTheOneNamedEth0InsideTheContainerWhateverItsDeviceName() {
        networks.put("incusbr0", List.of(lease("coi-a-1", "10:66:6a:00:00:01", "10.1.2.50")));
        networks.put("other", List.of(lease("coi-a-1", "10:66:6a:00:00:02", "10.9.9.9")));
        Instance instance = instance("coi-a-1", "Running",
                Map.of("volatile.net0.hwaddr", "10:66:6a:00:00:01", "volatile.eth0.hwaddr", "10:66:6a:00:00:02"),
                Map.of("net0", Map.of("type", "nic", "network", "incusbr0", "name", "eth0"),
                        "eth0", Map.of("type", "nic", "network", "other", "name", "eth1")));

        assertEquals(Map.of("coi-a-1", "10.1.2.50"), addresses(instance));
    }

    @Test
    void theStateSaysOnlyTheGlobalIpv4AddressOfEth0() {
        states.put("coi-a-1", new InstanceState("Running", 103, 1, 3, CREATED, Map.of("docker0",
                new NetworkInterface(List.of(new Address("inet", "172.17.0.1", "16", "global")), "up", "", ""))));

        assertEquals(Map.of(), addresses(running("coi-a-1", "unmanaged", "10:66:6a:00:00:01")));
        assertEquals(Optional.of("10.1.2.50"), state("10.1.2.50").globalIpv4(ContainerAddresses.INTERFACE));
    }

    @Test
    void aStoppedContainerHasNoAddressAndCostsNoRequest() {
        networks.put("incusbr0", List.of(lease("coi-a-1", "10:66:6a:00:00:01", "10.1.2.50")));
        states.put("coi-a-1", state("10.1.2.50"));

        assertEquals(Map.of(), addresses(instance("coi-a-1", "Stopped", Map.of("volatile.eth0.hwaddr",
                "10:66:6a:00:00:01"), Map.of("eth0", Map.of("type", "nic", "network", "incusbr0")))));
        assertEquals(List.of(), leaseRequests);
        assertEquals(List.of(), stateRequests);
    }

    @Test
    void aFailedStateRequestFailsTheList() {
        IncusException down = new IncusException("Incus is not running", 0, "", null);
        ContainerAddresses addresses = new ContainerAddresses(network -> List.of(), name -> {
            throw down;
        });

        assertEquals(down, assertThrows(IncusException.class, () -> addresses.of(List.of(
                running("coi-a-1", "incusbr0", "10:66:6a:00:00:01"), running("coi-a-2", "incusbr0", "10:66:6a:00:00:02")))));
    }
}
