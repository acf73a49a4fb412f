package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The monitor sees what the network rules refuse: an agent that keeps trying a host its network mode forbids (a
 * test host of the machine's own, in a LAN range) is warned about, from the counters of the nftables backend's
 * rules, while the session goes on.
 */
class RefusedConnectionsIT extends NetworkTestBase {

    /** The keeper's first look, which the counts start from, comes a moment after the session. */
    private static final Duration FIRST_LOOK = Duration.ofSeconds(8);
    /** The counters are read every 10 s. */
    private static final Duration RESPONSE = Duration.ofSeconds(60);

    @Test
    void attemptsToReachAForbiddenHostAreWarnedAboutAndTheSessionGoesOn() throws Exception {
        assumeTrue(RULES.name().equals("nftables"), "only the nftables backend counts the packets it refuses");
        bed.userConfig("[monitoring]\nrefused_packets_per_minute = 3\n");
        String container = bed.background("--network=restricted", "--monitor");
        Path audit = bed.home.resolve(".coi/audit/" + container + ".jsonl");
        ContainerProbe probe = bed.probe(container);
        Thread.sleep(FIRST_LOOK.toMillis());

        for (int attempt = 0; attempt < 5; attempt++) {
            assertBlocked(probe, hosts.lan192());
        }

        long deadline = System.nanoTime() + RESPONSE.toNanos();
        while (events(audit).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        List<JsonNode> events = events(audit);
        assertEquals(1, events.size(), () -> "one warning: " + events);
        assertEquals("rejected-connections", events.get(0).path("detector").asText(), events::toString);
        assertEquals("warning", events.get(0).path("level").asText(), events::toString);
        assertTrue(events.get(0).path("message").asText().matches("[0-9]+ packets refused by the network rules"
                + " within a minute \\(3 is the threshold\\)"), events::toString);
        assertFalse(bed.incus.instance(container).map(instance -> !instance.isRunning()).orElse(true),
                "a warning does not stop the agent");
    }

    private static List<JsonNode> events(Path audit) throws IOException {
        if (!Files.exists(audit)) {
            return List.of();
        }
        ObjectMapper json = new ObjectMapper();
        return Files.readAllLines(audit).stream().map(line -> {
            try {
                return json.readTree(line);
            } catch (IOException e) {
                throw new AssertionError(line, e);
            }
        }).toList();
    }
}
