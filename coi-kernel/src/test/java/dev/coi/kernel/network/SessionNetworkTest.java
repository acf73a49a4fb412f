package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.CommandResult;
import dev.coi.api.HostCommands;
import dev.coi.api.NetworkMode;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.config.NetworkSettings;
import dev.coi.kernel.incus.FakeRuntime;
import dev.coi.kernel.incus.NetworkInfo;
import dev.coi.kernel.sessions.RecordingProgress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a session's network needs of the runtime before its container is made, on a runtime in memory. */
class SessionNetworkTest {

    private static final String BRIDGE = "incusbr0";
    private static final Map<String, String> CARD = Map.of("type", "nic", "network", BRIDGE, "name", "eth0");

    @TempDir
    Path coiHome;

    private final FakeRuntime runtime = new FakeRuntime();
    private final RecordingProgress progress = new RecordingProgress();
    /** What the host's {@code net.bridge.bridge-nf-call-ip6tables} says; null: the host must not be asked. */
    private String bridgeNetfilter;

    private SessionNetwork network() {
        HostCommands host = (argv, timeout) -> {
            if (bridgeNetfilter != null && argv.equals(List.of("cat", SessionNetwork.BRIDGE_NETFILTER_IPV6))) {
                return new CommandResult(0, bridgeNetfilter, "");
            }
            throw new AssertionError("no host command expected: " + argv);
        };
        return SessionNetwork.of(runtime, List.of(permissive()), NetworkBackends.AUTO, host, coiHome, progress);
    }

    /** A firewall that is there; preparing a session must not ask it to enforce anything. */
    private static InMemoryBackend permissive() {
        InMemoryBackend backend = new InMemoryBackend();
        backend.refuseEnforcing = "preparing a session enforces nothing";
        return backend;
    }

    private NetworkSettings settings(NetworkMode mode, List<String> allowed) {
        return new NetworkSettings(mode, true, true, false, allowed, 0, false, coiHome.resolve("network.log"));
    }

    private static NetworkInfo managedBridge(String ipv4, String ipv6) {
        return new NetworkInfo(BRIDGE, "bridge", true, Map.of("ipv4.address", ipv4, "ipv6.address", ipv6));
    }

    @Test
    void aNewContainerOnAManagedBridgeGetsAFreeAddressOfCoisChoiceAndTheAddressFilter() {
        runtime.withProfileDevices(Map.of("eth0", CARD))
                .withNetwork(managedBridge("10.20.30.1/29", "none"), "10.20.30.2", "10.20.30.3", "10.20.30.4")
                .with("coi-other-1", "Running", Map.of(), Map.of("eth0", Map.of("type", "nic", "network", BRIDGE,
                        "ipv4.address", "10.20.30.5")));

        SessionNetwork.Preparation preparation = network().prepare(NetworkMode.RESTRICTED,
                settings(NetworkMode.RESTRICTED, List.of()));

        assertTrue(preparation.isolated());
        assertTrue(preparation.rulesBeforeStart());
        Map<String, String> card = preparation.devices().apply("coi-new-1").get("eth0");
        assertEquals("10.20.30.6", card.get("ipv4.address"));
        assertEquals("02:c0:1a:14:1e:06", card.get("hwaddr"));
        assertEquals("true", card.get("security.ipv4_filtering"));
        assertEquals(BRIDGE, card.get("network"));
        assertTrue(progress.warnings.isEmpty(), progress.warnings.toString());
    }

    @Test
    void aWildcardNeedsABackendThatFollowsDnsAndTheUserIsToldWhichOne() {
        runtime.withProfileDevices(Map.of("eth0", CARD)).withNetwork(managedBridge("10.20.30.1/29", "none"));

        CoiException failure = assertThrows(CoiException.class, () -> network().prepare(NetworkMode.ALLOWLIST,
                settings(NetworkMode.ALLOWLIST, List.of("api.example.test", "*.example.test"))));

        assertTrue(failure.getMessage().contains("'*.example.test' is a wildcard"), failure.getMessage());
        assertTrue(failure.getMessage().contains("network.backend = \"nftables\""), failure.getMessage());
    }

    @Test
    void aProfileWithoutACardCannotBeFilteredAndTheUserIsToldWhatToDo() {
        runtime.withProfileDevices(Map.of("root", Map.of("type", "disk", "path", "/", "pool", "default")));

        CoiException failure = assertThrows(CoiException.class, () -> network().prepare(NetworkMode.RESTRICTED,
                settings(NetworkMode.RESTRICTED, List.of())));

        assertTrue(failure.getMessage().contains("the 'default' profile has no network card"), failure.getMessage());
        assertTrue(failure.getMessage().contains("--network=open"), failure.getMessage());
    }

    @Test
    void aCardBesideTheHostsFirewallCannotBeFiltered() {
        runtime.withProfileDevices(Map.of("eth0", Map.of("type", "nic", "nictype", "macvlan", "parent", "enp1s0")));

        CoiException failure = assertThrows(CoiException.class, () -> network().prepare(NetworkMode.RESTRICTED,
                settings(NetworkMode.RESTRICTED, List.of())));

        assertTrue(failure.getMessage().contains("network card 'eth0' of the 'default' profile is not on a bridge"),
                failure.getMessage());
    }

