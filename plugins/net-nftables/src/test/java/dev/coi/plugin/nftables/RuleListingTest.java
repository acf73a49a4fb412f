package dev.coi.plugin.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.CommandResult;
import dev.coi.api.PortException;
import dev.coi.api.RulesInForce;
import dev.coi.api.RulesInForce.Admitted;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What the backend reads back of one container's rules, from nft's JSON as nft 1.0.6 prints it. */
class RuleListingTest {

    /**
     * coi's table with a DNS-following container coi-a1 (an address admitted in each family; one range in its
     * set, as auto-merge writes it) and an allowlist container coi-b2, as {@code nft -j list table inet coi} printed
     * it (shortened to what matters: dispatch maps and base chains left out).
     */
    private static final String LISTING = """
            {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}},\
             {"table": {"family": "inet", "name": "coi", "handle": 7}},\
             {"set": {"family": "inet", "name": "ctr_coi-a1_dns", "table": "coi", "type": "ipv4_addr", "handle": 2,\
             "flags": ["timeout"], "elem": [{"elem": {"val": "198.51.100.9", "timeout": 600, "expires": 598}},\
             {"elem": {"val": "198.51.100.10", "timeout": 90, "expires": 88}}]}},\
             {"set": {"family": "inet", "name": "ctr_coi-a1_dnsv6", "table": "coi", "type": "ipv6_addr", "handle": 3,\
             "flags": ["timeout"], "elem": [{"elem": {"val": "2001:db8::9", "timeout": 3600, "expires": 3598}}]}},\
             {"set": {"family": "inet", "name": "ctr_coi-a1_0", "table": "coi", "type": "ipv4_addr", "handle": 4,\
             "flags": ["interval"], "elem": [{"prefix": {"addr": "10.0.0.0", "len": 8}}, {"prefix": {"addr":\
             "172.16.0.0", "len": 12}}, {"range": ["192.0.2.1", "192.0.2.9"]}, "203.0.113.7"]}},\
             {"set": {"family": "inet", "name": "ctr_coi-b2_0", "table": "coi", "type": "ipv4_addr", "handle": 5,\
             "flags": ["interval"], "elem": ["203.0.113.8"]}},\
             {"chain": {"family": "inet", "table": "coi", "name": "ctr_coi-a1", "handle": 1}},\
             {"chain": {"family": "inet", "table": "coi", "name": "ctr_coi-a1_dnat", "handle": 11}},\
             {"chain": {"family": "inet", "table": "coi", "name": "ctr_coi-a1_refuse6", "handle": 14}},\
             {"chain": {"family": "inet", "table": "coi", "name": "ctr_coi-b2", "handle": 20}},\
             {"rule": {"family": "inet", "table": "coi", "chain": "ctr_coi-a1", "handle": 6, "expr": [{"match": {"op":\
             "==", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": "@ctr_coi-a1_dns"}},\
             {"counter": {"packets": 1, "bytes": 60}}, {"accept": null}]}},\
             {"rule": {"family": "inet", "table": "coi", "chain": "ctr_coi-a1", "handle": 7, "expr": [{"match": {"op":\
             "==", "left": {"payload": {"protocol": "ip6", "field": "daddr"}}, "right": "@ctr_coi-a1_dnsv6"}},\
             {"counter": {"packets": 0, "bytes": 0}}, {"accept": null}]}},\
             {"rule": {"family": "inet", "table": "coi", "chain": "ctr_coi-a1", "handle": 8, "expr": [{"match": {"op":\
             "==", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": "@ctr_coi-a1_0"}},\
             {"counter": {"packets": 12, "bytes": 720}}, {"reject": {"type": "icmp", "expr": "port-unreachable"}}]}},\
             {"rule": {"family": "inet", "table": "coi", "chain": "ctr_coi-b2", "handle": 21, "expr": [{"match": {"op":\
             "==", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": "@ctr_coi-b2_0"}},\
             {"counter": {"packets": 3, "bytes": 180}}, {"accept": null}]}},\
             {"rule": {"family": "inet", "table": "coi", "chain": "ctr_coi-b2", "handle": 22, "expr": [{"counter":\
             {"packets": 4, "bytes": 240}}, {"reject": {"type": "icmpx", "expr": "port-unreachable"}}]}},\
             {"rule": {"family": "inet", "table": "coi", "chain": "ctr_coi-a1_dnat", "handle": 13, "expr": [{"match":\
             {"op": "==", "left": {"meta": {"key": "l4proto"}}, "right": {"set": ["tcp", "udp"]}}}, {"match": {"op":\
             "==", "left": {"payload": {"protocol": "th", "field": "dport"}}, "right": 53}}, {"dnat": {"family": "ip",\
             "addr": "10.123.45.1", "port": 5353}}]}},\
             {"rule": {"family": "inet", "table": "coi", "chain": "ctr_coi-a1_refuse6", "handle": 16, "expr": [{"match":\
             {"op": "==", "left": {"meta": {"key": "l4proto"}}, "right": {"set": ["tcp", "udp"]}}}, {"match": {"op":\
             "==", "left": {"payload": {"protocol": "th", "field": "dport"}}, "right": 53}}, {"counter": {"packets": 2,\
             "bytes": 152}}, {"reject": {"type": "icmpx", "expr": "port-unreachable"}}]}}]}
            """;

