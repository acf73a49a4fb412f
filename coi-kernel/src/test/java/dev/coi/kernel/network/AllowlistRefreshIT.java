package dev.coi.kernel.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
            List<String> rules = DirectRules.ownedBy(container);
            return rules.stream().anyMatch(rule -> rule.contains(hosts.publicC().address() + "/32"))
                    && rules.stream().noneMatch(rule -> rule.contains(hosts.publicB().address() + "/32"));
        }, () -> "the rules still are " + DirectRules.ownedBy(container));
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
