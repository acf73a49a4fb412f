package dev.coi.api;

import java.util.List;
import java.util.Objects;

/**
 * One step of a {@link NetworkPolicy}: traffic a container sends to any of the destinations is allowed or
 * rejected.
 *
 * <p>A rule that names destinations but none of one address family matches no traffic of that family: a rule of
 * IPv4 networks only never matches IPv6 traffic, and the other way round.
 *
 * @param destinations networks in CIDR notation, for example {@code 192.168.0.0/16}, {@code 203.0.113.7/32} or
 *                     (since 0.3.0) {@code fc00::/7}; empty means every destination
 * @param verdict what happens to matching traffic
 * @since 0.1.0
 */
public record NetworkRule(List<String> destinations, Verdict verdict) {

    /** What happens to matching traffic. */
    public enum Verdict {
        /** It passes. */
        ALLOW,
        /** It is refused at once, so that the sender sees an error instead of a timeout. */
        REJECT
    }

    /**
     * Checks and copies the components.
     *
     * @param destinations the CIDR networks, empty for all
     * @param verdict what happens to matching traffic
     */
    public NetworkRule {
        destinations = List.copyOf(destinations);
        Objects.requireNonNull(verdict, "verdict");
    }

    /**
     * Whether the rule matches every destination.
     *
     * @return true when no destination is named
     */
    public boolean everywhere() {
        return destinations.isEmpty();
    }

    /**
     * The IPv4 networks among the destinations.
     *
     * @return those that are not IPv6; empty for a rule of every destination as well as for one of IPv6 only
     * @since 0.3.0
     */
    public List<String> ipv4Destinations() {
        return destinations.stream().filter(destination -> !isIpv6(destination)).toList();
    }

    /**
     * The IPv6 networks among the destinations.
     *
     * @return those written with a colon; empty for a rule of every destination as well as for one of IPv4 only
     * @since 0.3.0
     */
    public List<String> ipv6Destinations() {
        return destinations.stream().filter(NetworkRule::isIpv6).toList();
    }

    /**
     * Whether an address or network is IPv6, told by its notation.
     *
     * @param destination an address or a network in CIDR notation
     * @return true when it holds a colon, as IPv6 notation does and IPv4 never
     * @since 0.3.0
     */
    public static boolean isIpv6(String destination) {
        return destination.indexOf(':') >= 0;
    }
}
