package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.TestImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coi health} against the real Incus daemon of this machine. */
class HealthCommandIT {

    private static final List<String> KERNEL_CHECKS = List.of("os", "incus", "incus_storage_pool", "network_bridge",
            "ip_forwarding", "image", "coi_directory", "config");

    private static IncusClient incus;
    private static String image;

    @TempDir
    Path home;

    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void connect() {
        incus = IncusClient.local(null);
        image = TestImage.alias(incus);
    }

    private void configure(String toml) throws IOException {
        Path file = home.resolve("etc/coi/config.toml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, toml);
    }

    private JsonNode healthJson(Map<String, String> environment) throws IOException {
        CliRun run = CliRun.of(home, environment, "health", "--format", "json");
        JsonNode json = mapper.readTree(run.out());
        String status = json.get("status").asText();
        assertEquals(switch (status) {
            case "healthy" -> 0;
            case "degraded" -> 1;
            case "unhealthy" -> 2;
            default -> throw new AssertionError("unknown status " + status);
        }, run.exitCode(), run::toString);
        assertSummaryCountsTheChecks(json);
        return json;
    }

    private static void assertSummaryCountsTheChecks(JsonNode json) {
        List<String> statuses = new ArrayList<>();
        json.get("checks").forEach(check -> statuses.add(check.get("status").asText()));
        JsonNode summary = json.get("summary");
        assertEquals(statuses.size(), summary.get("total").asInt());
        assertEquals(statuses.stream().filter("ok"::equals).count(), summary.get("passed").asLong());
        assertEquals(statuses.stream().filter("warning"::equals).count(), summary.get("warnings").asLong());
        assertEquals(statuses.stream().filter("failed"::equals).count(), summary.get("failed").asLong());
        String expected = summary.get("failed").asInt() > 0 ? "unhealthy"
                : summary.get("warnings").asInt() > 0 ? "degraded" : "healthy";
        assertEquals(expected, json.get("status").asText());
        json.get("checks").forEach(check -> {
            if (!check.get("status").asText().equals("ok")) {
                assertTrue(!check.get("fix").asText().isBlank(), () -> "no fix for " + check);
            }
        });
    }

    @Test
    void reportsTheRealDaemonItsPoolBridgeAndImage() throws IOException {
        configure("[defaults]\nimage = \"" + image + "\"\n");

        JsonNode json = healthJson(Map.of());

        assertTrue(json.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)"),
                json::toString);
        JsonNode checks = json.get("checks");
        KERNEL_CHECKS.forEach(name -> assertTrue(checks.has(name), () -> "no " + name + " in " + json));
        JsonNode daemon = checks.get("incus");
        assertEquals("ok", daemon.get("status").asText(), daemon::toString);
        assertEquals(incus.server().environment().serverVersion(), daemon.get("details").get("version").asText());
        String pool = incus.profileDevices("default").orElseThrow().get("root").get("pool");
        JsonNode storage = checks.get("incus_storage_pool");
        assertEquals(pool, storage.get("details").get("pool").asText(), storage::toString);
        assertEquals(incus.storagePool(pool).orElseThrow().driver(), storage.get("details").get("driver").asText());
        String network = incus.profileDevices("default").orElseThrow().get("eth0").get("network");
        JsonNode bridge = checks.get("network_bridge");
        assertEquals("ok", bridge.get("status").asText(), bridge::toString);
        assertEquals(network, bridge.get("details").get("network").asText());
        JsonNode found = checks.get("image");
        assertEquals(TestImage.fingerprint(incus), found.get("details").get("fingerprint").asText());
        // the test image carries a fixed build date, so the age check shows here too
        long age = Duration.between(Instant.parse(found.get("details").get("created_at").asText()), Instant.now())
                .toDays();
        assertEquals(age > 30 ? "warning" : "ok", found.get("status").asText(), found::toString);
        assertTrue(found.get("message").asText().contains("built " + age + " days ago"), found::toString);
        assertEquals("ok", checks.get("coi_directory").get("status").asText());
        assertEquals("ok", checks.get("config").get("status").asText());
    }

    @Test
    void aMissingImageIsUnhealthyAndSaysHowToBuildIt() throws IOException {
        configure("[defaults]\nimage = \"coi-health-it-no-such-image\"\n");

        JsonNode json = healthJson(Map.of());

        JsonNode missing = json.get("checks").get("image");
        assertEquals("failed", missing.get("status").asText());
        assertEquals("image 'coi-health-it-no-such-image' not found, so no session can start",
                missing.get("message").asText());
        assertTrue(missing.get("fix").asText().contains("coi build custom"), missing::toString);
        assertEquals("unhealthy", json.get("status").asText());
    }

    @Test
    void anUnreachableDaemonFailsTheIncusCheckWithTheWayToStartIt() throws IOException {
        Path socket = home.resolve("no-incus.sock");

        JsonNode json = healthJson(Map.of("INCUS_SOCKET", socket.toString()));

        JsonNode daemon = json.get("checks").get("incus");
        assertEquals("failed", daemon.get("status").asText());
        assertEquals("Incus cannot be reached at " + socket + " (INCUS_SOCKET)", daemon.get("message").asText());
        assertTrue(daemon.get("fix").asText().contains("Install Incus and start it"), daemon::toString);
        for (String dependent : List.of("incus_storage_pool", "network_bridge", "image")) {
            assertEquals("not checked: Incus cannot be reached",
                    json.get("checks").get(dependent).get("message").asText());
        }
        assertEquals("unhealthy", json.get("status").asText());
    }

    @Test
    void theTextReportGoesToStandardOutputWithoutColors() throws IOException {
        configure("[defaults]\nimage = \"" + image + "\"\n");

        CliRun run = CliRun.of(home, Map.of(), "health");

        assertTrue(run.out().contains("  [OK]   incus             : Incus "), run::toString);
        assertTrue(run.out().contains("\nSTATUS: "), run::toString);
        assertTrue(!run.out().contains("\u001B["), run::toString);
        assertEquals(2, CliRun.of(home, Map.of(), "health", "--format", "yaml").exitCode());
    }
}
