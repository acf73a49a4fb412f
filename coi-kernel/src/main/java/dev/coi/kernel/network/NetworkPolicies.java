package dev.coi.kernel.network;

import dev.coi.api.NetworkMode;
import dev.coi.api.NetworkPolicy;
import dev.coi.api.NetworkRule;
import dev.coi.api.NetworkRule.Verdict;
import dev.coi.kernel.config.NetworkSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/**
 * Turns a network mode and the {@code [network]} settings into the rules for one container. Traffic to the host
 * (the gateway and the host's other addresses) is not forwarded, so no rule is needed to keep it reachable.
 */
final class NetworkPolicies {

    /** RFC 1918, and the shared address space of carrier-grade NAT (RFC 6598) that Tailscale and its peers use. */
    static final List<String> PRIVATE_NETWORKS = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10");
    static final String LINK_LOCAL = "169.254.0.0/16";

    private NetworkPolicies() {
    }

    /**
     * @param allowed the resolved allowlist, as CIDRs; ignored outside allowlist mode
     */
    static NetworkPolicy of(NetworkMode mode, NetworkSettings settings, String container, String address,
            SortedSet<String> allowed) {
        return new NetworkPolicy(container, address, switch (mode) {
            case OPEN -> List.of();
            case RESTRICTED -> restricted(settings);
            case ALLOWLIST -> allowlist(settings, allowed);
        });
    }

    private static List<NetworkRule> restricted(NetworkSettings settings) {
        List<String> rejected = new ArrayList<>();
        if (settings.blockPrivateNetworks() && !settings.allowLocalNetworkAccess()) {
            rejected.addAll(PRIVATE_NETWORKS);
        }
        if (settings.blockMetadataEndpoint()) {
            rejected.add(LINK_LOCAL);
        }
        return rejected.isEmpty() ? List.of() : List.of(new NetworkRule(rejected, Verdict.REJECT));
    }

    /** Private networks and cloud metadata fall under the final reject unless listed or local access is on. */
    private static List<NetworkRule> allowlist(NetworkSettings settings, SortedSet<String> allowed) {
        List<String> passed = new ArrayList<>(allowed);
        if (settings.allowLocalNetworkAccess()) {
            passed.addAll(PRIVATE_NETWORKS);
        }
        List<NetworkRule> rules = new ArrayList<>();
        if (!passed.isEmpty()) {
            rules.add(new NetworkRule(passed, Verdict.ALLOW));
        }
        rules.add(new NetworkRule(List.of(), Verdict.REJECT));
        return rules;
    }
}
