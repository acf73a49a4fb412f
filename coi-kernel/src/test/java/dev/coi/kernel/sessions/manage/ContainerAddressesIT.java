package dev.coi.kernel.sessions.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.TestInstances;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On the real Incus of this machine (whose default profile puts eth0 on a managed bridge): the address the leases
 * give {@code coi list} is the one the container's state shows, and a container without a lease still gets its own.
 */
class ContainerAddressesIT {

    /** Configures the address udhcpc is handed, as a DHCP client in a real image does. */
    private static final String DHCP_SCRIPT = """
            printf '#!/bin/sh\\n[ "$1" = bound ] && /bin/busybox ip addr add "$ip/$mask" dev "$interface"\\nexit 0\\n' \
            > /tmp/dhcp.sh && chmod 755 /tmp/dhcp.sh && /bin/busybox udhcpc -i eth0 -q -n -t 10 -s /tmp/dhcp.sh""";

    private final IncusClient client = IncusClient.local(null);
    private final TestInstances instances = new TestInstances(client);

    @AfterEach
    void deleteContainers() {
        instances.close();
    }

    @Test
    void theLeaseOfTheCardIsTheAddressTheStateShows() {
        String leased = instances.launch();
        String unleased = instances.launch();
        CommandResult dhcp = client.exec(leased, List.of("/bin/sh", "-c", DHCP_SCRIPT), ExecOptions.asRoot());
        assertEquals(0, dhcp.exitCode(), dhcp::toString);
        Optional<String> stateSays = client.instanceState(leased).flatMap(state -> state.globalIpv4(ContainerAddresses.INTERFACE));
        assertTrue(stateSays.isPresent(), "udhcpc configured no address: " + dhcp);
        Instance instance = client.instance(leased).orElseThrow();

        Map<String, String> fromLeasesOnly = new ContainerAddresses(client::networkLeases, name -> {
            throw new AssertionError("the leases answer for " + name);
        }).of(List.of(instance));
        Map<String, String> both = ContainerAddresses.of(client).of(List.of(instance,
                client.instance(unleased).orElseThrow()));

        assertEquals(Map.of(leased, stateSays.get()), fromLeasesOnly);
        assertEquals(Map.of(leased, stateSays.get()), both, "no lease and no address for " + unleased);
    }
}
