package dev.coi.kernel.network;

import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.InstanceState;
import java.util.Map;

/**
 * The bridge that session containers are attached to: the one of the default profile's {@code eth0} nic (never
 * assumed to be {@code incusbr0}), with the host's address on it, which is the containers' gateway.
 *
 * @param name the bridge's interface name on the host
 * @param gateway the host's IPv4 address on the bridge
 * @param prefixLength the length of the bridge's IPv4 subnet
 */
record IncusBridge(String name, String gateway, int prefixLength) {

    /** Reads the default profile's eth0 nic and the host's address on the bridge it is on, over the REST API. */
    static IncusBridge ofDefaultProfile() {
        IncusClient incus = IncusClient.local(null);
        Map<String, String> nic = incus.profileDevices("default").map(devices -> devices.get("eth0"))
                .filter(device -> "nic".equals(device.get("type")))
                .orElseThrow(() -> new IllegalStateException("the default Incus profile has no eth0 nic; set the"
                        + " host up with scripts/setup-host.sh --ci"));
        String bridge = nic.getOrDefault("network", nic.getOrDefault("parent", ""));
        if (bridge.isEmpty()) {
            throw new IllegalStateException("the default profile's eth0 nic has neither network nor parent: " + nic);
        }
        InstanceState.Address address = incus.networkAddresses(bridge).stream()
                .filter(candidate -> "inet".equals(candidate.family()) && !"link".equals(candidate.scope()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the bridge " + bridge + " has no IPv4 address: the"
                        + " network tests need one"));
        return new IncusBridge(bridge, address.address(), Integer.parseInt(address.netmask()));
    }

    /** The bridge's subnet in CIDR notation, e.g. {@code 10.123.45.0/24}. */
    String subnet() {
        int bits = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        return Addresses.toText(Addresses.toInt(gateway) & bits) + "/" + prefixLength;
    }
}
