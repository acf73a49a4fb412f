package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.incus.FakeRuntime;
import dev.coi.kernel.incus.NetworkInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The IPv6 address of an existing container's card, on a runtime in memory. */
class SessionNicTest {

    private static final String BRIDGE = "incusbr0";
    private static final String CONTAINER = "coi-abc-1";
    private static final String SLAAC = "fd42:1:2:3:c0:1aff:fe14:1e06";

    private final FakeRuntime runtime = new FakeRuntime();

    private SessionNic card(String ipv6Network, Map<String, String> config, Map<String, String> keys) {
        runtime.withNetwork(new NetworkInfo(BRIDGE, "bridge", true, Map.of("ipv4.address", "10.20.30.1/24",
                "ipv6.address", ipv6Network)));
        Map<String, String> card = new HashMap<>(Map.of("type", "nic", "network", BRIDGE, "name", "eth0"));
        card.putAll(keys);
        runtime.with(CONTAINER, "Running", config, Map.of("eth0", card));
        return SessionNic.ofInstance(runtime, runtime.instance(CONTAINER).orElseThrow(), "restricted");
    }

    @Test
    void aCardCoiMadeHasTheIpv6AddressItWasGivenAndIsFiltered() {
        SessionNic nic = card("fd42:1:2:3::1/64", Map.of(), Map.of("ipv4.address", "10.20.30.6",
                "hwaddr", "02:c0:1a:14:1e:06", "ipv6.address", SLAAC, "security.ipv4_filtering", "true",
                "security.ipv6_filtering", "true"));

        assertEquals(Optional.of(SLAAC), nic.ipv6Address());
        assertTrue(nic.filtered());
        assertEquals(Optional.empty(), nic.ipv6Unfilterable());
    }

    @Test
    void aCardMadeBeforeCoiFilteredIpv6GetsItsSlaacAddressPinnedAndFiltered() {
        SessionNic nic = card("fd42:1:2:3::1/64", Map.of(), Map.of("ipv4.address", "10.20.30.6",
                "hwaddr", "02:c0:1a:14:1e:06", "security.ipv4_filtering", "true"));

        assertEquals(Optional.of(SLAAC), nic.ipv6Address());
        assertFalse(nic.filtered());
        Map<String, String> filtered = nic.filteredDevice().get("eth0");
        assertEquals(SLAAC, filtered.get("ipv6.address"));
        assertEquals("true", filtered.get("security.ipv6_filtering"));
        assertEquals("true", filtered.get("security.ipv4_filtering"));
        assertEquals("02:c0:1a:14:1e:06", filtered.get("hwaddr"));
    }

    @Test
    void aCardIncusGaveAHardwareAddressHasTheAddressThatOneGivesWithoutTheCardBeingGivenIt() {
        SessionNic nic = card("fd42:1:2:3::1/64", Map.of("volatile.eth0.hwaddr", "02:c0:1a:14:1e:06"), Map.of());

        assertEquals(Optional.of(SLAAC), nic.ipv6Address());
        // the hardware address stays Incus' own: a new one in the card would replace the running interface
        assertFalse(nic.filteredDevice().get("eth0").containsKey("hwaddr"));
    }

    @Test
    void onABridgeWithoutIpv6ThereIsNoIpv6AddressAndTheIpv4FilterIsEnough() {
        SessionNic nic = card("none", Map.of(), Map.of("ipv4.address", "10.20.30.6", "hwaddr", "02:c0:1a:14:1e:06",
                "security.ipv4_filtering", "true"));

        assertEquals(Optional.empty(), nic.ipv6Address());
        assertTrue(nic.filtered());
        assertFalse(nic.filteredDevice().get("eth0").containsKey("ipv6.address"));
    }

    @Test
    void aCardWithoutAHardwareAddressYetHasNoIpv6AddressToFilter() {
        SessionNic nic = card("fd42:1:2:3::1/64", Map.of(), Map.of());

        assertTrue(nic.ipv6());
        assertEquals(Optional.empty(), nic.ipv6Address());
    }

    @Test
    void withoutBridgeNetfilterOnlyAnAddressTheCardWasGivenCounts() {
        SessionNic computed = card("fd42:1:2:3::1/64", Map.of("volatile.eth0.hwaddr", "02:c0:1a:14:1e:06"), Map.of())
                .withoutBridgeNetfilter();

        assertEquals(Optional.empty(), computed.ipv6Address());
        assertTrue(computed.ipv6Unfilterable().orElseThrow().contains("bridge-nf-call-ip6tables"));
        assertFalse(computed.filteredDevice().get("eth0").containsKey("security.ipv6_filtering"));
    }
}
