package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coi.api.CommandResult;
import dev.coi.api.ExecOptions;
import dev.coi.kernel.cli.CoiTerminal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An allowlist that follows DNS, against a DNS server of the test's own ({@link TestDnsServer}, dnsmasq on the
 * host's loopback) that the container's resolver asks through coi's: the container reaches what an allowed name
 * resolves to when it asks, a name's new address right away and its old one no longer once the answer's TTL and
 * the grace period have passed; a wildcard admits the names below it; a name not on the list is refused at DNS and
 * its address stays blocked; an allowed name answering a private address opens nothing.
 */
class DnsAllowlistIT extends NetworkTestBase {

    private static final String MOVING = "moving.coi-dns.test";
    private static final String WILD = "*.wild.coi-dns.test";
    /** The answers' TTL (1 s) raised to the resolver's floor (5 s), plus its grace (60 s), plus a keeper's slack. */
    private static final Duration OLD_ADDRESS_CLOSED_WITHIN = Duration.ofSeconds(100);
    /** The keeper starts its resolver shortly after coi has started the container. */
    private static final Duration RESOLVER_UP_WITHIN = Duration.ofSeconds(30);

    @Test
    void namesAreFollowedWhenTheContainerAsksAndNothingElseOpens() throws Exception {
        assumeTrue(RULES instanceof NftRules, "the firewalld backend pins names (see the wildcard refusal test)");
        try (TestDnsServer dns = TestDnsServer.start(root.resolve("dns"))) {
            dns.answer(MOVING, hosts.publicA().address());
            dns.answer("unlisted.coi-dns.test", hosts.publicC().address());
            dns.answer("rebound.wild.coi-dns.test", hosts.lan192().address());
            dns.answer("a.wild.coi-dns.test", hosts.publicC().address());
            dns.answer("b.wild.coi-dns.test", hosts.publicB().address());
            bed.allowlistAsking(dns.server(), MOVING, WILD);

            String container = bed.background();
            ContainerProbe probe = bed.probe(container);
            Waiting.until(RESOLVER_UP_WITHIN, () -> lookup(container, MOVING).exitCode() == 0,
                    () -> MOVING + " does not resolve in " + container + ": " + lookup(container, MOVING));
            assertReaches(probe, target(hosts.publicA(), MOVING));
            assertBlocked(probe, hosts.publicB());

            CommandResult unlisted = lookup(container, "unlisted.coi-dns.test");
            assertNotEquals(0, unlisted.exitCode(), unlisted::toString);
            assertFalse(unlisted.stdout().contains(hosts.publicC().address()), unlisted::toString);
            assertBlocked(probe, hosts.publicC());

            CommandResult rebound = lookup(container, "rebound.wild.coi-dns.test");
            assertFalse(rebound.stdout().contains(hosts.lan192().address()), rebound::toString);
            assertBlocked(probe, hosts.lan192());

            dns.answer(MOVING, hosts.publicB().address());
            assertReaches(probe, target(hosts.publicB(), MOVING));

            assertReaches(probe, target(hosts.publicC(), "a.wild.coi-dns.test"));
            assertReaches(probe, target(hosts.publicB(), "b.wild.coi-dns.test"));

            Waiting.until(OLD_ADDRESS_CLOSED_WITHIN, () -> !probe.fetch(hosts.publicA().url()).answered(
                    hosts.publicA().name()), () -> MOVING + "'s old address " + hosts.publicA().address()
                    + " is still open: " + RULES.ownedBy(container));
            assertBlocked(probe, hosts.publicA());
            assertReaches(probe, target(hosts.publicB(), MOVING));
            assertEquals(List.of(), dns.askedFor("unlisted.coi-dns.test"),
                    "coi's resolver passed on a name that is not allowed");
        }
    }

    @Test
    void aWildcardWithABackendThatPinsNamesIsRefusedBeforeAnythingIsMade() {
        assumeTrue(RULES instanceof DirectRules, "the nftables backend follows DNS");
        bed.userConfig("""
                [network]
                mode = "allowlist"
                allowed_domains = ["%s"]
                """.formatted(WILD));

        CoiTerminal terminal = bed.run(NetworkSessionBed.START, "shell", "--image", bed.image, "--background");

        assertNotEquals(0, terminal.awaitExit(NetworkSessionBed.END), terminal::history);
        assertTrue(terminal.history().contains("'" + WILD + "' is a wildcard"), terminal::history);
        assertTrue(bed.incus.instance(bed.containerName(1)).isEmpty(), "a container was made");
    }

    /** The host, fetched by a name: what the container's own resolver finds for it. */
    private static ForbiddenHosts.Target target(ForbiddenHosts.Target host, String name) {
        return new ForbiddenHosts.Target(host.name(), name, host.namespace());
    }

    private CommandResult lookup(String container, String name) {
        return bed.incus.exec(container, List.of("getent", "ahostsv4", name), ExecOptions.asRoot(),
                Duration.ofSeconds(20));
    }
}
