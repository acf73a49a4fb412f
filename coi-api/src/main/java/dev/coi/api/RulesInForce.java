package dev.coi.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a network backend has in force for one container, as it reads it back from the firewall
 * ({@link NetworkBackend#inspect}): what a user checks when the container's network does not behave as its policy
 * says.
 *
 * @param rules the container's rules in the order the firewall applies them, one line each as the backend writes
 *              them, with the packets and bytes that matched where the firewall counts them; empty when the
 *              container has none
 * @param admitted the addresses that {@link NetworkBackend#admit} opened and that are still open, each with the
 *                 time it has left; empty for a policy that does not follow DNS
 * @since 0.3.0
 */
public record RulesInForce(List<String> rules, List<Admitted> admitted) {

    /**
     * Copies the components.
     *
     * @param rules the rules in order
     * @param admitted the addresses still admitted
     */
    public RulesInForce {
        rules = List.copyOf(rules);
        admitted = List.copyOf(admitted);
    }

    /**
     * One address that {@link NetworkBackend#admit} opened.
     *
     * @param address the IPv4 or IPv6 address, without prefix length
     * @param remaining how long it stays open unless admitted again
     * @since 0.3.0
     */
    public record Admitted(String address, Duration remaining) {

        /**
         * Checks the components.
         *
         * @param address the address
         * @param remaining the time it has left, not negative
         */
        public Admitted {
            Objects.requireNonNull(address, "address");
            if (remaining.isNegative()) {
                throw new IllegalArgumentException("an admitted address cannot have " + remaining + " left");
            }
        }
    }
}
