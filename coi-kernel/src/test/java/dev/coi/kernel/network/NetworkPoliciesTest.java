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
                "10.1.2.3", new TreeSet<>(List.of("203.0.113.7/32", "198.51.100.0/24")));

        assertEquals(List.of(new NetworkRule(List.of("198.51.100.0/24", "203.0.113.7/32"), Verdict.ALLOW),
                new NetworkRule(List.of(), Verdict.REJECT)), policy.rules());
    }

    @Test
    void allowlistWithLocalNetworkAccessAlsoPassesPrivateNetworksButNotMetadata() {
        NetworkPolicy policy = NetworkPolicies.of(NetworkMode.ALLOWLIST, settings(true, true, true), "coi-abc-1",
                "10.1.2.3", new TreeSet<>(List.of("203.0.113.7/32")));

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

    private static NetworkPolicy policy(NetworkMode mode, NetworkSettings settings) {
        return NetworkPolicies.of(mode, settings, "coi-abc-1", "10.1.2.3", new TreeSet<>());
    }

    static NetworkSettings settings(boolean blockPrivate, boolean blockMetadata, boolean allowLocal) {
        return new NetworkSettings(NetworkMode.RESTRICTED, blockPrivate, blockMetadata, allowLocal, List.of(), 30, false,
                Path.of(""));
    }
}
