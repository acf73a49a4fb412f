package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.TestImage;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coi health} against the real Incus daemon of this machine. */
class HealthCommandIT {

    private static final List<String> KERNEL_CHECKS = List.of("os", "kernel_version", "incus", "permissions",
            "id_mapping", "image", "image_age", "network_bridge", "ip_forwarding", "network_rules", "coi_directory",
            "sessions_directory", "disk_space", "incus_storage_pool", "config", "network_mode", "tool", "active_containers", "saved_sessions",
            "orphaned_resources");

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
        assertEquals("ok", found.get("status").asText(), found::toString);
        assertEquals(TestImage.fingerprint(incus), found.get("details").get("fingerprint").asText());
        // the test image carries a fixed build date, so the age check shows here too
        JsonNode age = checks.get("image_age");
        long days = Duration.between(Instant.parse(age.get("details").get("created_at").asText()), Instant.now())
                .toDays();
        assertEquals(days > 30 ? "warning" : "ok", age.get("status").asText(), age::toString);
        assertTrue(age.get("message").asText().startsWith(image + " was built " + days + " days ago"), age::toString);
        JsonNode kernel = checks.get("kernel_version");
        assertEquals(incus.server().environment().kernelVersion(), kernel.get("details").get("kernel").asText());
        assertEquals(incus.server().environment().kernelFeatures().get("idmapped_mounts"),
                kernel.get("details").get("feature.idmapped_mounts").asText(), kernel::toString);
        // the integration tests run as root
        assertEquals("ok", checks.get("permissions").get("status").asText(), checks.get("permissions")::toString);
        JsonNode space = checks.get("disk_space");
        assertEquals(pool, space.get("details").get("pool").asText(), space::toString);
        assertTrue(Long.parseLong(space.get("details").get("coi_home_free_bytes").asText()) > 0, space::toString);
        assertEquals("ok", checks.get("sessions_directory").get("status").asText());
        assertEquals("0 sessions", checks.get("saved_sessions").get("message").asText());
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
        assertEquals("not checked: there is no image 'coi-health-it-no-such-image'",
                json.get("checks").get("image_age").get("message").asText());
        assertEquals("unhealthy", json.get("status").asText());
        assertEquals(2, CliRun.of(home, Map.of(), "health").exitCode());
    }

    @Test
    void noSocketAtAllFailsTheIncusCheckWithTheWayToInstallIt() throws IOException {
        Path socket = home.resolve("no-incus.sock");

        JsonNode json = healthJson(Map.of("INCUS_SOCKET", socket.toString()));

        JsonNode daemon = json.get("checks").get("incus");
        assertEquals("failed", daemon.get("status").asText());
        assertEquals("Incus cannot be reached at " + socket + " (INCUS_SOCKET)", daemon.get("message").asText());
        assertTrue(daemon.get("fix").asText().contains("Install Incus and start it"), daemon::toString);
        assertEquals("unhealthy", json.get("status").asText());
    }

    /**
     * A stopped daemon leaves its socket file behind with nobody listening on it; the machine's daemon keeps running,
     * coi is pointed at such a socket of the test's own.
     */
    @Test
    void aStoppedDaemonIsUnhealthyAndSaysHowToStartIt() throws IOException {
        Path socket = home.resolve("stopped-incus.sock");
        try (ServerSocketChannel daemon = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            daemon.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "closing a listener leaves its socket file, as a stopped incusd does");
        Map<String, String> environment = Map.of("INCUS_SOCKET", socket.toString());

        JsonNode json = healthJson(environment);

        JsonNode checks = json.get("checks");
        JsonNode daemon = checks.get("incus");
        assertEquals("failed", daemon.get("status").asText());
        assertEquals("Incus cannot be reached at " + socket + " (INCUS_SOCKET)", daemon.get("message").asText());
        assertTrue(daemon.get("fix").asText().startsWith("Incus is not running: nothing answers on its socket " + socket
                + " (connection refused). Start it with `sudo systemctl start incus`"), daemon::toString);
        for (String dependent : List.of("incus_storage_pool", "network_bridge", "image", "image_age",
                "active_containers", "orphaned_resources")) {
            assertEquals("not checked: Incus cannot be reached", checks.get(dependent).get("message").asText(),
                    dependent);
        }
        // what needs no daemon is still checked
        assertEquals("ok", checks.get("os").get("status").asText());
        assertTrue(checks.get("disk_space").get("message").asText().endsWith("the storage pool's space is not known"),
                checks.get("disk_space")::toString);
        assertEquals(1, json.get("summary").get("failed").asInt(), () -> "one cause, one failure: " + json);
        CliRun text = CliRun.of(home, environment, "health");
        assertEquals(2, text.exitCode(), text::toString);
        assertTrue(text.out().contains("[FAIL] incus"), text::toString);
        assertTrue(text.out().contains("STATUS: UNHEALTHY"), text::toString);
    }

    @Test
    void theTextReportGoesToStandardOutputWithoutColors() throws IOException {
        configure("[defaults]\nimage = \"" + image + "\"\n");

        CliRun run = CliRun.of(home, Map.of(), "health");

        assertTrue(Pattern.compile("(?m)^  \\[OK\\]   incus +: Incus ").matcher(run.out()).find(), run::toString);
        assertTrue(run.out().contains("\nSTATUS: "), run::toString);
        assertTrue(!run.out().contains("\u001B["), run::toString);
        assertEquals(2, CliRun.of(home, Map.of(), "health", "--format", "yaml").exitCode());
    }
}
