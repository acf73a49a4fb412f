package dev.coi.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.kernel.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coi health} with the bundled plugins: their checks run beside the kernel's, on this real host. */
class HealthIT {

    @TempDir
    Path home;

    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode health() throws Exception {
        CliRun run = CliRun.of(home, Map.of(), "health", "--format", "json");
        JsonNode json = mapper.readTree(run.out());
        assertEquals(switch (json.get("status").asText()) {
            case "healthy" -> 0;
            case "degraded" -> 1;
            default -> 2;
        }, run.exitCode(), run::toString);
        return json.get("checks");
    }

    @Test
    void thePluginsChecksRunBesideTheKernels() throws Exception {
        JsonNode checks = health();

        assertTrue(checks.has("incus") && checks.has("firewall") && checks.has("colima"), checks::toString);
        JsonNode colima = checks.get("colima");
        assertEquals("ok", colima.get("status").asText(), colima::toString);
        assertEquals("not a Colima or Lima VM", colima.get("message").asText());
        assertEquals("NETWORKING", checks.get("firewall").get("category").asText());
    }

    @Test
    void aColimaSettingIsReportedWithTheModesTheRealFirewalldAllows() throws Exception {
        Path config = home.resolve("etc/coi/config.toml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "[host]\nenvironment = \"colima\"\n");

        JsonNode checks = health();

        JsonNode colima = checks.get("colima");
        assertTrue(colima.get("message").asText().startsWith("Colima VM (host.environment = colima): UID shifting off;"
                + " network modes that work: "), colima::toString);
        assertEquals("false", colima.get("details").get("uid_shifting").asText());
        boolean firewalldRuns = checks.get("firewall").get("status").asText().equals("ok");
        assertEquals(firewalldRuns ? "open, restricted, allowlist" : "open",
                colima.get("details").get("network_modes").asText(), checks::toString);
        assertEquals(firewalldRuns ? "ok" : "warning", colima.get("status").asText(), colima::toString);
    }
}
