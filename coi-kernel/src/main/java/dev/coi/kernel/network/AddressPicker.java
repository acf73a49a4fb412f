package dev.coi.kernel.network;

import dev.coi.kernel.base.CoiException;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Chooses the address a new filtered container gets on a managed bridge, so that its rules can be scoped to it
 * without waiting for DHCP. The search starts at a random place: two coi starting at the same moment look in
 * different places, and a container made again under the name of one just deleted does not ask for its
 * predecessor's address. dnsmasq may still hold that address leased to the old card's MAC (Incus' leases list
 * no longer shows it); it then refuses the configured address and hands out another, which the card's address
 * filter blocks, leaving the container without network.
 */
final class AddressPicker {

    private static final int MIN_HOSTS = 4;

    private AddressPicker() {
    }

    /**
     * @param gatewayCidr the bridge's {@code ipv4.address}, e.g. {@code 10.123.45.1/24}
     * @param used addresses that are taken (leases, other containers' static addresses)
     * @param container the container's name, for the error
     * @param random where the search starts
     * @return a free address of the subnet that is neither its network, broadcast nor gateway address
     */
    static String pick(String gatewayCidr, Set<String> used, String container, RandomGenerator random) {
        int slash = gatewayCidr.indexOf('/');
        int prefix = Integer.parseInt(gatewayCidr.substring(slash + 1));
        long gateway = toLong(gatewayCidr.substring(0, slash));
        long size = 1L << (32 - prefix);
        if (size < MIN_HOSTS) {
            throw CoiException.failure("bridge subnet " + gatewayCidr + " has no room for containers");
        }
        long network = gateway & ~(size - 1) & 0xFFFFFFFFL;
        long hosts = size - 2;
        long start = random.nextLong(hosts);
        for (long step = 0; step < hosts; step++) {
            long candidate = network + 1 + (start + step) % hosts;
            String text = toText(candidate);
            if (candidate != gateway && !used.contains(text)) {
                return text;
            }
        }
        throw CoiException.failure("bridge subnet " + gatewayCidr + " has no free address left for " + container
                + "; remove containers you no longer need");
    }

    /**
     * The hardware address of a card coi gives this IPv4 address: locally administered ({@code 02:c0:1a}) and made of
     * the address's last three bytes, so unique on a bridge whose addresses are, and the same for every container
     * that ever has the address there.
     *
     * @param address an IPv4 address, e.g. {@code 10.123.45.12}
     * @return e.g. {@code 02:c0:1a:7b:2d:0c}
     */
    static String hardwareAddressFor(String address) {
        long value = toLong(address);
        return String.format("02:c0:1a:%02x:%02x:%02x", (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF);
    }

    /**
     * The IPv6 address a card of this hardware address gives itself by SLAAC on a bridge (the modified EUI-64
     * interface identifier), which coi also gives the card as its static IPv6 address for stateful DHCPv6 and for
     * Incus' address filter. Unique on the bridge as the hardware address is.
     *
     * @param bridgeCidr the bridge's {@code ipv6.address}, e.g. {@code fd42:1:2:3::1/64}, prefix at most 64
     * @param hardwareAddress e.g. {@code 02:c0:1a:14:1e:06}
     * @return e.g. {@code fd42:1:2:3:c0:1aff:fe14:1e06}
     */
    static String ipv6For(String bridgeCidr, String hardwareAddress) {
        int slash = bridgeCidr.indexOf('/');
        int prefix = Integer.parseInt(bridgeCidr.substring(slash + 1));
        byte[] network = Ipv6.network(Ipv6.parse(bridgeCidr.substring(0, slash)), prefix);
        return Ipv6.format(Ipv6.slaac(network, hardwareAddress));
    }

    static long toLong(String address) {
        long value = 0;
        for (String part : address.split("\\.")) {
            value = (value << 8) | Integer.parseInt(part);
        }
        return value;
    }

    static String toText(long value) {
        return ((value >> 24) & 0xFF) + "." + ((value >> 16) & 0xFF) + "." + ((value >> 8) & 0xFF) + "." + (value & 0xFF);
    }
}
