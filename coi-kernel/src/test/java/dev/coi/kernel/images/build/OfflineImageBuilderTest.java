package dev.coi.kernel.images.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the offline builder that need neither root nor network. */
class OfflineImageBuilderTest {

    @TempDir
    Path dir;

    @Test
    void readsTheEffectiveUidFromProcStatus() {
        assertEquals(0, OfflineImageBuilder.effectiveUid("Name:\tjava\nUid:\t1000\t0\t0\t0\nGid:\t0\t0\t0\t0\n"));
        assertEquals(1000, OfflineImageBuilder.effectiveUid("Uid:\t0\t1000\t1000\t1000\n"));
        assertEquals(-1, OfflineImageBuilder.effectiveUid("Name:\tjava\n"));
    }

    @Test
    void theImageGetsUpdatesAndSecurityUpdatesFromTheMirrors() {
        DebianMirrors mirrors = new DebianMirrors("http://m.example.org/debian",
                Optional.of("http://m.example.org/debian-security"));

        assertEquals("""
                Types: deb
                URIs: http://m.example.org/debian
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb
                URIs: http://m.example.org/debian-security
                Suites: bookworm-security
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
                """, OfflineImageBuilder.aptSources(mirrors, "bookworm"));
        assertEquals("""
                Types: deb
                URIs: http://m.example.org/debian
                Suites: sid
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
                """, OfflineImageBuilder.aptSources(mirrors, "sid"));
    }

    @Test
    void theImageScriptShipsUnfilteredAndIsValidBash() throws IOException, InterruptedException {
        String script;
        try (InputStream in = OfflineImageBuilder.class.getResourceAsStream("coi-image.sh")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(script.contains("${COI_VERSION:-unknown}"), "Maven resource filtering must leave the script alone");
        Path copy = Files.writeString(dir.resolve("coi-image.sh"), script);
        assertEquals(0, HostCommand.run(List.of("bash", "-n", copy.toString()), null, System.err::println));
    }

    @Test
    void requestsCollectTheHostsCertificatesAndCheckTheirArguments() throws IOException {
        Files.createDirectories(dir.resolve("ca/sub"));
        Files.writeString(dir.resolve("ca/b.crt"), "b");
        Files.writeString(dir.resolve("ca/sub/a.crt"), "a");
        Files.writeString(dir.resolve("ca/readme.txt"), "not a certificate");

        assertEquals(List.of(dir.resolve("ca/b.crt"), dir.resolve("ca/sub/a.crt")),
                HostCertificates.paths(dir.resolve("ca"), List.of()));
        assertEquals(List.of(), HostCertificates.paths(dir.resolve("missing"), List.of()));

        DebianMirrors mirrors = new DebianMirrors(DebianMirrors.DEFAULT_MIRROR, Optional.empty());
        assertThrows(IllegalArgumentException.class,
                () -> new OfflineBuildRequest(dir, mirrors, "bookworm; rm -rf /", List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ToolInstallStep("../aider", "true"));
        assertEquals("aider", new ToolInstallStep("aider", "pipx install aider-chat").tool());
    }

    @Test
    void timesStepsFromTheScriptsPhaseLines() {
        assertEquals(Optional.of("packages"), StepTimer.phaseOf("[coi] phase packages: apt-get update"));
        assertEquals(Optional.empty(), StepTimer.phaseOf("Setting up [coi] phase x: y"));
        assertEquals(Optional.empty(), StepTimer.phaseOf("[coi] WARNING: aider could not be installed"));

        StepTimer timer = new StepTimer();
        timer.start("debootstrap");
        timer.start("packages");
        timer.start("packages");
        timer.start("npm");
        timer.start("packages");
        timer.stop();

        assertEquals(List.of("debootstrap", "packages", "npm"), timer.steps().stream().map(StepTime::step).toList());
        OfflineBuildResult result = new OfflineBuildResult(dir.resolve("image.tar.gz"), 402_000_000L,
                List.of(new StepTime("debootstrap", Duration.ofMillis(75_250)), new StepTime("tar", Duration.ofSeconds(30))));
        assertEquals("debootstrap 75.3s, tar 30.0s, total 105.3s; image.tar.gz 402 MB", result.summary());
    }
}
