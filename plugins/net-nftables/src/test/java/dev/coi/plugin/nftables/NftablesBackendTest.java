package dev.coi.plugin.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.CommandResult;
import dev.coi.api.DnsRedirect;
import dev.coi.api.NetworkPolicy;
import dev.coi.api.NetworkRule;
import dev.coi.api.NetworkRule.Verdict;
import dev.coi.api.PortException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The transactions the backend sends to a scripted nft, and what it reads back from nft's JSON. */
class NftablesBackendTest {

    private static final String SKELETON = """
            add table inet coi
            add chain inet coi forward { type filter hook forward priority -5; policy accept; }
            add map inet coi sources { type ipv4_addr : verdict; }
            add map inet coi sources6 { type ipv6_addr : verdict; }
            add chain inet coi forward6 { type filter hook forward priority -5; policy accept; }
            flush chain inet coi forward
            add rule inet coi forward ip saddr vmap @sources
            flush chain inet coi forward6
            add rule inet coi forward6 ip6 saddr vmap @sources6
            """;
    private static final NetworkPolicy RESTRICTED = new NetworkPolicy("coi-a1", "10.123.45.20", List.of(
            new NetworkRule(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
                    "169.254.0.0/16"), Verdict.REJECT)));
    private static final NetworkPolicy ALLOWLIST = new NetworkPolicy("coi-b2", "10.123.45.30", List.of(
            new NetworkRule(List.of("203.0.113.7/32", "198.51.100.0/24"), Verdict.ALLOW),
            new NetworkRule(List.of(), Verdict.REJECT)));

    private final FakeNft nft = new FakeNft();
    private final NftablesBackend backend = new NftablesBackend(new NftCommand(), "coi");

    @Test
    void aRestrictedPolicyOnAHostWithoutTheTableIsOneTransactionThatCreatesIt() {
        backend.enforce(RESTRICTED, nft);

        assertEquals(List.of(SKELETON + """
                add chain inet coi ctr_coi-a1
                flush chain inet coi ctr_coi-a1
                add set inet coi ctr_coi-a1_0 { type ipv4_addr; flags interval; auto-merge; }
                flush set inet coi ctr_coi-a1_0
                add element inet coi ctr_coi-a1_0 { 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, 169.254.0.0/16 }
                add rule inet coi ctr_coi-a1 ip daddr @ctr_coi-a1_0 counter reject
                add element inet coi sources { 10.123.45.20 : jump ctr_coi-a1 }
                """), nft.transactions);
    }

    /**
     * A coi from before IPv6 on the same host (another installation, or its keeper still running after an upgrade)
     * flushes the chain {@code forward} and puts back only the IPv4 dispatch: seen on a real host, where it left
     * every container's IPv6 unfiltered while the dispatch shared that chain.
     */
    @Test
    void theIpv6DispatchIsInNoChainThatACoiFromBeforeIpv6Flushes() {
        backend.enforce(RESTRICTED, nft);

        List<String> intoForward = nft.transactions.getFirst().lines()
                .filter(line -> line.startsWith("add rule inet coi forward ")).toList();
        assertEquals(List.of("add rule inet coi forward ip saddr vmap @sources"), intoForward);
        assertTrue(nft.transactions.getFirst().contains("add rule inet coi forward6 ip6 saddr vmap @sources6\n"));
    }

    @Test
    void anAllowlistAcceptsItsDestinationsAndRejectsEverythingElse() {
        backend.enforce(ALLOWLIST, nft);

        assertEquals(List.of(SKELETON + """
                add chain inet coi ctr_coi-b2
                flush chain inet coi ctr_coi-b2
                add set inet coi ctr_coi-b2_0 { type ipv4_addr; flags interval; auto-merge; }
                flush set inet coi ctr_coi-b2_0
                add element inet coi ctr_coi-b2_0 { 203.0.113.7/32, 198.51.100.0/24 }
                add rule inet coi ctr_coi-b2 ip daddr @ctr_coi-b2_0 counter accept
                add rule inet coi ctr_coi-b2 counter reject
                add element inet coi sources { 10.123.45.30 : jump ctr_coi-b2 }
                """), nft.transactions);
    }

    @Test
    void enforcingAgainReplacesTheChainInPlaceAndKeepsTheElementOfTheSameAddress() {
        nft.table(FakeNft.chain("forward"), FakeNft.chain("ctr_coi-a1"), FakeNft.set("ctr_coi-a1_0"),
                FakeNft.sources("10.123.45.20", "ctr_coi-a1"));

        backend.enforce(RESTRICTED, nft);

        String transaction = nft.transactions.getFirst();
        assertTrue(!transaction.contains("delete"), transaction);
        assertTrue(transaction.endsWith("add element inet coi sources { 10.123.45.20 : jump ctr_coi-a1 }\n"),
                transaction);
    }

    @Test
    void aNewPolicyDropsTheContainersOldAddressAndSetsAndTakesItsAddressFromAnotherOwner() {
        nft.table(FakeNft.chain("forward"), FakeNft.chain("ctr_coi-b2"), FakeNft.set("ctr_coi-b2_0"),
                FakeNft.set("ctr_coi-b2_1"), FakeNft.chain("ctr_old"), FakeNft.set("ctr_old_0"),
                FakeNft.chain("ctr_other"), FakeNft.sources("10.123.45.9", "ctr_coi-b2", "10.123.45.30", "ctr_old",
                        "10.123.45.31", "ctr_other"));

        backend.enforce(ALLOWLIST, nft);

        assertEquals(List.of(SKELETON + """
                delete element inet coi sources { 10.123.45.30, 10.123.45.9 }
                flush chain inet coi ctr_old
                delete chain inet coi ctr_old
                delete set inet coi ctr_old_0
                add chain inet coi ctr_coi-b2
                flush chain inet coi ctr_coi-b2
                add set inet coi ctr_coi-b2_0 { type ipv4_addr; flags interval; auto-merge; }
                flush set inet coi ctr_coi-b2_0
                add element inet coi ctr_coi-b2_0 { 203.0.113.7/32, 198.51.100.0/24 }
                add rule inet coi ctr_coi-b2 ip daddr @ctr_coi-b2_0 counter accept
                add rule inet coi ctr_coi-b2 counter reject
                delete set inet coi ctr_coi-b2_1
                add element inet coi sources { 10.123.45.30 : jump ctr_coi-b2 }
                """), nft.transactions);
    }

    @Test
    void anEmptyPolicyLeavesNothingOfTheContainer() {
        nft.table(FakeNft.chain("forward"), FakeNft.chain("ctr_coi-a1"), FakeNft.set("ctr_coi-a1_0"),
                FakeNft.sources("10.123.45.20", "ctr_coi-a1"));

        backend.enforce(new NetworkPolicy("coi-a1", "10.123.45.20", List.of()), nft);

        assertEquals(List.of(SKELETON + """
                delete element inet coi sources { 10.123.45.20 }
                flush chain inet coi ctr_coi-a1
                delete chain inet coi ctr_coi-a1
                delete set inet coi ctr_coi-a1_0
                """), nft.transactions);
    }

    @Test
    void releaseRemovesTheContainersElementsChainAndSetsInOneTransactionAndNothingElse() {
        nft.table(FakeNft.chain("forward"), FakeNft.chain("ctr_coi-b2"), FakeNft.set("ctr_coi-b2_0"),
                FakeNft.chain("ctr_coi-b"), FakeNft.set("ctr_coi-b_0"),
                FakeNft.sources("10.123.45.30", "ctr_coi-b2", "10.123.45.31", "ctr_coi-b"));

        backend.release("coi-b2", nft);

        assertEquals(List.of("""
                delete element inet coi sources { 10.123.45.30 }
                flush chain inet coi ctr_coi-b2
                delete chain inet coi ctr_coi-b2
                delete set inet coi ctr_coi-b2_0
                """), nft.transactions);
    }

    @Test
    void releasingAContainerThatOwnsNothingChangesNothing() {
        backend.release("coi-a1", nft);
        nft.table(FakeNft.chain("forward"), FakeNft.sources());
        backend.release("coi-a1", nft);

        assertEquals(List.of(), nft.transactions);
    }

    @Test
    void ownersAreReadFromNftsJsonWithTheirAddressesAndIncludeChainsNoAddressLeadsTo() {
        nft.table(FakeNft.chain("forward"), FakeNft.chain("ctr_coi-a1"), FakeNft.set("ctr_coi-a1_0"),
                FakeNft.chain("ctr_coi-b2"), FakeNft.set("ctr_orphan_1"), FakeNft.set("somebody_else"),
                FakeNft.sources("10.123.45.20", "ctr_coi-a1", "10.123.45.21", "ctr_coi-a1",
                        "10.123.45.30", "ctr_coi-b2"));

        assertEquals(Map.of("coi-a1", Set.of("10.123.45.20", "10.123.45.21"), "coi-b2", Set.of("10.123.45.30"),
                "orphan", Set.of()), backend.owners(nft));
    }

    @Test
    void anElementWithACommentIsReadByItsValue() {
        nft.table(FakeNft.chain("ctr_coi-a1"), "{\"map\": {\"family\": \"inet\", \"name\": \"sources\", \"table\":"
                + " \"coi\", \"type\": \"ipv4_addr\", \"handle\": 2, \"map\": \"verdict\", \"elem\": [[{\"elem\":"
                + " {\"val\": \"10.123.45.20\", \"comment\": \"coi:coi-a1\"}}, {\"jump\": {\"target\": \"ctr_coi-a1\"}}]]}}");

        assertEquals(Map.of("coi-a1", Set.of("10.123.45.20")), backend.owners(nft));
    }

    @Test
    void noTableMeansNoOwners() {
        assertEquals(Map.of(), backend.owners(nft));
    }

    @Test
    void aTableThatCannotBeReadIsAnErrorThatSaysHowToLook() {
        nft.listing = new CommandResult(1, "", "Error: Could not process rule: Operation not permitted\n");

        PortException error = assertThrows(PortException.class, () -> backend.owners(nft));

        assertTrue(error.getMessage().contains("Operation not permitted"), error.getMessage());
        assertTrue(error.getMessage().contains("nft list table inet coi"), error.getMessage());
    }

    @Test
    void aRefusedTransactionSaysNothingChanged() {
        nft.transactionResult = new CommandResult(1, "", "Error: Could not process rule: No buffer space available\n"
                + "add element inet coi sources { 10.123.45.20 : jump ctr_coi-a1 }\n");

        PortException error = assertThrows(PortException.class, () -> backend.enforce(RESTRICTED, nft));

        assertTrue(error.getMessage().contains("coi-a1 (10.123.45.20)"), error.getMessage());
        assertTrue(error.getMessage().contains("No buffer space available"), error.getMessage());
        assertTrue(error.getMessage().contains("earlier rules are unchanged"), error.getMessage());
        assertEquals(1, nft.transactions.size(), "the same transaction again would be refused again");
    }

    @Test
    void aTransactionThatNoLongerFitsTheTableIsMadeOnceMoreFromWhatIsThereNow() {
        nft.table(FakeNft.chain("forward"), FakeNft.chain("ctr_coi-a1"), FakeNft.set("ctr_coi-a1_0"),
                FakeNft.sources("10.123.45.9", "ctr_coi-a1"));
        nft.transactionResult = new CommandResult(1, "", "Error: Could not process rule: No such file or directory\n");
        nft.listingAfterTransaction = FakeNft.NO_TABLE;

        backend.enforce(RESTRICTED, nft);

        assertEquals(2, nft.transactions.size());
        assertTrue(nft.transactions.get(0).contains("delete element inet coi sources { 10.123.45.9 }"),
                nft.transactions.get(0));
        assertTrue(!nft.transactions.get(1).contains("delete"), nft.transactions.get(1));
    }

    @Test
    void aReleaseThatAnotherCoiDidMeanwhileIsDone() {
        nft.table(FakeNft.chain("ctr_coi-a1"), FakeNft.sources("10.123.45.20", "ctr_coi-a1"));
        nft.transactionResult = new CommandResult(1, "", "Error: Could not process rule: No such file or directory\n");
        nft.listingAfterTransaction = FakeNft.NO_TABLE;

        backend.release("coi-a1", nft);

        assertEquals(1, nft.transactions.size());
    }

    @Test
    void destinationsLoseTheirHostBitsAndAHostGetsItsPrefix() {
        backend.enforce(new NetworkPolicy("coi-a1", "10.123.45.20", List.of(
                new NetworkRule(List.of("192.168.7.9/16", "203.0.113.7"), Verdict.ALLOW))), nft);

        assertTrue(nft.transactions.getFirst().contains("{ 192.168.0.0/16, 203.0.113.7/32 }"),
                nft.transactions.getFirst());
    }

    private static final String IPV6 = "fd42:1:2:3:c0:1aff:fe7b:2d14";
    private static final NetworkPolicy DUAL_RESTRICTED = new NetworkPolicy("coi-a1", "10.123.45.20", List.of(
            new NetworkRule(List.of("10.0.0.0/8", "169.254.0.0/16", "fc00::/7", "fe80::/10", "fd00:ec2::254/128"),
                    Verdict.REJECT)), Optional.of(IPV6));

    @Test
    void aContainerWithAnIpv6AddressIsDispatchedFromBothMapsAndEachFamilyHasItsOwnSet() {
        backend.enforce(DUAL_RESTRICTED, nft);

        assertEquals(List.of(SKELETON + """
                add chain inet coi ctr_coi-a1
                flush chain inet coi ctr_coi-a1
                add set inet coi ctr_coi-a1_0 { type ipv4_addr; flags interval; auto-merge; }
                flush set inet coi ctr_coi-a1_0
                add element inet coi ctr_coi-a1_0 { 10.0.0.0/8, 169.254.0.0/16 }
                add rule inet coi ctr_coi-a1 ip daddr @ctr_coi-a1_0 counter reject
                add set inet coi ctr_coi-a1_0v6 { type ipv6_addr; flags interval; auto-merge; }
                flush set inet coi ctr_coi-a1_0v6
                add element inet coi ctr_coi-a1_0v6 { fc00::/7, fe80::/10, fd00:ec2::254/128 }
                add rule inet coi ctr_coi-a1 ip6 daddr @ctr_coi-a1_0v6 counter reject
                add element inet coi sources { 10.123.45.20 : jump ctr_coi-a1 }
                add element inet coi sources6 { fd42:1:2:3:c0:1aff:fe7b:2d14 : jump ctr_coi-a1 }
                """), nft.transactions);
    }

    @Test
    void aStepOfOneFamilyHasNoSetInTheOtherAndWithoutAnIpv6AddressIpv6DestinationsAreLeftOut() {
        List<NetworkRule> rules = List.of(new NetworkRule(List.of("fd00:ec2::254"), Verdict.REJECT),
                new NetworkRule(List.of("203.0.113.7/32", "2001:DB8:0::7/128"), Verdict.ALLOW),
                new NetworkRule(List.of(), Verdict.REJECT));

        backend.enforce(new NetworkPolicy("coi-b2", "10.123.45.30", rules, Optional.of(IPV6)), nft);
        backend.enforce(new NetworkPolicy("coi-c3", "10.123.45.31", rules), nft);

        assertEquals(List.of(SKELETON + """
                add chain inet coi ctr_coi-b2
                flush chain inet coi ctr_coi-b2
                add set inet coi ctr_coi-b2_0v6 { type ipv6_addr; flags interval; auto-merge; }
                flush set inet coi ctr_coi-b2_0v6
                add element inet coi ctr_coi-b2_0v6 { fd00:ec2::254/128 }
                add rule inet coi ctr_coi-b2 ip6 daddr @ctr_coi-b2_0v6 counter reject
                add set inet coi ctr_coi-b2_1 { type ipv4_addr; flags interval; auto-merge; }
                flush set inet coi ctr_coi-b2_1
                add element inet coi ctr_coi-b2_1 { 203.0.113.7/32 }
                add rule inet coi ctr_coi-b2 ip daddr @ctr_coi-b2_1 counter accept
                add set inet coi ctr_coi-b2_1v6 { type ipv6_addr; flags interval; auto-merge; }
                flush set inet coi ctr_coi-b2_1v6
                add element inet coi ctr_coi-b2_1v6 { 2001:db8::7/128 }
                add rule inet coi ctr_coi-b2 ip6 daddr @ctr_coi-b2_1v6 counter accept
                add rule inet coi ctr_coi-b2 counter reject
                add element inet coi sources { 10.123.45.30 : jump ctr_coi-b2 }
                add element inet coi sources6 { fd42:1:2:3:c0:1aff:fe7b:2d14 : jump ctr_coi-b2 }
                """, SKELETON + """
                add chain inet coi ctr_coi-c3
                flush chain inet coi ctr_coi-c3
                add set inet coi ctr_coi-c3_1 { type ipv4_addr; flags interval; auto-merge; }
                flush set inet coi ctr_coi-c3_1
                add element inet coi ctr_coi-c3_1 { 203.0.113.7/32 }
                add rule inet coi ctr_coi-c3 ip daddr @ctr_coi-c3_1 counter accept
                add rule inet coi ctr_coi-c3 counter reject
                add element inet coi sources { 10.123.45.31 : jump ctr_coi-c3 }
                """), nft.transactions);
    }

    @Test
    void ipv6DestinationsLoseTheirHostBitsAndAreWrittenAsNftListsThem() {
        backend.enforce(new NetworkPolicy("coi-a1", "10.123.45.20", List.of(new NetworkRule(List.of(
                "2001:db8:ffff::1/32", "FD00:EC2:0:0:0:0:0:254", "::ffff:10.0.0.0/104"), Verdict.REJECT)),
                Optional.of("FD42:1:2:3:00c0:1aff:fe7b:2d14")), nft);

        String transaction = nft.transactions.getFirst();
        assertTrue(transaction.contains("{ 2001:db8::/32, fd00:ec2::254/128, ::ffff:a00:0/104 }"), transaction);
        assertTrue(transaction.contains("sources6 { fd42:1:2:3:c0:1aff:fe7b:2d14 : jump ctr_coi-a1 }"), transaction);
    }

    @Test
    void aPolicyThatLostItsIpv6AddressAndAnIpv6AddressTakenOverAreDroppedFromTheIpv6Map() {
        nft.table(FakeNft.chain("forward"), FakeNft.chain("ctr_coi-a1"), FakeNft.set("ctr_coi-a1_0"),
                FakeNft.set("ctr_coi-a1_0v6"), FakeNft.chain("ctr_old"), FakeNft.set("ctr_old_0v6"),
                FakeNft.sources("10.123.45.20", "ctr_coi-a1"),
                FakeNft.sources6(IPV6, "ctr_coi-a1", "fd42::5", "ctr_old"));

        backend.enforce(RESTRICTED, nft);
        backend.enforce(new NetworkPolicy("coi-b2", "10.123.45.30", ALLOWLIST.rules(), Optional.of("fd42::5")), nft);

        String lost = nft.transactions.get(0);
        assertTrue(lost.contains("delete element inet coi sources6 { " + IPV6 + " }\n"), lost);
        assertTrue(lost.contains("delete set inet coi ctr_coi-a1_0v6\n"), lost);
        assertTrue(!lost.contains("delete element inet coi sources {"), lost);
        String takenOver = nft.transactions.get(1);
        assertTrue(takenOver.contains("delete element inet coi sources6 { fd42::5 }\n"
                + "flush chain inet coi ctr_old\ndelete chain inet coi ctr_old\ndelete set inet coi ctr_old_0v6\n"),
                takenOver);
    }

    @Test
    void ownersAndReleaseCoverBothFamilies() {
        nft.table(FakeNft.chain("forward"), FakeNft.chain("ctr_coi-a1"), FakeNft.set("ctr_coi-a1_0"),
                FakeNft.set("ctr_coi-a1_0v6"), FakeNft.sources("10.123.45.20", "ctr_coi-a1"),
                FakeNft.sources6(IPV6, "ctr_coi-a1"));

        assertEquals(Map.of("coi-a1", Set.of("10.123.45.20", IPV6)), backend.owners(nft));
        backend.release("coi-a1", nft);

        assertEquals(List.of("""
                delete element inet coi sources { 10.123.45.20 }
                delete element inet coi sources6 { %s }
                flush chain inet coi ctr_coi-a1
                delete chain inet coi ctr_coi-a1
                delete set inet coi ctr_coi-a1_0
                delete set inet coi ctr_coi-a1_0v6
                """.formatted(IPV6)), nft.transactions);
    }

    @Test
    void whatCannotBeWrittenIntoATransactionIsRefusedBeforeNftRuns() {
        List<NetworkPolicy> bad = List.of(
                new NetworkPolicy("a; flush ruleset", "10.123.45.20", List.of()),
                new NetworkPolicy("under_score", "10.123.45.20", List.of()),
                new NetworkPolicy("coi-a1", "10.123.45.256", List.of()),
                new NetworkPolicy("coi-a1", "10.123.45.20", List.of(new NetworkRule(List.of("10.0.0.0/33"), Verdict.REJECT))),
                new NetworkPolicy("coi-a1", "10.123.45.20", List.of(new NetworkRule(List.of("2001:db8::/129"), Verdict.REJECT))),
                new NetworkPolicy("coi-a1", "10.123.45.20", List.of(new NetworkRule(List.of("2001:db8::/32; flush ruleset"),
                        Verdict.REJECT)), Optional.of(IPV6)),
                new NetworkPolicy("coi-a1", "10.123.45.20", List.of(new NetworkRule(List.of("2001:db8:::1"), Verdict.REJECT)),
                        Optional.of(IPV6)),
                new NetworkPolicy("coi-a1", "10.123.45.20", List.of(), Optional.of("fd42::1 : jump x")),
                new NetworkPolicy("coi-a1", "10.123.45.20", List.of(), Optional.of("fd42::1/128")),
                RESTRICTED.followingDns(new DnsRedirect("10.123.45.1;flush ruleset", 53)),
                RESTRICTED.followingDns(new DnsRedirect("10.123.45.256", 53)));

        for (NetworkPolicy policy : bad) {
            assertThrows(IllegalArgumentException.class, () -> backend.enforce(policy, nft), policy::toString);
        }
        assertEquals(List.of(), nft.calls);
    }

    private static final DnsRedirect RESOLVER = new DnsRedirect("10.123.45.1", 5353);
    private static final String DNS_SKELETON = """
            add chain inet coi dns { type nat hook prerouting priority dstnat - 5; policy accept; }
            add map inet coi dns_sources { type ipv4_addr : verdict; }
            add chain inet coi dns6 { type filter hook input priority -5; policy accept; }
            add map inet coi dns_sources6 { type ipv6_addr : verdict; }
            flush chain inet coi dns
            add rule inet coi dns ip saddr vmap @dns_sources
            flush chain inet coi dns6
            add rule inet coi dns6 ip6 saddr vmap @dns_sources6
            """;

    /** coi-a1 after {@code DUAL_RESTRICTED.followingDns(RESOLVER)}, with an address admitted in each family. */
    private void tableOfADnsFollowingContainer() {
        nft.table(FakeNft.chain("forward"), FakeNft.chain("forward6"), FakeNft.chain("dns"), FakeNft.chain("dns6"),
                FakeNft.chain("ctr_coi-a1"), FakeNft.chain("ctr_coi-a1_dnat"), FakeNft.chain("ctr_coi-a1_refuse6"),
                FakeNft.set("ctr_coi-a1_0"), FakeNft.set("ctr_coi-a1_0v6"), FakeNft.set("ctr_coi-a1_dns"),
                FakeNft.set("ctr_coi-a1_dnsv6"), FakeNft.sources("10.123.45.20", "ctr_coi-a1"),
                FakeNft.sources6(IPV6, "ctr_coi-a1"), FakeNft.dnsSources("10.123.45.20", "ctr_coi-a1_dnat"),
                FakeNft.dnsSources6(IPV6, "ctr_coi-a1_refuse6"));
    }

    @Test
    void theBackendFollowsDns() {
        assertTrue(backend.followsDns());
    }

    @Test
    void aPolicyThatFollowsDnsAcceptsWhatWasAdmittedFirstRedirectsItsQueriesAndRefusesIpv6OnesToTheHost() {
        backend.enforce(DUAL_RESTRICTED.followingDns(RESOLVER), nft);

        assertEquals(List.of(SKELETON + DNS_SKELETON + """
                add chain inet coi ctr_coi-a1
                flush chain inet coi ctr_coi-a1
                add set inet coi ctr_coi-a1_dns { type ipv4_addr; flags timeout; }
                add set inet coi ctr_coi-a1_dnsv6 { type ipv6_addr; flags timeout; }
                add rule inet coi ctr_coi-a1 ip daddr @ctr_coi-a1_dns counter accept
                add rule inet coi ctr_coi-a1 ip6 daddr @ctr_coi-a1_dnsv6 counter accept
                add set inet coi ctr_coi-a1_0 { type ipv4_addr; flags interval; auto-merge; }
                flush set inet coi ctr_coi-a1_0
                add element inet coi ctr_coi-a1_0 { 10.0.0.0/8, 169.254.0.0/16 }
                add rule inet coi ctr_coi-a1 ip daddr @ctr_coi-a1_0 counter reject
                add set inet coi ctr_coi-a1_0v6 { type ipv6_addr; flags interval; auto-merge; }
                flush set inet coi ctr_coi-a1_0v6
                add element inet coi ctr_coi-a1_0v6 { fc00::/7, fe80::/10, fd00:ec2::254/128 }
                add rule inet coi ctr_coi-a1 ip6 daddr @ctr_coi-a1_0v6 counter reject
                add element inet coi sources { 10.123.45.20 : jump ctr_coi-a1 }
                add element inet coi sources6 { %1$s : jump ctr_coi-a1 }
                add chain inet coi ctr_coi-a1_dnat
                flush chain inet coi ctr_coi-a1_dnat
                add rule inet coi ctr_coi-a1_dnat meta l4proto { tcp, udp } th dport 53 dnat ip to 10.123.45.1:5353
                add element inet coi dns_sources { 10.123.45.20 : jump ctr_coi-a1_dnat }
                add chain inet coi ctr_coi-a1_refuse6
                flush chain inet coi ctr_coi-a1_refuse6
                add rule inet coi ctr_coi-a1_refuse6 meta l4proto { tcp, udp } th dport 53 counter reject
                add element inet coi dns_sources6 { %1$s : jump ctr_coi-a1_refuse6 }
                """.formatted(IPV6)), nft.transactions);
    }

    @Test
    void withoutAnIpv6AddressOnlyTheIpv4QueriesAreRedirectedAndBothAdmittedSetsAreThere() {
        backend.enforce(RESTRICTED.followingDns(RESOLVER), nft);

        String transaction = nft.transactions.getFirst();
        assertTrue(transaction.contains("add set inet coi ctr_coi-a1_dnsv6 { type ipv6_addr; flags timeout; }\n"),
                transaction);
        assertTrue(transaction.contains("add element inet coi dns_sources { 10.123.45.20 : jump ctr_coi-a1_dnat }\n"),
                transaction);
        assertFalse(transaction.contains("refuse6"), transaction);
        assertFalse(transaction.contains("add element inet coi dns_sources6"), transaction);
    }

    @Test
    void enforcingAgainWithTheSameOrAnotherPolicyKeepsWhatWasAdmitted() {
        tableOfADnsFollowingContainer();
        NetworkPolicy other = new NetworkPolicy("coi-a1", "10.123.45.20", ALLOWLIST.rules(), Optional.of(IPV6))
                .followingDns(new DnsRedirect("10.123.45.1", 53));

        backend.enforce(DUAL_RESTRICTED.followingDns(RESOLVER), nft);
        backend.enforce(other, nft);

        String same = nft.transactions.get(0);
        assertFalse(same.contains("delete"), same);
        for (String transaction : nft.transactions) {
            List<String> admittedSets = transaction.lines().filter(line -> line.contains("ctr_coi-a1_dns")).toList();
            assertEquals(List.of(
                    "add set inet coi ctr_coi-a1_dns { type ipv4_addr; flags timeout; }",
                    "add set inet coi ctr_coi-a1_dnsv6 { type ipv6_addr; flags timeout; }",
                    "add rule inet coi ctr_coi-a1 ip daddr @ctr_coi-a1_dns counter accept",
                    "add rule inet coi ctr_coi-a1 ip6 daddr @ctr_coi-a1_dnsv6 counter accept"), admittedSets, transaction);
        }
        String changed = nft.transactions.get(1);
        assertTrue(changed.contains("dnat ip to 10.123.45.1:53\n"), changed);
        assertFalse(changed.contains("delete chain"), changed);
    }

    @Test
    void aPolicyThatNoLongerFollowsDnsDropsTheRedirectTheRefusalAndWhatWasAdmitted() {
        tableOfADnsFollowingContainer();

        backend.enforce(DUAL_RESTRICTED, nft);

        String transaction = nft.transactions.getFirst();
        assertFalse(transaction.contains("add chain inet coi dns "), transaction);
        assertTrue(transaction.startsWith(SKELETON + """
                delete element inet coi dns_sources { 10.123.45.20 }
                delete element inet coi dns_sources6 { %s }
                add chain inet coi ctr_coi-a1
                """.formatted(IPV6)), transaction);
        assertTrue(transaction.contains("""
                delete set inet coi ctr_coi-a1_dns
                delete set inet coi ctr_coi-a1_dnsv6
                add element inet coi sources { 10.123.45.20 : jump ctr_coi-a1 }
                add element inet coi sources6 { %s : jump ctr_coi-a1 }
                flush chain inet coi ctr_coi-a1_dnat
                delete chain inet coi ctr_coi-a1_dnat
                flush chain inet coi ctr_coi-a1_refuse6
                delete chain inet coi ctr_coi-a1_refuse6
                """.formatted(IPV6)), transaction);
        assertFalse(transaction.contains("ctr_coi-a1 ip daddr @ctr_coi-a1_dns"), transaction);
    }

    @Test
    void aPolicyThatLostItsIpv6AddressNoLongerRefusesFromIt() {
        tableOfADnsFollowingContainer();

        backend.enforce(RESTRICTED.followingDns(RESOLVER), nft);

        String transaction = nft.transactions.getFirst();
        assertTrue(transaction.contains("delete element inet coi dns_sources6 { " + IPV6 + " }\n"), transaction);
        assertTrue(transaction.endsWith("""
                add element inet coi dns_sources { 10.123.45.20 : jump ctr_coi-a1_dnat }
                flush chain inet coi ctr_coi-a1_refuse6
                delete chain inet coi ctr_coi-a1_refuse6
                """), transaction);
        assertFalse(transaction.contains("delete element inet coi dns_sources {"), transaction);
        assertFalse(transaction.contains("delete set inet coi ctr_coi-a1_dns"), transaction);
    }

    @Test
    void ownersAndReleaseCoverWhatFollowsDns() {
        tableOfADnsFollowingContainer();

        assertEquals(Map.of("coi-a1", Set.of("10.123.45.20", IPV6)), backend.owners(nft));
        backend.release("coi-a1", nft);

        assertEquals(List.of("""
                delete element inet coi sources { 10.123.45.20 }
                delete element inet coi sources6 { %1$s }
                delete element inet coi dns_sources { 10.123.45.20 }
                delete element inet coi dns_sources6 { %1$s }
                flush chain inet coi ctr_coi-a1
                delete chain inet coi ctr_coi-a1
                flush chain inet coi ctr_coi-a1_dnat
                delete chain inet coi ctr_coi-a1_dnat
                flush chain inet coi ctr_coi-a1_refuse6
                delete chain inet coi ctr_coi-a1_refuse6
                delete set inet coi ctr_coi-a1_0
                delete set inet coi ctr_coi-a1_0v6
                delete set inet coi ctr_coi-a1_dns
                delete set inet coi ctr_coi-a1_dnsv6
                """.formatted(IPV6)), nft.transactions);
    }

    @Test
    void whatIsLeftOfADnsFollowingContainerAloneStillNamesItsOwner() {
        nft.table(FakeNft.chain("ctr_gone_dnat"), FakeNft.set("ctr_left_dnsv6"),
                FakeNft.dnsSources("10.123.45.40", "ctr_stray_dnat"));

        assertEquals(Map.of("gone", Set.of(), "left", Set.of(), "stray", Set.of("10.123.45.40")), backend.owners(nft));
    }

    @Test
    void takingOverTheAddressOfADnsFollowingContainerRemovesAllOfIt() {
        tableOfADnsFollowingContainer();

        backend.enforce(new NetworkPolicy("coi-b2", "10.123.45.20", ALLOWLIST.rules(), Optional.of(IPV6)), nft);

        String transaction = nft.transactions.getFirst();
        assertTrue(transaction.startsWith(SKELETON + """
                delete element inet coi sources { 10.123.45.20 }
                delete element inet coi sources6 { %1$s }
                delete element inet coi dns_sources { 10.123.45.20 }
                delete element inet coi dns_sources6 { %1$s }
                flush chain inet coi ctr_coi-a1
                delete chain inet coi ctr_coi-a1
                flush chain inet coi ctr_coi-a1_dnat
                delete chain inet coi ctr_coi-a1_dnat
                flush chain inet coi ctr_coi-a1_refuse6
                delete chain inet coi ctr_coi-a1_refuse6
                delete set inet coi ctr_coi-a1_0
                delete set inet coi ctr_coi-a1_0v6
                delete set inet coi ctr_coi-a1_dns
                delete set inet coi ctr_coi-a1_dnsv6
                add chain inet coi ctr_coi-b2
                """.formatted(IPV6)), transaction);
    }

    @Test
    void admittingGivesEachAddressItsLifetimeAfreshInOneCallWithoutReadingTheTable() {
        backend.admit("coi-a1", List.of("203.0.113.7", "2001:DB8::7", "198.51.100.1", "203.0.113.7"),
                Duration.ofMillis(2500), nft);

        assertEquals(List.of("""
                add element inet coi ctr_coi-a1_dns { 203.0.113.7, 198.51.100.1 }
                delete element inet coi ctr_coi-a1_dns { 203.0.113.7, 198.51.100.1 }
                add element inet coi ctr_coi-a1_dns { 203.0.113.7 timeout 3s, 198.51.100.1 timeout 3s }
                add element inet coi ctr_coi-a1_dnsv6 { 2001:db8::7 }
                delete element inet coi ctr_coi-a1_dnsv6 { 2001:db8::7 }
                add element inet coi ctr_coi-a1_dnsv6 { 2001:db8::7 timeout 3s }
                """), nft.transactions);
        assertFalse(nft.calls.stream().anyMatch(call -> call.contains("-j")), nft.calls::toString);
    }

    @Test
    void aLifetimeUnderASecondIsOneSecondAndNoAddressesIsNoCall() {
        backend.admit("coi-a1", List.of("203.0.113.7"), Duration.ofMillis(10), nft);
        backend.admit("coi-a1", List.of(), Duration.ofSeconds(60), nft);

        assertEquals(List.of("""
                add element inet coi ctr_coi-a1_dns { 203.0.113.7 }
                delete element inet coi ctr_coi-a1_dns { 203.0.113.7 }
                add element inet coi ctr_coi-a1_dns { 203.0.113.7 timeout 1s }
                """), nft.transactions);
    }

    @Test
    void admittingForAContainerWithoutAPolicyThatFollowsDnsSaysSoAndWhatToDo() {
        nft.transactionResult = new CommandResult(1, "", "Error: No such file or directory; did you mean set"
                + " \u2018ctr_coi-a1_dns\u2019 in table inet \u2018coi\u2019?\nadd element inet coi ctr_coi-b2_dns { 203.0.113.7 }\n");

        PortException error = assertThrows(PortException.class,
                () -> backend.admit("coi-b2", List.of("203.0.113.7"), Duration.ofSeconds(60), nft));

        assertTrue(error.getMessage().startsWith("could not admit 203.0.113.7 for coi-b2: it has no network policy"
                + " that follows DNS in force"), error.getMessage());
        assertTrue(error.getMessage().contains("enforce one first"), error.getMessage());
        assertEquals(1, nft.transactions.size());
    }

    @Test
    void aRefusedAdmissionSaysWhatNftSaid() {
        nft.transactionResult = new CommandResult(1, "", "Error: Could not process rule: No buffer space available\n");

        PortException error = assertThrows(PortException.class,
                () -> backend.admit("coi-a1", List.of("203.0.113.7"), Duration.ofSeconds(60), nft));

        assertTrue(error.getMessage().contains("coi-a1"), error.getMessage());
        assertTrue(error.getMessage().contains("No buffer space available"), error.getMessage());
    }

    @Test
    void whatCannotBeWrittenIntoAnAdmissionIsRefusedBeforeNftRuns() {
        Duration second = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class,
                () -> backend.admit("under_score", List.of("203.0.113.7"), second, nft));
        assertThrows(IllegalArgumentException.class,
                () -> backend.admit("coi-a1", List.of("203.0.113.7 timeout 9999d"), second, nft));
        assertThrows(IllegalArgumentException.class,
                () -> backend.admit("coi-a1", List.of("2001:db8::7 }"), second, nft));
        assertEquals(List.of(), nft.calls);
    }
}
