package dev.coi.kernel.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Allowlist mode from the user's configuration: only the listed addresses and the resolved addresses of listed
 * names are reached (besides the host); unlisted public addresses, even next to a listed one, local networks and
 * metadata are not. coi resolves names with the JDK, here from a hosts file of the test
 * ({@code -Djdk.net.hosts.file}), so no name is looked up anywhere else.
 */
class AllowlistNetworkIT extends NetworkTestBase {

    private static final String ALLOWED_NAME = "api.coi-allowlist.test";

    @Test
    void allowlistReachesOnlyTheListedAddressesAndNames() {
        bed.jvmOptions.add("-Djdk.net.hosts.file=" + hostsFile(hosts.publicB().address() + " " + ALLOWED_NAME));
        bed.userConfig("""
                [network]
                mode = "allowlist"
                allowed_domains = ["%s", "%s"]
                """.formatted(hosts.publicA().address(), ALLOWED_NAME));

        String container = bed.background();
        assertRulesScopedTo(container, bed.awaitAddress(container));
        ContainerProbe probe = bed.probe(container);

        assertReaches(probe, hosts.publicA());
        assertReaches(probe, hosts.publicB());
        assertReachesGatewayService(probe);
        assertBlocked(probe, hosts.publicC());
        for (ForbiddenHosts.Target target : hosts.forbidden()) {
            assertBlocked(probe, target);
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