    @Test
    void onAManagedBridgeRoutingIpv6TheCardAlsoGetsTheIpv6AddressItsHardwareAddressGivesAndIncusFilterForIt() {
        bridgeNetfilter = "1\n";
        runtime.withProfileDevices(Map.of("eth0", CARD))
                .withNetwork(managedBridge("10.20.30.1/29", "fd42:1:2:3::1/64"), "10.20.30.2", "10.20.30.3",
                        "10.20.30.4", "10.20.30.5");

        for (NetworkMode mode : List.of(NetworkMode.RESTRICTED, NetworkMode.ALLOWLIST)) {
            SessionNetwork.Preparation preparation = network().prepare(mode, settings(mode, List.of("example.org")));

            Map<String, String> card = preparation.devices().apply("coi-new-1").get("eth0");
            assertEquals("10.20.30.6", card.get("ipv4.address"));
            assertEquals("02:c0:1a:14:1e:06", card.get("hwaddr"));
            assertEquals("fd42:1:2:3:c0:1aff:fe14:1e06", card.get("ipv6.address"));
            assertEquals("true", card.get("security.ipv6_filtering"));
            assertEquals("true", card.get("security.ipv4_filtering"));
            assertTrue(preparation.rulesBeforeStart());
        }
        assertTrue(progress.warnings.isEmpty(), progress.warnings.toString());
    }

    @Test
    void onABridgeWithoutIpv6TheCardGetsNoIpv6Address() {
        runtime.withProfileDevices(Map.of("eth0", CARD)).withNetwork(managedBridge("10.20.30.1/24", "none"));

        Map<String, String> card = network().prepare(NetworkMode.ALLOWLIST,
                settings(NetworkMode.ALLOWLIST, List.of("example.org"))).devices().apply("coi-new-1").get("eth0");

        assertFalse(card.containsKey("ipv6.address"), card.toString());
        assertFalse(card.containsKey("security.ipv6_filtering"), card.toString());
    }

    @Test
    void ipv6WhoseAddressCoiCannotKnowBeforeBootIsRefusedForAnAllowlistAndOnlyWarnedAboutWhenRestricted() {
        // SLAAC needs the low 64 bits; on a longer prefix the container's address cannot follow from its card
        runtime.withProfileDevices(Map.of("eth0", CARD)).withNetwork(managedBridge("10.20.30.1/24", "fd42::1/80"));

        CoiException failure = assertThrows(CoiException.class, () -> network().prepare(NetworkMode.ALLOWLIST,
                settings(NetworkMode.ALLOWLIST, List.of("example.org"))));
        assertTrue(failure.getMessage().startsWith("allowlist mode cannot hold: bridge " + BRIDGE + " routes IPv6,"
                + " and its IPv6 network's prefix is longer than /64"), failure.getMessage());
        assertTrue(failure.getMessage().contains("incus network set " + BRIDGE + " ipv6.address=none"),
                failure.getMessage());

        Map<String, String> card = network().prepare(NetworkMode.RESTRICTED,
                settings(NetworkMode.RESTRICTED, List.of())).devices().apply("coi-new-1").get("eth0");
        assertEquals(1, progress.warnings.size());
        assertTrue(progress.warnings.getFirst().startsWith("bridge " + BRIDGE + " routes IPv6"));
        assertTrue(progress.warnings.getFirst().contains("IPv6 destinations (also private ones) are reachable"));
        assertFalse(card.containsKey("ipv6.address"), card.toString());
    }

    @Test
    void withoutBridgeNetfilterIncusCannotFilterIpv6SoAnAllowlistIsRefusedAndRestrictedWarnedAbout() {
        bridgeNetfilter = "0\n";
        runtime.withProfileDevices(Map.of("eth0", CARD)).withNetwork(managedBridge("10.20.30.1/24", "fd42::1/64"));

        CoiException failure = assertThrows(CoiException.class, () -> network().prepare(NetworkMode.ALLOWLIST,
                settings(NetworkMode.ALLOWLIST, List.of("example.org"))));
        assertTrue(failure.getMessage().contains("net.bridge.bridge-nf-call-ip6tables is not 1"), failure.getMessage());
        assertTrue(failure.getMessage().contains("sudo modprobe br_netfilter"), failure.getMessage());

        Map<String, String> card = network().prepare(NetworkMode.RESTRICTED,
                settings(NetworkMode.RESTRICTED, List.of())).devices().apply("coi-new-1").get("eth0");
        assertEquals(1, progress.warnings.size());
        // Incus would refuse to start a container whose card asks for the IPv6 filter
        assertFalse(card.containsKey("security.ipv6_filtering"), card.toString());
        assertFalse(card.containsKey("ipv6.address"), card.toString());
        assertTrue(card.containsKey("ipv4.address"), card.toString());
    }

    @Test
    void anAllowlistWithoutEntriesIsRefusedBeforeTheRuntimeIsAsked() {
        CoiException failure = assertThrows(CoiException.class, () -> network().prepare(NetworkMode.ALLOWLIST,
                settings(NetworkMode.ALLOWLIST, List.of())));

        assertTrue(failure.getMessage().startsWith("allowlist mode needs at least one entry"), failure.getMessage());
    }

    @Test
    void openModeAsksTheRuntimeNothingAndAddsNoDevices() {
        SessionNetwork.Preparation preparation = network().prepare(NetworkMode.OPEN,
                settings(NetworkMode.OPEN, List.of()));

        assertFalse(preparation.isolated());
        assertFalse(preparation.rulesBeforeStart());
        assertEquals(Map.of(), preparation.devices().apply("coi-new-1"));
    }
}
