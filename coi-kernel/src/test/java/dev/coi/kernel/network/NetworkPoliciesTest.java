package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.NetworkMode;
import dev.coi.api.NetworkPolicy;
import dev.coi.api.NetworkRule;
import dev.coi.api.NetworkRule.Verdict;
import dev.coi.kernel.config.NetworkSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class NetworkPoliciesTest {

    private static final List<String> PRIVATE_AND_METADATA = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10", "169.254.0.0/16");

    @Test
    void restrictedRejectsPrivateNetworksAndCloudMetadataAndLetsTheRestPass() {
        NetworkPolicy policy = policy(NetworkMode.RESTRICTED, settings(true, true, false));

        assertEquals(List.of(new NetworkRule(PRIVATE_AND_METADATA, Verdict.REJECT)), policy.rules());
        assertEquals("10.1.2.3", policy.address());
        assertEquals("coi-abc-1", policy.container());
    }

    @Test
    void restrictedWithLocalNetworkAccessStillRejectsCloudMetadata() {
        assertEquals(List.of(new NetworkRule(List.of("169.254.0.0/16"), Verdict.REJECT)),
                policy(NetworkMode.RESTRICTED, settings(true, true, true)).rules());
    }

    @Test
    void restrictedHonoursTheBlockSettings() {
        assertEquals(List.of(new NetworkRule(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                "100.64.0.0/10"), Verdict.REJECT)), policy(NetworkMode.RESTRICTED, settings(true, false, false)).rules());
        assertEquals(List.of(), policy(NetworkMode.RESTRICTED, settings(false, false, false)).rules());
    }

    @Test
    void allowlistPassesOnlyTheResolvedAddressesAndRejectsEverythingElse() {
        NetworkPolicy policy = NetworkPolicies.of(NetworkMode.ALLOWLIST, settings(true, true, false), "coi-abc-1",
                "10.1.2.3", Optional.empty(), new TreeSet<>(List.of("203.0.113.7/32", "198.51.100.0/24")));

        assertEquals(List.of(new NetworkRule(List.of("198.51.100.0/24", "203.0.113.7/32"), Verdict.ALLOW),
                new NetworkRule(List.of(), Verdict.REJECT)), policy.rules());
    }

    @Test
    void allowlistWithLocalNetworkAccessAlsoPassesPrivateNetworksButNotMetadata() {
        NetworkPolicy policy = NetworkPolicies.of(NetworkMode.ALLOWLIST, settings(true, true, true), "coi-abc-1",
                "10.1.2.3", Optional.empty(), new TreeSet<>(List.of("203.0.113.7/32")));

        assertEquals(List.of(new NetworkRule(List.of("203.0.113.7/32", "10.0.0.0/8", "172.16.0.0/12",
                "192.168.0.0/16", "100.64.0.0/10"), Verdict.ALLOW), new NetworkRule(List.of(), Verdict.REJECT)), policy.rules());
    }

    @Test
    void restrictedRejectsTheCarrierGradeNatRangeTailscaleUses() {
        assertTrue(policy(NetworkMode.RESTRICTED, settings(true, false, false)).rules().get(0).destinations()
                .contains("100.64.0.0/10"));
    }

    @Test
    void openHasNoRules() {
        assertEquals(List.of(), policy(NetworkMode.OPEN, settings(true, true, false)).rules());
    }

    private static final Optional<String> IPV6 = Optional.of("fd42:1:2:3:c0:1aff:fe01:203");
    private static final List<String> PRIVATE_IPV6 = List.of("fc00::/7", "::ffff:a00:0/104", "::ffff:ac10:0/108",
            "::ffff:c0a8:0/112", "::ffff:6440:0/106", "64:ff9b::a00:0/104", "64:ff9b::ac10:0/108",
            "64:ff9b::c0a8:0/112", "64:ff9b::6440:0/106");
    private static final List<String> METADATA_IPV6 = List.of("fe80::/10", "fd00:ec2::254/128", "::ffff:a9fe:0/112",
            "64:ff9b::a9fe:0/112");

    @Test
    void restrictedWithAnIpv6AddressAlsoRejectsUniqueLocalLinkLocalAndIpv4InIpv6() {
        NetworkPolicy policy = NetworkPolicies.of(NetworkMode.RESTRICTED, settings(true, true, false), "coi-abc-1",
                "10.1.2.3", IPV6, new TreeSet<>());

        assertEquals(IPV6, policy.ipv6Address());
        assertEquals(List.of("10.1.2.3", IPV6.get()), policy.addresses());
        NetworkRule rule = policy.rules().getFirst();
        assertEquals(1, policy.rules().size());
        assertEquals(Verdict.REJECT, rule.verdict());
        assertEquals(PRIVATE_AND_METADATA, rule.ipv4Destinations());
        assertEquals(concat(PRIVATE_IPV6, METADATA_IPV6), rule.ipv6Destinations());
    }

    @Test
    void restrictedIpv6HonoursTheSettingsAsIpv4DoesAndLocalAccessNeverOpensMetadata() {
        assertEquals(PRIVATE_IPV6, NetworkPolicies.of(NetworkMode.RESTRICTED, settings(true, false, false), "coi-abc-1",
                "10.1.2.3", IPV6, new TreeSet<>()).rules().getFirst().ipv6Destinations());
        NetworkRule local = NetworkPolicies.of(NetworkMode.RESTRICTED, settings(true, true, true), "coi-abc-1",
                "10.1.2.3", IPV6, new TreeSet<>()).rules().getFirst();
        assertEquals(METADATA_IPV6, local.ipv6Destinations());
        assertTrue(local.ipv6Destinations().contains("fd00:ec2::254/128"));
        assertEquals(List.of(), NetworkPolicies.of(NetworkMode.RESTRICTED, settings(false, false, false), "coi-abc-1",
                "10.1.2.3", IPV6, new TreeSet<>()).rules());
    }

    @Test
    void withoutAnIpv6AddressThePolicyHasNoIpv6Destinations() {
        NetworkPolicy allowlist = NetworkPolicies.of(NetworkMode.ALLOWLIST, settings(true, true, false), "coi-abc-1",
                "10.1.2.3", Optional.empty(), new TreeSet<>(List.of("203.0.113.7/32", "2001:db8::7/128")));

        assertEquals(List.of(new NetworkRule(List.of("203.0.113.7/32"), Verdict.ALLOW),
                new NetworkRule(List.of(), Verdict.REJECT)), allowlist.rules());
        assertEquals(Optional.empty(), allowlist.ipv6Address());
    }

    @Test
    void allowlistWithAnIpv6AddressPassesTheAllowedIpv6AndRejectsAllOtherIpv6() {
        NetworkPolicy policy = NetworkPolicies.of(NetworkMode.ALLOWLIST, settings(true, true, false), "coi-abc-1",
                "10.1.2.3", IPV6, new TreeSet<>(List.of("203.0.113.7/32", "2001:db8::7/128")));

        assertEquals(List.of(new NetworkRule(List.of("2001:db8::7/128", "203.0.113.7/32"), Verdict.ALLOW),
                new NetworkRule(List.of(), Verdict.REJECT)), policy.rules());
    }

    @Test
    void allowlistWithLocalAccessAndIpv6PassesUniqueLocalButRejectsTheMetadataAddressInItFirst() {
        NetworkPolicy policy = NetworkPolicies.of(NetworkMode.ALLOWLIST, settings(true, true, true), "coi-abc-1",
                "10.1.2.3", IPV6, new TreeSet<>(List.of("203.0.113.7/32")));

        assertEquals(List.of(new NetworkRule(List.of("fd00:ec2::254/128"), Verdict.REJECT),
                new NetworkRule(List.of("203.0.113.7/32", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                        "100.64.0.0/10", "fc00::/7"), Verdict.ALLOW),
                new NetworkRule(List.of(), Verdict.REJECT)), policy.rules());
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }

    private static NetworkPolicy policy(NetworkMode mode, NetworkSettings settings) {
        return NetworkPolicies.of(mode, settings, "coi-abc-1", "10.1.2.3", Optional.empty(), new TreeSet<>());
    }

    static NetworkSettings settings(boolean blockPrivate, boolean blockMetadata, boolean allowLocal) {
        return new NetworkSettings(NetworkMode.RESTRICTED, blockPrivate, blockMetadata, allowLocal, List.of(), 30, false,
                Path.of(""));
    }
}
