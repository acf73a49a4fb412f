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
 * @param ipv6 whether the host routes IPv6 for the bridge
 * @param managedSubnet the gateway with prefix length when Incus manages the bridge (and so can give a container
 *                      an address chosen by coi), else empty
 * @param managedIpv6Subnet the bridge's IPv6 gateway with prefix length when Incus manages the bridge, it routes IPv6
 *                          and its prefix leaves the 64 bits of an interface identifier (so that a container's
 *                          address follows from its hardware address and is known before it runs), else empty
 * @param hardwareAddress the card's hardware address when known: set by coi, or given by Incus at the first start
 * @param bridgeNetfilter whether the host passes bridged IPv6 to its firewall (br_netfilter), without which Incus
 *                        refuses to start a container with its IPv6 address filter
 */
record SessionNic(String device, String interfaceName, Map<String, String> keys, String gateway, String bridge,
        boolean ipv6, Optional<String> managedSubnet, Optional<String> managedIpv6Subnet,
        Optional<String> hardwareAddress, boolean bridgeNetfilter) {

    static final String PROFILE = "default";
    static final String ADDRESS_FILTER = "security.ipv4_filtering";
    static final String STATIC_ADDRESS = "ipv4.address";
    static final String HARDWARE_ADDRESS = "hwaddr";
    static final String IPV6_ADDRESS_FILTER = "security.ipv6_filtering";
    static final String STATIC_IPV6_ADDRESS = "ipv6.address";
    /** SLAAC and coi's choice of address take the low 64 bits of the bridge's network. */
    private static final int MAX_IPV6_PREFIX = 64;

    /**
     * The card the default profile gives new containers, before one exists.
     *
     * @throws CoiException when the profile gives no card, or one whose traffic the host cannot filter
     */
    static SessionNic ofDefaultProfile(ContainerRuntime incus, String mode) {
        Map<String, Map<String, String>> devices = incus.profileDevices(PROFILE).orElseThrow(() -> unusable(mode,
                "Incus has no profile '" + PROFILE + "'"));
        return of(incus, devices, Map.of(), "the '" + PROFILE + "' profile", mode);
    }

    /**
     * The card the container really has (its profiles and its own devices applied), which may differ from what
     * the profile gives today.
     *
     * @throws CoiException when it has no card, or one whose traffic the host cannot filter
     */
    static SessionNic ofInstance(ContainerRuntime incus, Instance instance, String mode) {
        return of(incus, instance.expandedDevices(), instance.config(), "container " + instance.name(), mode);
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

    private static SessionNic of(ContainerRuntime incus, Map<String, Map<String, String>> devices,
            Map<String, String> config, String owner, String mode) {
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
        boolean ipv6 = routesIpv6(incus, bridge);
        Optional<String> ipv6Subnet = ipv6 ? incus.networks().network(bridge).filter(NetworkInfo::managed)
                .map(info -> info.config().getOrDefault(STATIC_IPV6_ADDRESS, ""))
                .filter(SessionNic::leavesAnInterfaceIdentifier) : Optional.empty();
        Optional<String> hardwareAddress = Optional.ofNullable(keys.get(HARDWARE_ADDRESS))
                .or(() -> Optional.ofNullable(config.get("volatile." + nic.getKey() + ".hwaddr")))
                .filter(address -> !address.isBlank());
        return new SessionNic(nic.getKey(), keys.getOrDefault("name", nic.getKey()), keys, gateway, bridge,
                ipv6, subnet, ipv6Subnet, hardwareAddress, true);
    }

    /** The same card on a host that does not pass bridged IPv6 to its firewall. */
    SessionNic withoutBridgeNetfilter() {
        return new SessionNic(device, interfaceName, keys, gateway, bridge, ipv6, managedSubnet, managedIpv6Subnet,
                hardwareAddress, false);
    }

    /** Whether coi would pin and filter the container's IPv6 address, were the host's bridge netfilter on. */
    boolean ipv6Pinnable() {
        return ipv6 && managedIpv6Subnet.isPresent();
    }

    private static boolean leavesAnInterfaceIdentifier(String cidr) {
        int slash = cidr.indexOf('/');
        return slash > 0 && cidr.substring(slash + 1).matches("\\d{1,3}")
                && Integer.parseInt(cidr.substring(slash + 1)) <= MAX_IPV6_PREFIX;
    }

    /**
     * Why the container's IPv6 traffic cannot be filtered, when the bridge routes IPv6 and coi cannot know the
     * container's IPv6 address before it runs; empty when it can, or when there is no IPv6 to filter.
     */
    Optional<String> ipv6Unfilterable() {
        if (!ipv6 || managedIpv6Subnet.isPresent() && bridgeNetfilter) {
            return Optional.empty();
        }
        if (managedIpv6Subnet.isPresent()) {
            return Optional.of("bridge " + bridge + " routes IPv6, and the host does not pass bridged IPv6 to its"
                    + " firewall (net.bridge.bridge-nf-call-ip6tables is not 1), which Incus needs to hold a container"
                    + " to its IPv6 address");
        }
        boolean managed = managedSubnet.isPresent();
        return Optional.of("bridge " + bridge + " routes IPv6, and " + (managed
                ? "its IPv6 network's prefix is longer than /" + MAX_IPV6_PREFIX
                : "Incus does not manage it, so a container's IPv6 address comes from router advertisements")
                + ": coi cannot know the container's IPv6 address before it runs and so cannot filter its IPv6");
    }

    /** What makes {@link #ipv6Unfilterable()} go away, for the message that reports it. */
    String ipv6Fix() {
        String off = "turn IPv6 off on the bridge: incus network set " + bridge + " ipv6.address=none";
        if (managedIpv6Subnet.isPresent()) {
            return "load bridge netfilter (sudo modprobe br_netfilter; sudo sysctl -w"
                    + " net.bridge.bridge-nf-call-ip6tables=1; mind that the host's firewall then also sees traffic"
                    + " between containers of a bridge), or " + off;
        }
        return "let Incus manage the bridge with an IPv6 network of prefix /" + MAX_IPV6_PREFIX + " or shorter, or "
                + off;
    }

    /**
     * The container's IPv6 address on this card, when the bridge routes IPv6: the one coi gave the card, else the
     * one its hardware address gives it by SLAAC on a managed bridge.
     */
    Optional<String> ipv6Address() {
        if (!ipv6) {
            return Optional.empty();
        }
        Optional<String> given = Optional.ofNullable(keys.get(STATIC_IPV6_ADDRESS))
                .filter(address -> !address.isBlank() && !address.equals("none"));
        if (given.isPresent() || !bridgeNetfilter) {
            return given;
        }
        return managedIpv6Subnet.flatMap(subnet -> hardwareAddress.map(mac -> AddressPicker.ipv6For(subnet, mac)));
    }

    /** The address coi gave the container on this card, if it did. */
    Optional<String> staticAddress() {
        return Optional.ofNullable(keys.get(STATIC_ADDRESS)).filter(address -> !address.isBlank());
    }

    /**
     * The card for a new container: filtered, and on a managed bridge with a free address chosen now, so that the
     * rules need not wait for DHCP.
     *
     * @param given the addresses given to containers not made yet, which this call adds its choice to; sessions
     *              started together share it, as Incus does not know their addresses before their creates
     */
    Map<String, Map<String, String>> deviceFor(ContainerRuntime incus, String container, Set<String> given) {
        Map<String, String> card = filteredKeys();
        managedSubnet.ifPresent(subnet -> {
            Set<String> used = usedAddresses(incus);
            String address;
            synchronized (given) {
                used.addAll(given);
                address = AddressPicker.pick(subnet, used, container, ThreadLocalRandom.current());
                given.add(address);
            }
            card.put(STATIC_ADDRESS, address);
            // the DHCP server keeps a deleted container's lease for an hour and gives its address to no other card:
            // a card of the same hardware address as every earlier one on that address gets it
            String hardware = AddressPicker.hardwareAddressFor(address);
            card.put(HARDWARE_ADDRESS, hardware);
            // the address SLAAC gives that card, pinned and filtered by Incus, so that the rules can be scoped to it
            managedIpv6Subnet.filter(ipv6Subnet -> bridgeNetfilter).ifPresent(ipv6Subnet -> {
                card.put(STATIC_IPV6_ADDRESS, AddressPicker.ipv6For(ipv6Subnet, hardware));
                card.put(IPV6_ADDRESS_FILTER, "true");
            });
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

    /**
     * Whether Incus already drops what the container sends from another address than its own: IPv4, and IPv6 when
     * the bridge routes it.
     */
    boolean filtered() {
        return "true".equals(keys.get(ADDRESS_FILTER)) && (ipv6Address().isEmpty()
                || "true".equals(keys.get(IPV6_ADDRESS_FILTER)) && keys.containsKey(STATIC_IPV6_ADDRESS));
    }

    /** The card as the create request carries it: the profile's, with Incus' address filter on. */
    Map<String, Map<String, String>> filteredDevice() {
        return Map.of(device, Map.copyOf(filteredKeys()));
    }

    private Map<String, String> filteredKeys() {
        Map<String, String> filtered = new LinkedHashMap<>(keys);
        filtered.put(ADDRESS_FILTER, "true");
        ipv6Address().ifPresent(address -> {
            filtered.put(STATIC_IPV6_ADDRESS, address);
            filtered.put(IPV6_ADDRESS_FILTER, "true");
        });
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
