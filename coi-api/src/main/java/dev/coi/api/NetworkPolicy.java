package dev.coi.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one container may reach, as the kernel computed it from the network mode: an ordered list of rules for
 * the traffic the container sends from its addresses through the host; the first rule that matches decides, and
 * traffic no rule matches passes.
 *
 * <p>Traffic to the host itself (the container's gateway) is not forwarded and is therefore not subject to the
 * policy.
 *
 * <p>A container may have an IPv6 address besides its IPv4 one. The rules then apply to what it sends from either:
 * IPv4 destinations to what it sends from {@link #address()}, IPv6 destinations to what it sends from
 * {@link #ipv6Address()}, and a rule for every destination to both. A backend that enforces a policy with an IPv6
 * address must filter both families, or refuse it.
 *
 * <p>A policy with {@link #dns()} follows DNS: the container's DNS queries (UDP and TCP port 53, to any address,
 * from its IPv4 address) go to the resolver named there, its IPv6 DNS queries to the host are refused, and the
 * addresses that resolver admits ({@link NetworkBackend#admit}) are reachable before any rule applies, for as long
 * as it admitted them. Only a backend whose {@link NetworkBackend#followsDns()} is true is given such a policy.
 *
 * @param container the container that owns the policy; a backend records it with every rule, so that the rules
 *                  can be found and removed by owner
 * @param address the container's IPv4 address, without prefix length
 * @param rules the rules, first match wins
 * @param ipv6Address the container's IPv6 address, without prefix length; empty when it has none that the host
 *                    forwards, so that it sends no IPv6 traffic through the host
 * @param dns where its DNS queries go, when the policy follows DNS
 * @since 0.1.0
 */
public record NetworkPolicy(String container, String address, List<NetworkRule> rules, Optional<String> ipv6Address,
        Optional<DnsRedirect> dns) {

    /**
     * Checks and copies the components.
     *
     * @param container the owning container
     * @param address its IPv4 address
     * @param rules the rules in order
     * @param ipv6Address its IPv6 address, if it has one
     * @param dns where its DNS queries go, if the policy follows DNS
     * @since 0.3.0
     */
    public NetworkPolicy {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(address, "address");
        rules = List.copyOf(rules);
        Objects.requireNonNull(ipv6Address, "ipv6Address");
        Objects.requireNonNull(dns, "dns");
    }

    /**
     * A policy that does not follow DNS.
     *
     * @param container the owning container
     * @param address its IPv4 address
     * @param rules the rules in order
     * @param ipv6Address its IPv6 address, if it has one
     * @since 0.3.0
     */
    public NetworkPolicy(String container, String address, List<NetworkRule> rules, Optional<String> ipv6Address) {
        this(container, address, rules, ipv6Address, Optional.empty());
    }

    /**
     * A policy for a container that has an IPv4 address only.
     *
     * @param container the owning container
     * @param address its IPv4 address
     * @param rules the rules in order
     */
    public NetworkPolicy(String container, String address, List<NetworkRule> rules) {
        this(container, address, rules, Optional.empty(), Optional.empty());
    }

    /**
     * This policy, following DNS through a resolver.
     *
     * @param redirect where the container's DNS queries go
     * @return the policy with {@link #dns()} set
     * @since 0.3.0
     */
    public NetworkPolicy followingDns(DnsRedirect redirect) {
        return new NetworkPolicy(container, address, rules, ipv6Address, Optional.of(redirect));
    }

    /**
     * The addresses the rules are scoped to: the IPv4 address, then the IPv6 one if there is one.
     *
     * @return one or two addresses
     * @since 0.3.0
     */
    public List<String> addresses() {
        return ipv6Address.map(ipv6 -> List.of(address, ipv6)).orElse(List.of(address));
    }
}
