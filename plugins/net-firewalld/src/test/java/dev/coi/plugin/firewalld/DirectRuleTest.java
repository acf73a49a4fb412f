package dev.coi.plugin.firewalld;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DirectRuleTest {

    @Test
    void readsALineOfGetAllRules() {
        DirectRule rule = DirectRule.parse("ipv4 filter FORWARD 10 -s 10.0.0.5/32 -d 10.0.0.0/8,192.168.0.0/16"
                + " -m comment --comment coi:coi-abc-1 -j REJECT").orElseThrow();

        assertEquals(10, rule.priority());
        assertEquals(Optional.of("coi-abc-1"), rule.owner());
        assertEquals(Optional.of("10.0.0.5"), rule.source());
        assertEquals(List.of("-s", "10.0.0.5/32", "-d", "10.0.0.0/8,192.168.0.0/16", "-m", "comment", "--comment",
                "coi:coi-abc-1", "-j", "REJECT"), rule.args());
    }

    @Test
    void theSourceIsTheWholeToken() {
        DirectRule rule = DirectRule.parse("ipv4 filter FORWARD 0 -s 10.0.0.50/32 -m comment --comment coi:c -j ACCEPT")
                .orElseThrow();

        assertEquals(Optional.of("10.0.0.50"), rule.source());
    }

    @Test
    void onlyForwardRulesWithCoisCommentHaveAnOwner() {
        assertEquals(Optional.empty(), DirectRule.parse("ipv4 filter FORWARD 0 -s 10.0.0.5/32 -j ACCEPT").orElseThrow().owner());
        assertEquals(Optional.empty(), DirectRule.parse(
                "ipv4 filter FORWARD 0 -m comment --comment mine:coi:x -j ACCEPT").orElseThrow().owner());
        assertEquals(Optional.empty(), DirectRule.parse(
                "ipv4 filter INPUT 0 -m comment --comment coi:x -j ACCEPT").orElseThrow().owner());
        assertEquals(Optional.empty(), DirectRule.parse(
                "ipv6 filter INPUT 0 -m comment --comment coi:x -j ACCEPT").orElseThrow().owner());
        assertEquals(Optional.empty(), DirectRule.parse(
                "eb filter FORWARD 0 -m comment --comment coi:x -j ACCEPT").orElseThrow().owner());
    }

    @Test
    void anIpv6ForwardRuleIsOwnedAndScopedToItsSourceWithoutTheHostPrefix() {
        DirectRule rule = DirectRule.parse("ipv6 filter FORWARD 1 -s fd42::c0:1aff:fe14:1e06/128 -d fc00::/7,fe80::/10"
                + " -m comment --comment coi:coi-abc-1 -j REJECT --reject-with icmp6-adm-prohibited").orElseThrow();

        assertEquals(Optional.of("coi-abc-1"), rule.owner());
        assertEquals(Optional.of("fd42::c0:1aff:fe14:1e06"), rule.source());
        assertEquals(Optional.of("fd42::/64"), DirectRule.parse("ipv6 filter FORWARD 1 -s fd42::/64 -m comment"
                + " --comment coi:c -j ACCEPT").orElseThrow().source());
    }

    @Test
    void linesThatAreNoRulesAreSkipped() {
        assertEquals(Optional.empty(), DirectRule.parse(""));
        assertEquals(Optional.empty(), DirectRule.parse("ipv4 filter FORWARD high -j ACCEPT"));
    }
}
