package dev.coi.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.AiTool;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-27T06:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path home;

    private HealthResult check(AiTool tool) {
        NoHost host = new NoHost(Map.of());
        return new ToolCheck("tool", name -> Optional.of(tool).filter(found -> found.name().equals(name)), home,
                home.resolve(".coi"), CLOCK).run(host, host);
    }

    private void hostCredentials(byte[] content) throws IOException {
        Path file = home.resolve(CredentialsTool.CREDENTIALS.path());
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    private void keptCredentials(byte[] content) throws IOException {
        Path file = home.resolve(".coi/credentials/tool").resolve(CredentialsTool.CREDENTIALS.path());
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    @Test
    void aToolNoPluginProvidesFails() {
        NoHost host = new NoHost(Map.of());

        HealthResult result = new ToolCheck("cursor", name -> Optional.empty(), home, home.resolve(".coi"), CLOCK)
                .run(host, host);

        assertEquals(Status.FAILED, result.status());
        assertEquals("no installed plugin or tool file provides the AI tool 'cursor' (tool.name)", result.message());
        assertTrue(result.fix().contains("coi tool list"), result.fix());
        assertTrue(result.fix().contains("~/.config/coi/tools/cursor.toml"), result.fix());
    }

    @Test
    void validHostCredentialsPassWithTheirDateOnly() throws IOException {
        hostCredentials(CredentialsTool.validUntil(NOW.plusSeconds(3600)));

        HealthResult result = check(CredentialsTool.withCredentials());

        assertEquals(Status.OK, result.status(), result::toString);
        assertEquals("tool: credentials ~/.tool/creds.json good until 2026-11-27T07:00:00Z", result.message());
    }

    @Test
    void missingCredentialsWarnWithHowToLogIn() {
        HealthResult result = check(CredentialsTool.withCredentials());

        assertEquals(Status.WARNING, result.status());
        assertEquals("no tool credentials: ~/.tool/creds.json is missing, so every session asks you to log in",
                result.message());
        assertTrue(result.fix().startsWith("log in: run tool on the host and log in"), result.fix());
    }

    @Test
    void expiredCredentialsWarnWithoutShowingThem() throws IOException {
        hostCredentials(CredentialsTool.validUntil(NOW.minusSeconds(60)));

        HealthResult result = check(CredentialsTool.withCredentials());

        assertEquals(Status.WARNING, result.status());
        assertTrue(result.message().startsWith("the tool credentials in ~/.tool/creds.json expired at"
                + " 2026-11-27T05:59:00Z"), result.message());
        assertFalse(result.toString().contains("valid-until:"), result::toString);
        assertTrue(result.fix().contains("log in again"), result.fix());
    }

    @Test
    void fresherCredentialsKeptFromASessionCount() throws IOException {
        hostCredentials(CredentialsTool.validUntil(NOW.minusSeconds(60)));
        keptCredentials(CredentialsTool.validUntil(NOW.plusSeconds(7200)));

        HealthResult result = check(CredentialsTool.withCredentials());

        assertEquals(Status.OK, result.status(), result::toString);
        assertTrue(result.message().contains("(refreshed in a session) good until 2026-11-27T08:00:00Z"),
                result.message());
    }

    @Test
    void credentialsTheToolDoesNotRecogniseWarn() throws IOException {
        hostCredentials("{\"token\":\"secret\"}".getBytes());

        HealthResult result = check(CredentialsTool.withCredentials());

        assertEquals(Status.WARNING, result.status());
        assertEquals("~/.tool/creds.json does not look like valid tool credentials (no token with an expiry date in"
                + " it)", result.message());
        assertFalse(result.toString().contains("secret"));
    }

    @Test
    void aToolWithoutCredentialsFilesPasses() {
        assertEquals(Status.OK, check(new CredentialsTool(List.of())).status());
    }
}
