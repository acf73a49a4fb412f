package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With the nftables backend a firewalld reload never opens a container's network, not even for the seconds the
 * keeper needs to repair firewalld's rules: coi's table is not firewalld's, and the reload leaves it as it was.
 * (With the firewalld backend the reload drops the rules and the keeper puts them back; AllowlistRefreshIT and
 * FirstBootNetworkIT cover the repair.) The reload restores the bridge's trusted zone from the permanent
 * configuration, where the set-up put it.
 */
class FirewallReloadIT extends NetworkTestBase {

    @Test
    void aFirewalldReloadLeavesTheRulesOfTheNftablesBackendInForce() {
        assumeTrue(RULES instanceof NftRules, "the firewalld backend's rules go with a reload, by design");
        String container = bed.background("--network=restricted");
        List<String> rules = assertRulesScopedTo(container, bed.awaitAddress(container));
        ContainerProbe probe = bed.probe(container);

        HostCommand.runAsRoot("firewall-cmd", "--reload");

        assertEquals(rules, RULES.ownedBy(container), "the reload changed coi's table");
        assertBlocked(probe, hosts.lan192());
        assertBlocked(probe, hosts.metadata());
        assertReaches(probe, hosts.publicA());
    }
}
