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
                "ipv6 filter FORWARD 0 -m comment --comment coi:x -j ACCEPT").orElseThrow().owner());
    }

    @Test
    void linesThatAreNoRulesAreSkipped() {
        assertEquals(Optional.empty(), DirectRule.parse(""));
        assertEquals(Optional.empty(), DirectRule.parse("ipv4 filter FORWARD high -j ACCEPT"));
    }
}
