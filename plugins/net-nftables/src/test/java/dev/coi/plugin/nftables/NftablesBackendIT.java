package dev.coi.plugin.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.Availability;
import dev.coi.api.CommandResult;
import dev.coi.api.DnsRedirect;
import dev.coi.api.NetworkPolicy;
import dev.coi.api.NetworkRule;
import dev.coi.api.NetworkRule.Verdict;
import dev.coi.api.PortException;
import dev.coi.api.RulesInForce;
import dev.coi.api.RulesInForce.Admitted;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backend against the real nftables of this machine, in a table of the test's own (never coi's, firewalld's
 * or any other), which it deletes at the end whatever happened. Policies are only put in place for an address at
 * the top of the test bridge's subnet (and an IPv6 one) that no container uses; no traffic is sent.
 */
class NftablesBackendIT {

    private static final String ADDRESS = "10.123.45.250";
    private static final String IPV6 = "fd42:123:45::250";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HostProcesses host = new HostProcesses();
    private final String table = "coi_test_" + ProcessHandle.current().pid();
    private final NftablesBackend backend = new NftablesBackend(new NftCommand(), table);
    private List<String> nft;

    @BeforeEach
    void nftIsUsable() {
        Availability availability = backend.availability(host);
        assertTrue(availability.available(), availability::toString);
        nft = availability.detail().contains("sudo") ? List.of("sudo", "-n", "nft") : List.of("nft");
    }

    @AfterEach
    void deleteTheTestsTable() {
        nft("delete", "table", "inet", table);
        assertFalse(nft("list", "tables").stdout().contains(" " + table + "\n"), "table " + table + " is left");
    }

    @Test
    void aPolicyIsPutInPlaceReplacedByAnotherOwnersAndReleasedWithoutLeavingAnything() {
        NetworkPolicy restricted = new NetworkPolicy("coi-it-a", ADDRESS, List.of(new NetworkRule(
                List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16",
                        "10.1.2.3/32"), Verdict.REJECT)));
        NetworkPolicy allowlist = new NetworkPolicy("coi-it-b", ADDRESS, List.of(
                new NetworkRule(List.of("203.0.113.7/32", "198.51.100.0/24"), Verdict.ALLOW),
                new NetworkRule(List.of(), Verdict.REJECT)));

        long enforceStart = System.nanoTime();
        backend.enforce(restricted, host);
        long enforced = System.nanoTime() - enforceStart;

        assertEquals(Map.of("coi-it-a", Set.of(ADDRESS)), backend.owners(host));
        String listed = nft("list", "table", "inet", table).stdout();
        assertTrue(listed.contains("hook forward priority filter - 5; policy accept;"), listed);
        assertTrue(listed.contains("ip saddr vmap @sources"), listed);
        assertTrue(listed.contains(ADDRESS + " : jump ctr_coi-it-a"), listed);
        assertTrue(listed.contains("ip daddr @ctr_coi-it-a_0 counter packets 0 bytes 0 reject"), listed);
        assertEquals(Optional.of(new RulesInForce(List.of("ctr_coi-it-a: ip daddr { 10.0.0.0/8, 100.64.0.0/10,"
                + " 169.254.0.0/16, 172.16.0.0/12, 192.168.0.0/16 } reject (0 packets, 0 bytes)"), List.of())),
                backend.inspect("coi-it-a", host));

        backend.enforce(allowlist, host);

        assertEquals(Map.of("coi-it-b", Set.of(ADDRESS)), backend.owners(host));
        listed = nft("list", "table", "inet", table).stdout();
        assertFalse(listed.contains("coi-it-a"), listed);
        assertTrue(listed.contains("ip daddr @ctr_coi-it-b_0 counter packets 0 bytes 0 accept"), listed);

        long releaseStart = System.nanoTime();
        backend.release("coi-it-b", host);
        long released = System.nanoTime() - releaseStart;

