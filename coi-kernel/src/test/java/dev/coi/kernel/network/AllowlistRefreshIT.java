package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An allowlisted name that moves to another address is followed, for a background session whose coi has long
 * exited: the network keeper resolves it again on its interval (one minute, the shortest there is) and swaps the
 * rule. The name lives in a hosts file of the test ({@code -Djdk.net.hosts.file}, passed on to the keeper), so
 * nothing is looked up anywhere else.
 */
class AllowlistRefreshIT extends NetworkTestBase {

    private static final String NAME = "moving.coi-allowlist.test";
    /** The interval, plus the JDK's 30 s cache of a resolved name, plus a keeper tick and the firewall calls. */
    private static final Duration FOLLOWED_WITHIN = Duration.ofSeconds(150);

    @Test
    void theKeeperFollowsANameToItsNewAddressAfterCoiHasExited() {
        assumeTrue(RULES instanceof DirectRules, "the nftables backend follows DNS instead of pinning names");
        Path hostsFile = root.resolve("hosts");
        write(hostsFile, hosts.publicB().address() + " " + NAME);
        bed.jvmOptions.add("-Djdk.net.hosts.file=" + hostsFile);
        bed.userConfig("""
                [network]
                mode = "allowlist"
                allowed_domains = ["%s"]
                refresh_interval_minutes = 1
                """.formatted(NAME));

        String container = bed.background();
        bed.awaitAddress(container);
        ContainerProbe probe = bed.probe(container);
        assertReaches(probe, hosts.publicB());
        assertBlocked(probe, hosts.publicC());

        write(hostsFile, hosts.publicC().address() + " " + NAME);

        // the keeper adds the new address's rule before it removes the old one, so both are there for a moment
        Waiting.until(FOLLOWED_WITHIN, () -> {
            Set<String> allowed = RULES.destinations(container);
            return allowed.contains(hosts.publicC().address() + "/32")
                    && !allowed.contains(hosts.publicB().address() + "/32");
        }, () -> "the rules still are " + RULES.ownedBy(container));
        assertReaches(probe, hosts.publicC());
        assertBlocked(probe, hosts.publicB());
    }

    private static void write(Path file, String line) {
        try {
            Files.writeString(file, line + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
