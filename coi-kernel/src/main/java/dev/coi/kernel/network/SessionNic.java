package dev.coi.kernel.network;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.InstanceState;
import dev.coi.kernel.incus.NetworkInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The network card a session container gets from the default profile, and what filtering needs of it: a bridge
 * the host routes for (only then does the container's traffic pass the host's FORWARD chain), and Incus' own
 * address filter on the card, so that root in the container cannot send from another address than the one the
 * rules are scoped to.
 *
 * @param device the device name, e.g. {@code eth0}
 * @param interfaceName the interface name inside the container
 * @param keys the profile's device keys
 * @param gateway the host's IPv4 address on the bridge
 * @param bridge the bridge's name
 * @param ipv6 whether the host routes IPv6 for the bridge, which the IPv4 rules do not filter
 * @param managedSubnet the gateway with prefix length when Incus manages the bridge (and so can give a container
 *                      an address chosen by coi), else empty
 */
record SessionNic(String device, String interfaceName, Map<String, String> keys, String gateway, String bridge,
        boolean ipv6, Optional<String> managedSubnet) {

    static final String PROFILE = "default";
    static final String ADDRESS_FILTER = "security.ipv4_filtering";
    static final String STATIC_ADDRESS = "ipv4.address";
    static final String HARDWARE_ADDRESS = "hwaddr";

    /**
     * The card the default profile gives new containers, before one exists.
     *
     * @throws CoiException when the profile gives no card, or one whose traffic the host cannot filter
     */
    static SessionNic ofDefaultProfile(ContainerRuntime incus, String mode) {
        Map<String, Map<String, String>> devices = incus.profileDevices(PROFILE).orElseThrow(() -> unusable(mode,
                "Incus has no profile '" + PROFILE + "'"));
        return of(incus, devices, "the '" + PROFILE + "' profile", mode);
    }

    /**
     * The card the container really has (its profiles and its own devices applied), which may differ from what
     * the profile gives today.
     *
     * @throws CoiException when it has no card, or one whose traffic the host cannot filter
     */
    static SessionNic ofInstance(ContainerRuntime incus, Instance instance, String mode) {
        return of(incus, instance.expandedDevices(), "container " + instance.name(), mode);
    }

    /** The address coi gave the container's card, if it did: known before the container ever runs. */
    static Optional<String> staticAddressOf(Instance instance) {
        return card(instance.expandedDevices()).map(nic -> nic.getValue().get(STATIC_ADDRESS))
                .filter(address -> address != null && !address.isBlank());
    }

    /** The card the rules are for: eth0, else the first by name. */
    private static Optional<Map.Entry<String, Map<String, String>>> card(Map<String, Map<String, String>> devices) {
        return devices.entrySet().stream()
                .filter(device -> "nic".equals(device.getValue().get("type")))
                .sorted(Map.Entry.comparingByKey((a, b) -> a.equals("eth0") ? -1 : b.equals("eth0") ? 1 : a.compareTo(b)))
                .findFirst();
    }

    private static SessionNic of(ContainerRuntime incus, Map<String, Map<String, String>> devices, String owner,
            String mode) {
        Map.Entry<String, Map<String, String>> nic = card(devices)
                .orElseThrow(() -> unusable(mode, owner + " has no network card"));
        Map<String, String> keys = nic.getValue();
        String bridge = bridgeOf(incus, keys).orElseThrow(() -> unusable(mode, "network card '" + nic.getKey()
                + "' of " + owner + " is not on a bridge (" + describe(keys) + "), so its traffic does not pass the"
                + " host's firewall"));
        String gateway = gatewayOn(incus, bridge).orElseThrow(() -> unusable(mode, "the host has no IPv4 address on"
                + " bridge " + bridge + ", so it does not route the containers' traffic and cannot filter it"));
        Optional<String> subnet = incus.networks().network(bridge).filter(NetworkInfo::managed)
                .map(info -> info.config().getOrDefault("ipv4.address", ""))
                .filter(address -> address.contains("/"));
        return new SessionNic(nic.getKey(), keys.getOrDefault("name", nic.getKey()), keys, gateway, bridge,
                routesIpv6(incus, bridge), subnet);
    }

    /** The address coi gave the container on this card, if it did. */
    Optional<String> staticAddress() {
        return Optional.ofNullable(keys.get(STATIC_ADDRESS)).filter(address -> !address.isBlank());
    }

    /**
     * The card for a new container: filtered, and on a managed bridge with a free address chosen now, so that the
     * rules need not wait for DHCP.
     */
    Map<String, Map<String, String>> deviceFor(ContainerRuntime incus, String container) {
        Map<String, String> card = filteredKeys();
        managedSubnet.ifPresent(subnet -> {
            String address = AddressPicker.pick(subnet, usedAddresses(incus), container, ThreadLocalRandom.current());
            card.put(STATIC_ADDRESS, address);
            // the DHCP server keeps a deleted container's lease for an hour and gives its address to no other card:
            // a card of the same hardware address as every earlier one on that address gets it
            card.put(HARDWARE_ADDRESS, AddressPicker.hardwareAddressFor(address));
        });
        return Map.of(device, Map.copyOf(card));
    }

    private Set<String> usedAddresses(ContainerRuntime incus) {
        Set<String> used = new HashSet<>(incus.networks().networkLeaseAddresses(bridge));
        for (Instance instance : incus.instances()) {
            instance.expandedDevices().values().stream()
                    .filter(device -> "nic".equals(device.get("type")) && bridge.equals(device.get("network")))
                    .map(device -> device.get(STATIC_ADDRESS))
                    .filter(address -> address != null && !address.isBlank())
                    .forEach(used::add);
        }
        return used;
    }

    /** Whether Incus already drops what the container sends from another address than its own. */
    boolean filtered() {
        return "true".equals(keys.get(ADDRESS_FILTER));
    }

    /** The card as the create request carries it: the profile's, with Incus' address filter on. */
    Map<String, Map<String, String>> filteredDevice() {
        return Map.of(device, Map.copyOf(filteredKeys()));
    }

    private Map<String, String> filteredKeys() {
        Map<String, String> filtered = new LinkedHashMap<>(keys);
        filtered.put(ADDRESS_FILTER, "true");
        return filtered;
    }

    /** The container's IPv4 address on this card, once it has one. */
    Optional<String> address(InstanceState state) {
        if (state == null) {
            return Optional.empty();
        }
        return state.globalIpv4(interfaceName);
    }

    private static Optional<String> bridgeOf(ContainerRuntime incus, Map<String, String> keys) {
        String network = keys.get("network");
        if (network != null) {
            return incus.networks().network(network).filter(info -> "bridge".equals(info.type()))
                    .map(NetworkInfo::name);
        }
        return "bridged".equals(keys.get("nictype")) ? Optional.ofNullable(keys.get("parent")) : Optional.empty();
    }

    private static Optional<String> gatewayOn(ContainerRuntime incus, String bridge) {
        Optional<String> managed = incus.networks().network(bridge).filter(NetworkInfo::managed)
                .flatMap(NetworkInfo::ipv4Address);
        if (managed.isPresent()) {
            return managed;
        }
        return incus.networks().networkAddresses(bridge).stream()
                .filter(address -> "inet".equals(address.family()))
                .map(InstanceState.Address::address)
                .findFirst();
    }

    private static boolean routesIpv6(ContainerRuntime incus, String bridge) {
        Optional<NetworkInfo> managed = incus.networks().network(bridge).filter(NetworkInfo::managed);
        if (managed.isPresent()) {
            String address = managed.get().config().getOrDefault("ipv6.address", "");
            return !address.isBlank() && !address.equals("none");
        }
        return incus.networks().networkAddresses(bridge).stream()
                .anyMatch(address -> "inet6".equals(address.family()) && "global".equals(address.scope()));
    }

    private static String describe(Map<String, String> keys) {
        return keys.containsKey("network") ? "network " + keys.get("network")
                : "nictype " + keys.getOrDefault("nictype", "?") + ", parent " + keys.getOrDefault("parent", "?");
    }

    private static CoiException unusable(String mode, String why) {
        return CoiException.failure("network mode '" + mode + "' cannot be enforced: " + why + ". Put the '" + PROFILE
                + "' profile's eth0 on an Incus bridge (incus profile device set " + PROFILE + " eth0 network=incusbr0),"
                + " or run without isolation: --network=open");
    }
}