        assertEquals(Map.of(), backend.owners(host));
        listed = nft("-j", "list", "table", "inet", table).stdout();
        assertFalse(listed.contains("ctr_"), listed);
        assertFalse(listed.contains("\"elem\""), listed);
        System.out.printf("nftables backend: enforce %d ms, release %d ms (each a read and one transaction)%n",
                enforced / 1_000_000, released / 1_000_000);
    }

    @Test
    void whatTheResolverAdmitsIsReachableForItsLifetimeAcrossEnforcesAndGoesWithTheContainer() throws Exception {
        NetworkPolicy allowlist = new NetworkPolicy("coi-it-d", ADDRESS, List.of(
                new NetworkRule(List.of("203.0.113.7/32"), Verdict.ALLOW), new NetworkRule(List.of(), Verdict.REJECT)),
                Optional.of(IPV6)).followingDns(new DnsRedirect("10.123.45.1", 5353));

        backend.enforce(allowlist, host);

        assertEquals(Map.of("coi-it-d", Set.of(ADDRESS, IPV6)), backend.owners(host));
        String listed = nft("list", "table", "inet", table).stdout();
        assertTrue(listed.contains("type nat hook prerouting priority dstnat - 5; policy accept;"), listed);
        assertTrue(listed.contains("type filter hook input priority filter - 5; policy accept;"), listed);
        assertTrue(listed.contains(ADDRESS + " : jump ctr_coi-it-d_dnat"), listed);
        assertTrue(listed.contains(IPV6 + " : jump ctr_coi-it-d_refuse6"), listed);
        assertTrue(listed.contains("meta l4proto { tcp, udp } th dport 53 dnat ip to 10.123.45.1:5353"), listed);
        assertTrue(listed.contains("meta l4proto { tcp, udp } th dport 53 counter packets 0 bytes 0 reject"), listed);
        // what the resolver admitted is accepted before any step of the policy
        assertTrue(listed.contains("\t\tip daddr @ctr_coi-it-d_dns counter packets 0 bytes 0 accept\n"
                + "\t\tip6 daddr @ctr_coi-it-d_dnsv6 counter packets 0 bytes 0 accept\n"
                + "\t\tip daddr @ctr_coi-it-d_0 counter packets 0 bytes 0 accept\n"), listed);

        backend.admit("coi-it-d", List.of("198.51.100.9", "2001:db8::9"), Duration.ofSeconds(2), host);

        assertTrue(admitted("ctr_coi-it-d_dns").contains("{\"val\": \"198.51.100.9\", \"timeout\": 2,"),
                admitted("ctr_coi-it-d_dns"));
        assertTrue(admitted("ctr_coi-it-d_dnsv6").contains("{\"val\": \"2001:db8::9\", \"timeout\": 2,"),
                admitted("ctr_coi-it-d_dnsv6"));

        backend.admit("coi-it-d", List.of("198.51.100.9"), Duration.ofSeconds(600), host);
        backend.enforce(allowlist.followingDns(new DnsRedirect("10.123.45.1", 53)), host);

        assertTrue(admitted("ctr_coi-it-d_dns").contains("{\"val\": \"198.51.100.9\", \"timeout\": 600,"),
                admitted("ctr_coi-it-d_dns"));
        assertTrue(nft("list", "table", "inet", table).stdout().contains("dnat ip to 10.123.45.1:53\n"));
        RulesInForce inForce = backend.inspect("coi-it-d", host).orElseThrow();
        assertEquals(List.of(
                "ctr_coi-it-d: ip daddr @ctr_coi-it-d_dns accept (0 packets, 0 bytes)",
                "ctr_coi-it-d: ip6 daddr @ctr_coi-it-d_dnsv6 accept (0 packets, 0 bytes)",
                "ctr_coi-it-d: ip daddr { 203.0.113.7 } accept (0 packets, 0 bytes)",
                "ctr_coi-it-d: reject (0 packets, 0 bytes)",
                "ctr_coi-it-d_dnat: meta l4proto { tcp, udp } th dport 53 dnat ip to 10.123.45.1:53",
                "ctr_coi-it-d_refuse6: meta l4proto { tcp, udp } th dport 53 reject (0 packets, 0 bytes)"),
                inForce.rules());
        // the IPv6 address admitted for 2 s may or may not have expired by now
        Admitted admitted = inForce.admitted().getFirst();
        assertEquals("198.51.100.9", admitted.address(), inForce::toString);
        assertTrue(admitted.remaining().compareTo(Duration.ofSeconds(590)) > 0
                && admitted.remaining().compareTo(Duration.ofSeconds(600)) <= 0, inForce::toString);

        backend.admit("coi-it-d", List.of("198.51.100.9"), Duration.ofSeconds(1), host);
        Thread.sleep(2_000);

        assertFalse(admitted("ctr_coi-it-d_dns").contains("198.51.100.9"), admitted("ctr_coi-it-d_dns"));
        assertFalse(admitted("ctr_coi-it-d_dnsv6").contains("2001:db8::9"), admitted("ctr_coi-it-d_dnsv6"));

        backend.admit("coi-it-d", List.of("198.51.100.10"), Duration.ofSeconds(600), host);
        backend.release("coi-it-d", host);

        assertEquals(Map.of(), backend.owners(host));
        listed = nft("-j", "list", "table", "inet", table).stdout();
        assertFalse(listed.contains("ctr_"), listed);
        assertFalse(listed.contains("\"elem\""), listed);
        PortException notFollowing = assertThrows(PortException.class,
                () -> backend.admit("coi-it-d", List.of("198.51.100.9"), Duration.ofSeconds(2), host));
        assertTrue(notFollowing.getMessage().contains("no network policy that follows DNS"), notFollowing::getMessage);
    }

    private String admitted(String set) {
        return nft("-j", "list", "set", "inet", table, set).stdout();
    }

    private CommandResult nft(String... arguments) {
        return host.run(Stream.concat(nft.stream(), Stream.of(arguments)).toList(), TIMEOUT);
    }
}