    private final FakeNft nft = new FakeNft();
    private final NftablesBackend backend = new NftablesBackend(new NftCommand(), "coi");

    @Test
    void aDnsFollowingContainersRulesComeWithTheirCountersAndItsAdmittedAddressesWithTheTimeTheyHaveLeft() {
        nft.listing = new CommandResult(0, LISTING, "");

        RulesInForce found = backend.inspect("coi-a1", nft).orElseThrow();

        assertEquals(List.of(
                "ctr_coi-a1: ip daddr @ctr_coi-a1_dns accept (1 packet, 60 bytes)",
                "ctr_coi-a1: ip6 daddr @ctr_coi-a1_dnsv6 accept (0 packets, 0 bytes)",
                "ctr_coi-a1: ip daddr { 10.0.0.0/8, 172.16.0.0/12, 192.0.2.1-192.0.2.9, 203.0.113.7 } reject"
                        + " (12 packets, 720 bytes)",
                "ctr_coi-a1_dnat: meta l4proto { tcp, udp } th dport 53 dnat ip to 10.123.45.1:5353",
                "ctr_coi-a1_refuse6: meta l4proto { tcp, udp } th dport 53 reject (2 packets, 152 bytes)"),
                found.rules());
        assertEquals(List.of(new Admitted("198.51.100.9", Duration.ofSeconds(598)),
                new Admitted("198.51.100.10", Duration.ofSeconds(88)),
                new Admitted("2001:db8::9", Duration.ofSeconds(3598))), found.admitted());
        assertEquals(List.of(List.of("nft", "list", "tables"), List.of("nft", "-j", "list", "table", "inet", "coi")),
                nft.calls, "one read of the table, after nft's probe");
    }

    @Test
    void aContainerThatDoesNotFollowDnsHasRulesAndNoAdmittedAddresses() {
        nft.listing = new CommandResult(0, LISTING, "");

        RulesInForce found = backend.inspect("coi-b2", nft).orElseThrow();

        assertEquals(List.of("ctr_coi-b2: ip daddr { 203.0.113.8 } accept (3 packets, 180 bytes)",
                "ctr_coi-b2: reject (4 packets, 240 bytes)"), found.rules());
        assertEquals(List.of(), found.admitted());
    }

    @Test
    void theRefusedPacketsAreWhatTheContainersRejectRulesCounted() {
        nft.listing = new CommandResult(0, LISTING, "");

        assertEquals(OptionalLong.of(12 + 2), backend.refusedPackets("coi-a1", nft), "the accept rules' are not");
        assertEquals(OptionalLong.of(4), backend.refusedPackets("coi-b2", nft));
        assertEquals(OptionalLong.of(0), backend.refusedPackets("coi-c3", nft), "a container without rules");

        nft.listing = new CommandResult(0, """
                {"nftables": [{"rule": {"family": "inet", "table": "coi", "chain": "ctr_coi-d4", "handle": 2,\
                 "expr": [{"counter": {"packets": 7, "bytes": 420}}, {"drop": null}]}}]}
                """, "");
        assertEquals(OptionalLong.of(7), backend.refusedPackets("coi-d4", nft), "a drop rule's too");
    }

    @Test
    void aContainerWithoutRulesOrATableWithoutAnyHasNothingInForce() {
        assertEquals(Optional.of(new RulesInForce(List.of(), List.of())), backend.inspect("coi-a1", nft));

        nft.listing = new CommandResult(0, LISTING, "");
        assertEquals(Optional.of(new RulesInForce(List.of(), List.of())), backend.inspect("coi-c3", nft));
    }

    @Test
    void aTableThatCannotBeReadIsAPortExceptionWithTheCommandToCheck() {
        nft.listing = new CommandResult(1, "", "Error: Operation not permitted\n");
        PortException refused = assertThrows(PortException.class, () -> backend.inspect("coi-a1", nft));
        assertTrue(refused.getMessage().contains("could not read coi's nftables table: Error: Operation not permitted"),
                refused.getMessage());

        nft.listing = new CommandResult(0, "{\"nftables\": [", "");
        PortException unreadable = assertThrows(PortException.class, () -> backend.inspect("coi-a1", nft));
        assertTrue(unreadable.getMessage().startsWith("could not read nft's listing of coi's table"),
                unreadable.getMessage());
        assertTrue(unreadable.getMessage().endsWith("nft -j list table inet coi"), unreadable.getMessage());
    }
}
