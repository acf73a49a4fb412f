package dev.coi.api;

import java.util.List;
import java.util.Objects;

/**
 * What one container may reach, as the kernel computed it from the network mode: an ordered list of rules for
 * the traffic the container sends from its address through the host; the first rule that matches decides, and
 * traffic no rule matches passes.
 *
 * <p>Traffic to the host itself (the container's gateway) is not forwarded and is therefore not subject to the
 * policy.
 *
 * @param container the container that owns the policy; a backend records it with every rule, so that the rules
 *                  can be found and removed by owner
 * @param address the container's IPv4 address, without prefix length
 * @param rules the rules, first match wins
 * @since 0.1.0
 */
public record NetworkPolicy(String container, String address, List<NetworkRule> rules) {

    /**
     * Checks and copies the components.
     *
     * @param container the owning container
     * @param address its IPv4 address
     * @param rules the rules in order
     */
    public NetworkPolicy {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(address, "address");
        rules = List.copyOf(rules);
    }
}
