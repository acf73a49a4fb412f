package dev.coi.dist;

import static dev.coi.dist.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.kernel.base.BuildInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball the build made, as a user gets it: unpacked somewhere else, run, installed with install.sh for one
 * user (a home of the test's own) and removed again.
 */
class DistributionIT {

    private static final Path INSTALL_SCRIPT = Path.of("../install.sh").toAbsolutePath().normalize();

    @TempDir
    static Path unpacked;

    private static Path tarball;
    /** bin/coi, the client of the resident coi. */
    private static Path coi;
    /** bin/coi-jvm, the JVM launcher. */
    private static Path coiJvm;

    @BeforeAll
    static void unpack() throws Exception {
        tarball = BuiltTarball.file();
        coi = BuiltTarball.unpack(unpacked).resolve("bin/coi");
        assertTrue(Files.isExecutable(coi), () -> coi + " in the tarball");
        coiJvm = coi.resolveSibling("coi-jvm");
        assertTrue(Files.isExecutable(coiJvm), () -> coiJvm + " in the tarball");
    }

    @Test
    void theTarballIsNamedForItsVersionAndMachine() {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
        assertEquals("coi-" + BuildInfo.current().version() + "-linux-" + arch + ".tar.gz",
                tarball.getFileName().toString());
    }

    @Test
    void versionShowsTheVersionAndTheCommitOnTheBundledRuntime() throws Exception {
        BuildInfo build = BuildInfo.current();

        CommandRun version = run(Map.of(), coi.toString(), "--version");
        CommandRun json = run(Map.of(), coi.toString(), "version", "--format", "json");

        assertEquals(0, version.exitCode(), version::toString);
        assertEquals("coi version " + build.version() + " (commit " + build.commit() + ")\n", version.out());
        assertEquals("", version.err());
        assertEquals(run(Map.of(), coiJvm.toString(), "--version").withCommand(version.command()), version,
                "the client prints what the JVM prints");
        JsonNode details = new ObjectMapper().readTree(json.out());
        assertTrue(details.get("commit").asText().matches("[0-9a-f]{7,}(-dirty)?|unknown"), json::toString);
        assertTrue(Files.isExecutable(coi.resolveSibling("../runtime/bin/java").normalize()), "a bundled runtime");
        assertEquals(Runtime.version().feature(), Runtime.Version.parse(details.get("java").asText()).feature(),
                "the runtime is linked from the JDK that built it");
    }

    @Test
    void theStartUpCacheMatchesWhereverTheTarballIsUnpacked() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the start-up cache needs JDK 25, this build ran on "
                + Runtime.version());
        assertTrue(Files.isRegularFile(coi.resolveSibling("../lib/coi.aot").normalize()), "lib/coi.aot");

        // AOTMode=on makes the JVM refuse to start when it cannot use the cache
        CommandRun cached = run(Map.of("COI_JAVA_OPTIONS", "-XX:AOTMode=on"), coiJvm.toString(), "--version");

        assertEquals(0, cached.exitCode(), cached::toString);
    }

    @Test
    void picocliComesFromTheStartUpCache() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the start-up cache needs JDK 25, this build ran on "
                + Runtime.version());

        // built for Java 5, picocli's classes are kept in the cache only once they were given stack maps
        CommandRun help = run(Map.of("COI_JAVA_OPTIONS", "-Xlog:class+load=info:stdout"), coiJvm.toString(), "list",
                "--help");

        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("picocli.CommandLine source: shared objects file"), help::toString);
    }

    @Test
    void aStaleStartUpCacheIsIgnoredWithoutAWord(@TempDir Path copy) throws Exception {
        Path home = BuiltTarball.unpack(copy);
        Files.setLastModifiedTime(BuiltTarball.kernelJar(home), FileTime.fromMillis(System.currentTimeMillis()));

        CommandRun stale = run(Map.of(), home.resolve("bin/coi-jvm").toString(), "--version");

        assertEquals(0, stale.exitCode(), stale::toString);
        assertTrue(stale.out().startsWith("coi version "), stale::toString);
        assertEquals("", stale.err(), stale::toString);
    }

    @Test
    void theClientIsACompiledProgramThatAnswersVersionWithoutTheJvm(@TempDir Path copy, @TempDir Path home)
            throws Exception {
        byte[] start = new byte[4];
        try (var in = Files.newInputStream(coi)) {
            assertEquals(4, in.readNBytes(start, 0, 4));
        }
        assertEquals("\u007fELF", new String(start, StandardCharsets.ISO_8859_1), "bin/coi is an ELF program");
        Path broken = BuiltTarball.unpack(copy).resolve("bin/coi-jvm");
        Files.writeString(broken, "#!/bin/sh\necho 'coi-jvm ran' >&2\nexit 99\n");

        CommandRun version = run(Map.of("HOME", home.toString()), broken.resolveSibling("coi").toString(), "--version");
        CommandRun shortOption = run(Map.of("HOME", home.toString()), broken.resolveSibling("coi").toString(), "-V");
        CommandRun list = run(Map.of("HOME", home.toString()), broken.resolveSibling("coi").toString(), "list");

        String expected = run(Map.of(), coiJvm.toString(), "--version").out();
        assertEquals(0, version.exitCode(), version::toString);
        assertEquals(expected, version.out());
        assertEquals("", version.err());
        assertEquals(expected, shortOption.out(), shortOption::toString);
        assertEquals(List.of(), children(home), "nothing written to the home, no ~/.coi");
        assertEquals(99, list.exitCode(), () -> "other commands go to coi-jvm when no resident runs: " + list);
    }

    @Test
    void residentOffRunsCoiJvm(@TempDir Path home) throws Exception {
        CommandRun list = run(Map.of("HOME", home.toString(), "COI_RESIDENT", "off", "COI_JAVA_OPTIONS",
                "-XshowSettings:properties"), coi.toString(), "tool", "list");

        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().contains("claude"), list::toString);
        assertTrue(list.err().contains("coi.home = " + coi.getParent().getParent().toRealPath()),
                () -> "the JVM ran, told its install home: " + list);
    }

    @Test
    void healthRunsAndSpeaksJson() throws Exception {
        CommandRun health = run(Map.of(), coi.toString(), "health", "--format", "json");

        assertTrue(List.of(0, 1, 2).contains(health.exitCode()), health::toString);
        JsonNode report = new ObjectMapper().readTree(health.out());
        assertTrue(List.of("healthy", "degraded", "unhealthy").contains(report.get("status").asText()),
                health::toString);
    }

    @Test
    void completionScriptsAreValidShell() throws Exception {
        Path completions = coi.resolveSibling("../share/completions").normalize();
        CommandRun bash = run(Map.of(), "bash", "-n", completions.resolve("coi.bash").toString());
        assertEquals(0, bash.exitCode(), bash::toString);
        if (onPath("zsh")) {
            CommandRun zsh = run(Map.of(), "zsh", "-n", completions.resolve("coi.bash").toString());
            assertEquals(0, zsh.exitCode(), zsh::toString);
        }
        if (onPath("fish")) {
            CommandRun fish = run(Map.of(), "fish", "-n", completions.resolve("coi.fish").toString());
            assertEquals(0, fish.exitCode(), fish::toString);
        }
    }

    @Test
    void manPagesRenderWithoutWarnings() throws Exception {
        assumeTrue(onPath("groff"), "groff renders man pages");
        Path man1 = coi.resolveSibling("../share/man/man1").normalize();
        List<Path> pages;
        try (Stream<Path> files = Files.list(man1)) {
            pages = files.sorted().toList();
        }
        assertTrue(pages.contains(man1.resolve("coi.1")), pages::toString);
        for (Path page : pages) {
            CommandRun render = run(Map.of(), "groff", "-man", "-Tutf8", "-ww", "-z", page.toString());
            assertEquals(0, render.exitCode(), render::toString);
            assertEquals("", render.err(), () -> page + ": " + render);
        }
    }

    @Test
    void installsForOneUserUpgradesAndUninstallsWithoutTrace(@TempDir Path home) throws Exception {
        Map<String, String> user = Map.of("HOME", home.toString());
        Path bin = home.resolve(".local/bin");
        Path manBefore = Files.createDirectories(home.resolve(".local/share/man"));
        String expected = "coi version " + BuildInfo.current().version() + " (commit " + BuildInfo.current().commit()
                + ")\n";

        CommandRun install = run(user, "sh", INSTALL_SCRIPT.toString(), "--user", "--tarball", tarball.toString());
        assertEquals(0, install.exitCode(), install::toString);
        assertEquals(expected, run(user, bin.resolve("coi").toString(), "--version").out());
        assertEquals(expected, run(user, bin.resolve("claude-on-incus").toString(), "--version").out());
        assertTrue(Files.isRegularFile(home.resolve(".local/share/man/man1/coi-shell.1")));
        assertTrue(Files.isRegularFile(home.resolve(".local/share/bash-completion/completions/coi")));
        if (Runtime.version().feature() >= 25) {
            CommandRun cached = run(Map.of("HOME", home.toString(), "COI_JAVA_OPTIONS", "-XX:AOTMode=on"),
                    home.resolve(".local/share/coi/bin/coi-jvm").toString(), "--version");
            assertEquals(0, cached.exitCode(), () -> "the installed copy uses the start-up cache: " + cached);
        }

        CommandRun again = run(user, "sh", INSTALL_SCRIPT.toString(), "--user", "--tarball", tarball.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.err().startsWith("Upgraded coi version "), again::toString);
        assertEquals(expected, run(user, bin.resolve("coi").toString(), "--version").out());

        CommandRun uninstall = run(user, "sh", INSTALL_SCRIPT.toString(), "--user", "--uninstall");
        assertEquals(0, uninstall.exitCode(), uninstall::toString);
        List<Path> left = new ArrayList<>();
        try (Stream<Path> files = Files.walk(home)) {
            files.filter(file -> !manBefore.startsWith(file)).forEach(left::add);
        }
        assertEquals(List.of(), left, () -> "left after --uninstall: " + uninstall);
        assertTrue(Files.isDirectory(manBefore), "a folder that was there before the install stays");
    }

    @Test
    void installLeavesAClaudeOnIncusThatIsNotItsOwnAlone(@TempDir Path home) throws Exception {
        Path other = home.resolve(".local/bin/claude-on-incus");
        Files.createDirectories(other.getParent());
        Files.writeString(other, "#!/bin/sh\necho reference\n");
        Map<String, String> user = Map.of("HOME", home.toString());

        CommandRun install = run(user, "sh", INSTALL_SCRIPT.toString(), "--user", "--tarball", tarball.toString());
        CommandRun uninstall = run(user, "sh", INSTALL_SCRIPT.toString(), "--user", "--uninstall");

        assertEquals(0, install.exitCode(), install::toString);
        assertTrue(install.err().contains("Left " + other + " alone"), install::toString);
        assertEquals(0, uninstall.exitCode(), uninstall::toString);
        assertEquals("#!/bin/sh\necho reference\n", Files.readString(other));
    }

    private static List<Path> children(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    private static boolean onPath(String program) throws Exception {
        return run(Map.of(), "sh", "-c", "command -v " + program).exitCode() == 0;
    }
}
