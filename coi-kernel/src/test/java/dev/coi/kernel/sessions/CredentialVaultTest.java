package dev.coi.kernel.sessions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialVaultTest {

    private static final Instant EARLY = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LATE = Instant.parse("2026-06-01T00:00:00Z");

    /** Before {@link #EARLY}: the credentials of the tests have not expired yet. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-12-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path coiHome;

    private final TestTool tool = new TestTool();

    @Test
    void keepsValidCredentialsPrivatelyUnderTheToolsFolder() throws Exception {
        CredentialVault vault = new CredentialVault(coiHome, "testtool", CLOCK);

        assertTrue(vault.offer(tool, TestTool.CREDENTIALS, TestTool.credentials(EARLY)));

        Path kept = coiHome.resolve("credentials/testtool/.tool/creds.json");
        assertEquals(kept, vault.path(TestTool.CREDENTIALS));
        assertArrayEquals(TestTool.credentials(EARLY), Files.readAllBytes(kept));
        assertEquals(0600, (Integer) Files.getAttribute(kept, "unix:mode") & 0777);
        assertEquals(0700, (Integer) Files.getAttribute(kept.getParent(), "unix:mode") & 0777);
        assertEquals(Optional.of(EARLY), vault.validUntil(tool, TestTool.CREDENTIALS));
    }

    @Test
    void replacesItsCopyOnlyWithCredentialsGoodForLonger() throws Exception {
        CredentialVault vault = new CredentialVault(coiHome, "testtool", CLOCK);
        vault.offer(tool, TestTool.CREDENTIALS, TestTool.credentials(LATE));

        assertFalse(vault.offer(tool, TestTool.CREDENTIALS, TestTool.credentials(EARLY)));
        assertFalse(vault.offer(tool, TestTool.CREDENTIALS, TestTool.credentials(LATE)));
        assertTrue(vault.offer(tool, TestTool.CREDENTIALS, TestTool.credentials(LATE.plusSeconds(1))));

        assertEquals(Optional.of(LATE.plusSeconds(1)), vault.validUntil(tool, TestTool.CREDENTIALS));
    }

    @Test
    void dropsWhatTheToolDoesNotAcceptAsCredentials() throws Exception {
        CredentialVault vault = new CredentialVault(coiHome, "testtool", CLOCK);
        vault.offer(tool, TestTool.CREDENTIALS, TestTool.credentials(EARLY));

        assertFalse(vault.offer(tool, TestTool.CREDENTIALS, "planted by the agent".getBytes(StandardCharsets.UTF_8)));

        assertEquals(Optional.of(EARLY), vault.validUntil(tool, TestTool.CREDENTIALS));
        assertFalse(new CredentialVault(coiHome, "other").read(TestTool.CREDENTIALS).isPresent());
    }

    @Test
    void dropsCredentialsThatHaveExpired() throws Exception {
        CredentialVault vault = new CredentialVault(coiHome, "testtool", CLOCK);

        assertFalse(vault.offer(tool, TestTool.CREDENTIALS, TestTool.credentials(CLOCK.instant())));
        assertFalse(vault.offer(tool, TestTool.CREDENTIALS, TestTool.credentials(CLOCK.instant().minusSeconds(1))));

        assertEquals(Optional.empty(), vault.read(TestTool.CREDENTIALS));
    }

    @Test
    void dropsAnExpiryTheContainerClaimsTooFarAhead() throws Exception {
        CredentialVault vault = new CredentialVault(coiHome, "testtool", CLOCK);
        Instant longest = CLOCK.instant().plus(CredentialVault.LONGEST_CLAIM);
        vault.offer(tool, TestTool.CREDENTIALS, TestTool.credentials(EARLY));

        assertFalse(vault.offer(tool, TestTool.CREDENTIALS, TestTool.credentials(longest.plusSeconds(1))));
        assertFalse(vault.offer(tool, TestTool.CREDENTIALS, TestTool.credentials(Instant.ofEpochMilli(Long.MAX_VALUE))));
        assertEquals(Optional.of(EARLY), vault.validUntil(tool, TestTool.CREDENTIALS));

        assertTrue(vault.offer(tool, TestTool.CREDENTIALS, TestTool.credentials(longest)));
    }

    @Test
    void keepsCredentialsOfAToolThatCannotTellTheirEnd() throws Exception {
        CredentialVault vault = new CredentialVault(coiHome, "testtool", CLOCK);

        assertTrue(vault.offer(tool, TestTool.CREDENTIALS, TestTool.credentials(Instant.MAX)));
    }

    @Test
    void ignoresACopyAnOlderCoiKeptWithAnExpiryTooFarAhead() throws Exception {
        CredentialVault vault = new CredentialVault(coiHome, "testtool", CLOCK);
        Path kept = vault.path(TestTool.CREDENTIALS);
        Files.createDirectories(kept.getParent());
        Files.write(kept, TestTool.credentials(Instant.ofEpochMilli(Long.MAX_VALUE)));

        assertEquals(Optional.empty(), vault.validUntil(tool, TestTool.CREDENTIALS));
        assertTrue(vault.offer(tool, TestTool.CREDENTIALS, TestTool.credentials(EARLY)));
    }
}
