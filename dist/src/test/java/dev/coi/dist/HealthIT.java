package dev.coi.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.kernel.cli.CliRun;
import dev.coi.kernel.incus.IncusClient;
import dev.coi.kernel.incus.TestImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code coi health} with the bundled plugins: their checks run beside the kernel's, on this real host. */
class HealthIT {

    private static final Path LAUNCHER = Path.of("target/coi/bin/coi").toAbsolutePath();
    private static final String FIXED_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

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

    @Test
    void theRealFirewalldHasTheBridgeInTheTrustedZone() throws Exception {
        JsonNode checks = health();

        JsonNode zone = checks.get("bridge_firewalld_zone");
        if (checks.get("firewall").get("status").asText().equals("ok")) {
            // scripts/setup-host.sh puts the bridge there
            assertEquals("ok", zone.get("status").asText(), zone::toString);
            assertEquals("trusted", zone.get("details").get("zone").asText(), zone::toString);
        } else {
            assertTrue(zone.get("message").asText().startsWith("firewalld does not run"), zone::toString);
        }
        assertTrue(checks.get("network_mode").get("message").asText().startsWith("restricted (enforced by"),
                checks::toString);
        assertTrue(checks.get("tool").get("message").asText().contains("claude"), checks::toString);
    }

    @ParameterizedTest
    @CsvSource({"restricted, firewalld, failed, 2", "restricted, auto, warning, 1", "open, firewalld, warning, 1"})
    void withoutFirewalldTheFirewallCheckFailsWhenItIsTheChosenBackendAndTheModeNeedsIt(String mode, String backend, String status,
            int exitCode) throws Exception {
        Path config = home.resolve(".config/coi/config.toml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "[defaults]\nimage = \"" + TestImage.alias(IncusClient.local(null)) + "\"\n"
                + "[network]\nmode = \"" + mode + "\"\nbackend = \"" + backend + "\"\n");

        Launched health = launch(stoppedFirewalld(), "health", "--format", "json");

        JsonNode json = mapper.readTree(health.out());
        JsonNode firewall = json.get("checks").get("firewall");
        assertEquals(status, firewall.get("status").asText(), firewall::toString);
        assertTrue(firewall.get("message").asText().startsWith("firewalld is installed but not running"),
                firewall::toString);
        assertTrue(firewall.get("fix").asText().startsWith("start it: sudo systemctl enable --now firewalld"),
                firewall::toString);
        assertEquals(exitCode, health.exitCode(), health::toString);
        Launched text = launch(stoppedFirewalld(), "health");
        assertEquals(exitCode, text.exitCode(), text::toString);
        assertTrue(text.out().contains(status.equals("failed") ? "[FAIL] firewall" : "[WARN] firewall"),
                text::toString);
    }

    /** A firewall-cmd that answers as a stopped firewalld does (exit code 252); the machine's firewalld keeps running. */
    private Path stoppedFirewalld() throws IOException {
        Path bin = Files.createDirectories(home.resolve("stopped-firewalld"));
        Path command = bin.resolve("firewall-cmd");
        Files.writeString(command, "#!/bin/sh\necho 'not running' >&2\nexit 252\n");
        Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private record Launched(int exitCode, String out, String err) {
    }

    /** bin/coi as a user runs it, with {@code bin} first on the PATH. */
    private Launched launch(Path bin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        Path out = home.resolve("stdout");
        Path err = home.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("PATH", bin + ":" + FIXED_PATH);
        builder.environment().remove("XDG_CONFIG_HOME");
        Process coi = builder.start();
        if (!coi.waitFor(120, TimeUnit.SECONDS)) {
            coi.destroyForcibly();
            throw new AssertionError("coi health did not finish within 120 s: " + Files.readString(err));
        }
        return new Launched(coi.exitValue(), Files.readString(out), Files.readString(err));
    }
}
