package dev.coi.api;

import java.util.List;
import java.util.Objects;

/**
 * One step of a {@link NetworkPolicy}: traffic a container sends to any of the destinations is allowed or
 * rejected.
 *
 * @param destinations IPv4 networks in CIDR notation, for example {@code 192.168.0.0/16} or
 *                     {@code 203.0.113.7/32}; empty means every destination
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
}
