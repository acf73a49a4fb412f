package dev.coi.kernel.network;

import dev.coi.api.NetworkMode;
import dev.coi.api.NetworkPolicy;
import dev.coi.api.NetworkRule;
import dev.coi.api.NetworkRule.Verdict;
import dev.coi.kernel.config.NetworkSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

/**
 * Turns a network mode and the {@code [network]} settings into the rules for one container. Traffic to the host
 * (the gateway and the host's other addresses) is not forwarded, so no rule is needed to keep it reachable. IPv6
 * destinations are part of the rules only for a container that has an IPv6 address: one without sends no IPv6
 * through the host, and its rules stay as they were before coi filtered IPv6.
 */
final class NetworkPolicies {

    /** RFC 1918, and the shared address space of carrier-grade NAT (RFC 6598) that Tailscale and its peers use. */
    static final List<String> PRIVATE_NETWORKS = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10");
    static final String LINK_LOCAL = "169.254.0.0/16";
    /** Unique local addresses (RFC 4193), IPv6's private networks. */
    static final String UNIQUE_LOCAL = "fc00::/7";
    /**
     * The private IPv4 networks written as IPv6 destinations: IPv4-mapped ({@code ::ffff:0:0/96}, never valid on the
     * wire) and behind a NAT64 gateway's well-known prefix ({@code 64:ff9b::/96}, RFC 6052), which some gateway
     * might translate against the RFC; both in the order of {@link #PRIVATE_NETWORKS}.
     */
    static final List<String> PRIVATE_NETWORKS_IN_IPV6 = List.of("::ffff:a00:0/104", "::ffff:ac10:0/108",
            "::ffff:c0a8:0/112", "::ffff:6440:0/106", "64:ff9b::a00:0/104", "64:ff9b::ac10:0/108",
            "64:ff9b::c0a8:0/112", "64:ff9b::6440:0/106");
    /** AWS's IPv6 metadata address (the counterpart of 169.254.169.254), inside {@link #UNIQUE_LOCAL}. */
    static final String AWS_METADATA = "fd00:ec2::254/128";
    /**
     * IPv6's cloud metadata: link-local (the host's own link-local addresses are reached directly, not forwarded),
     * AWS's metadata address, which lies within {@link #UNIQUE_LOCAL} and so stays rejected when local access is
     * allowed, and 169.254/16 written as IPv6 as in {@link #PRIVATE_NETWORKS_IN_IPV6}.
     */
    static final List<String> METADATA_IN_IPV6 = List.of("fe80::/10", AWS_METADATA, "::ffff:a9fe:0/112",
            "64:ff9b::a9fe:0/112");

    private NetworkPolicies() {
    }

    /**
     * @param ipv6Address the container's IPv6 address; empty when the host forwards no IPv6 for it
     * @param allowed the resolved allowlist, as CIDRs; ignored outside allowlist mode
     */
    static NetworkPolicy of(NetworkMode mode, NetworkSettings settings, String container, String address,
            Optional<String> ipv6Address, SortedSet<String> allowed) {
        boolean ipv6 = ipv6Address.isPresent();
        return new NetworkPolicy(container, address, switch (mode) {
            case OPEN -> List.of();
            case RESTRICTED -> restricted(settings, ipv6);
            case ALLOWLIST -> allowlist(settings, allowed, ipv6);
        }, ipv6Address);
    }

    /** The policy of a record: its mode and settings, and the resolver its DNS goes to when it is followed. */
    static NetworkPolicy of(NetworkRecord record, SortedSet<String> allowed) {
        NetworkPolicy policy = of(record.mode(), record.settings(), record.container(), record.address(),
                record.ipv6(), allowed);
        return record.dnsRoute().map(route -> policy.followingDns(route.redirect())).orElse(policy);
    }

    private static List<NetworkRule> restricted(NetworkSettings settings, boolean ipv6) {
        List<String> rejected = new ArrayList<>();
        boolean privateNetworks = settings.blockPrivateNetworks() && !settings.allowLocalNetworkAccess();
        if (privateNetworks) {
            rejected.addAll(PRIVATE_NETWORKS);
        }
        if (settings.blockMetadataEndpoint()) {
            rejected.add(LINK_LOCAL);
        }
        if (ipv6 && privateNetworks) {
            rejected.add(UNIQUE_LOCAL);
            rejected.addAll(PRIVATE_NETWORKS_IN_IPV6);
        }
        if (ipv6 && settings.blockMetadataEndpoint()) {
            rejected.addAll(METADATA_IN_IPV6);
        }
        return rejected.isEmpty() ? List.of() : List.of(new NetworkRule(rejected, Verdict.REJECT));
    }

    /**
     * Private networks and cloud metadata fall under the final reject unless listed or local access is on; with
     * local access, IPv6 metadata inside the unique local range is rejected first.
     */
    private static List<NetworkRule> allowlist(NetworkSettings settings, SortedSet<String> allowed, boolean ipv6) {
        List<String> passed = new ArrayList<>(allowed.stream().filter(cidr -> ipv6 || !NetworkRule.isIpv6(cidr))
                .toList());
        List<NetworkRule> rules = new ArrayList<>();
        if (settings.allowLocalNetworkAccess()) {
            passed.addAll(PRIVATE_NETWORKS);
            if (ipv6) {
                passed.add(UNIQUE_LOCAL);
                rules.add(new NetworkRule(List.of(AWS_METADATA), Verdict.REJECT));
            }
        }
        if (!passed.isEmpty()) {
            rules.add(new NetworkRule(passed, Verdict.ALLOW));
        }
        rules.add(new NetworkRule(List.of(), Verdict.REJECT));
        return rules;
    }
}
