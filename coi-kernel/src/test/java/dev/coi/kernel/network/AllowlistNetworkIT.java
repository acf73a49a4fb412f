package dev.coi.kernel.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Allowlist mode from the user's configuration: only the listed addresses and the addresses of listed names are
 * reached (besides the host); unlisted public addresses, even next to a listed one, local networks and metadata are
 * not. With firewalld coi resolves names with the JDK, here from a hosts file of the test
 * ({@code -Djdk.net.hosts.file}); with nftables the container's own lookup goes through coi's resolver to a DNS server
 * of the test ({@link TestDnsServer}); either way no name is looked up anywhere else.
 */
class AllowlistNetworkIT extends NetworkTestBase {

    private static final String ALLOWED_NAME = "api.coi-allowlist.test";

    @Test
    void allowlistReachesOnlyTheListedAddressesAndNames() throws Exception {
        try (TestDnsServer dns = TestDnsServer.start(root.resolve("dns"))) {
            dns.answer(ALLOWED_NAME, hosts.publicB().address());
            bed.jvmOptions.add("-Djdk.net.hosts.file=" + hostsFile(hosts.publicB().address() + " " + ALLOWED_NAME));
            bed.allowlistAsking(dns.server(), hosts.publicA().address(), ALLOWED_NAME);

            String container = bed.background();
            assertRulesScopedTo(container, bed.awaitAddress(container));
            ContainerProbe probe = bed.probe(container);

            assertReaches(probe, hosts.publicA());
            if (RULES instanceof NftRules) {
                // by its name, as a tool reaches it: the container's lookup is what opens its address (with firewalld
                // coi pinned it, and the container's own DNS, the bridge's, does not know the test's name)
                assertReaches(probe, new ForbiddenHosts.Target(hosts.publicB().name(), ALLOWED_NAME,
                        hosts.publicB().namespace()));
            }
            assertReaches(probe, hosts.publicB());
            assertReachesGatewayService(probe);
            assertBlocked(probe, hosts.publicC());
            for (ForbiddenHosts.Target target : hosts.forbidden()) {
                assertBlocked(probe, target);
            }
        }
    }

    private Path hostsFile(String line) {
        try {
            return Files.writeString(root.resolve("hosts"), line + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
