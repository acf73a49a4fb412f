package dev.coi.plugin.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.ImageBuildRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    void aRequestChecksItsSuite() {
        DebianMirrors mirrors = new DebianMirrors(DebianMirrors.DEFAULT_MIRROR, Optional.empty());
        assertThrows(IllegalArgumentException.class,
                () -> new OfflineBuildRequest(dir, mirrors, "bookworm; rm -rf /", image(List.of())));
    }

    @Test
    void theToolStepsAndTheRequiredToolAreStagedWhereTheScriptLooksForThem() throws IOException {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        OfflineBuildRequest request = new OfflineBuildRequest(dir.resolve("work"),
                new DebianMirrors(DebianMirrors.DEFAULT_MIRROR, Optional.empty()), "bookworm", image(List.of(
                        new ImageBuildRequest.Tool("claude", "npm install -g claude\n", true),
                        new ImageBuildRequest.Tool("aider", "pipx install aider-chat\n", false))));

        OfflineImageBuilder.stageBuildFiles(request, rootfs, line -> { });

        Path tools = rootfs.resolve("tmp/coi-build/tools.d");
        assertEquals("npm install -g claude\n", Files.readString(tools.resolve("01-claude.sh")));
        assertEquals("pipx install aider-chat\n", Files.readString(tools.resolve("02-aider.sh")));
        assertEquals("claude\n", Files.readString(tools.resolve("required")));
        assertTrue(Files.isRegularFile(rootfs.resolve("tmp/coi-build/coi-image.sh")));
    }

    @Test
    void aFailingToolStepIsAWarningUnlessItsToolIsRequired() throws IOException, InterruptedException {
        Path tools = Files.createDirectories(dir.resolve("build/tools.d"));
        Files.writeString(tools.resolve("01-aider.sh"), "echo 'PyPI is out of reach'\nexit 3\n");
        Files.writeString(tools.resolve("02-claude.sh"), "echo 'npm registry is out of reach'\nfalse\necho not reached\n");
        Files.writeString(tools.resolve("03-marker.sh"), "echo marker ran\n");
        Path loop = Files.writeString(dir.resolve("tool-steps.sh"), toolStepsOfTheImageScript());

        Files.writeString(tools.resolve("required"), "");
        List<String> lenient = new ArrayList<>();
        assertEquals(0, HostCommand.run(List.of("bash", "-euo", "pipefail", loop.toString()),
                Map.of("COI_BUILD_DIR", dir.resolve("build").toString()), lenient::add));
        assertTrue(lenient.contains("[coi] WARNING: claude could not be installed: its step failed with exit code 1"
                + " (see above)"), lenient.toString());
        assertTrue(lenient.contains("marker ran"), lenient.toString());
        assertTrue(lenient.contains("[coi] phase tool-claude: installing claude"), lenient.toString());

        Files.writeString(tools.resolve("required"), "claude\n");
        List<String> strict = new ArrayList<>();
        assertEquals(1, HostCommand.run(List.of("bash", "-euo", "pipefail", loop.toString()),
                Map.of("COI_BUILD_DIR", dir.resolve("build").toString()), strict::add));
        assertTrue(strict.contains("[coi] WARNING: aider could not be installed: its step failed with exit code 3"
                + " (see above)"), strict.toString());
        String error = strict.stream().filter(line -> line.startsWith("[coi] ERROR: ")).findFirst().orElseThrow();
        assertTrue(error.startsWith("[coi] ERROR: claude could not be installed: its step failed with exit code 1"
                + " (see above). claude is the configured tool ([tool] name)"), error);
        assertTrue(error.contains("package source is reachable") && error.contains("another tool"), error);
        assertFalse(strict.contains("marker ran"), "the build stops at the required tool: " + strict);
    }

    private static ImageBuildRequest image(List<ImageBuildRequest.Tool> tools) {
        return new ImageBuildRequest("0.2.0+test", List.of(), tools);
    }

    /**
     * The image script's helpers and its tool step loop, cut out of it so that the loop runs without a Debian root:
     * from the start to the end of {@code die()}, and from {@code required_tools=()} to the loop's {@code done}.
     */
    private static String toolStepsOfTheImageScript() throws IOException {
        List<String> lines;
        try (InputStream in = OfflineImageBuilder.class.getResourceAsStream("coi-image.sh")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        int dieEnd = lines.indexOf("die() {");
        while (!lines.get(dieEnd).equals("}")) {
            dieEnd++;
        }
        int loopStart = lines.indexOf("required_tools=()");
        int loopEnd = loopStart;
        while (!lines.get(loopEnd).equals("done")) {
            loopEnd++;
        }
        assertTrue(dieEnd > 0 && loopStart > dieEnd, "the script still has die() and the tool step loop");
        return String.join("\n", lines.subList(0, dieEnd + 1)) + "\nshopt -s nullglob\n"
                + String.join("\n", lines.subList(loopStart, loopEnd + 1)) + "\n";
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
