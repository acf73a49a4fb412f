package dev.coi.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.kernel.BuildInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball the build made, as a user gets it: unpacked somewhere else, run, installed with install.sh for one
 * user (a home of the test's own) and removed again.
 */
class DistributionIT {

    private static final Path TARGET = Path.of("target").toAbsolutePath();
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
        try (Stream<Path> files = Files.list(TARGET)) {
            List<Path> tarballs = files.filter(file -> file.getFileName().toString().matches("coi-.*-linux-.*\\.tar\\.gz"))
                    .toList();
            assertEquals(1, tarballs.size(), () -> "one tarball in " + TARGET + ": " + tarballs);
            tarball = tarballs.get(0);
        }
        Run untar = run(Map.of(), "tar", "-xzf", tarball.toString(), "-C", unpacked.toString());
        assertEquals(0, untar.exitCode(), untar::toString);
        coi = unpacked.resolve("coi-" + BuildInfo.current().version()).resolve("bin/coi");
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

        Run version = run(Map.of(), coi.toString(), "--version");
        Run json = run(Map.of(), coi.toString(), "version", "--format", "json");

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
        Run cached = run(Map.of("COI_JAVA_OPTIONS", "-XX:AOTMode=on"), coiJvm.toString(), "--version");

        assertEquals(0, cached.exitCode(), cached::toString);
    }

    @Test
    void picocliComesFromTheStartUpCache() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the start-up cache needs JDK 25, this build ran on "
                + Runtime.version());

        // built for Java 5, picocli's classes are kept in the cache only once they were given stack maps
        Run help = run(Map.of("COI_JAVA_OPTIONS", "-Xlog:class+load=info:stdout"), coiJvm.toString(), "list",
                "--help");

        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("picocli.CommandLine source: shared objects file"), help::toString);
    }

    @Test
    void aStaleStartUpCacheIsIgnoredWithoutAWord(@TempDir Path copy) throws Exception {
        Run untar = run(Map.of(), "tar", "-xzf", tarball.toString(), "-C", copy.toString());
        assertEquals(0, untar.exitCode(), untar::toString);
        Path home = copy.resolve("coi-" + BuildInfo.current().version());
        Path kernelJar;
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            kernelJar = jars.filter(jar -> jar.getFileName().toString().startsWith("coi-kernel-")).findFirst()
                    .orElseThrow();
        }
        Files.setLastModifiedTime(kernelJar, FileTime.fromMillis(System.currentTimeMillis()));

        Run stale = run(Map.of(), home.resolve("bin/coi-jvm").toString(), "--version");

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
        Path broken = unpackedCopy(copy).resolve("bin/coi-jvm");
        Files.writeString(broken, "#!/bin/sh\necho 'coi-jvm ran' >&2\nexit 99\n");

        Run version = run(Map.of("HOME", home.toString()), broken.resolveSibling("coi").toString(), "--version");
        Run shortOption = run(Map.of("HOME", home.toString()), broken.resolveSibling("coi").toString(), "-V");
        Run list = run(Map.of("HOME", home.toString()), broken.resolveSibling("coi").toString(), "list");

        String expected = run(Map.of(), coiJvm.toString(), "--version").out();
        assertEquals(0, version.exitCode(), version::toString);
        assertEquals(expected, version.out());
        assertEquals("", version.err());
        assertEquals(expected, shortOption.out(), shortOption::toString);
        assertEquals(List.of(), children(home), "nothing written to the home, no ~/.coi");
        assertEquals(99, list.exitCode(), () -> "other commands go to coi-jvm when no resident runs: " + list);
    }

    @Test
    void withNoResidentCommandsRunThroughCoiJvm(@TempDir Path home, @TempDir Path otherHome) throws Exception {
        Map<String, String> user = Map.of("HOME", home.toString(), "INCUS_SOCKET", home.resolve("no-incus").toString());
        Map<String, String> other = Map.of("HOME", otherHome.toString(), "INCUS_SOCKET",
                otherHome.resolve("no-incus").toString());

        Run help = run(user, coi.toString(), "help");
        Run list = run(user, coi.toString(), "list");
        Run helpJvm = run(other, coiJvm.toString(), "help");
        Run listJvm = run(other, coiJvm.toString(), "list");

        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("Usage: coi"), help::toString);
        assertEquals(helpJvm.withCommand(help.command()), help);
        assertTrue(list.exitCode() != 0 && list.err().contains("no-incus"), () -> "Incus is not there: " + list);
        assertEquals(listJvm.withCommand(list.command()).withText(otherHome.toString(), home.toString()), list);
    }

    @Test
    void residentOffRunsCoiJvm(@TempDir Path home) throws Exception {
        Run list = run(Map.of("HOME", home.toString(), "COI_RESIDENT", "off", "COI_JAVA_OPTIONS",
                "-XshowSettings:properties"), coi.toString(), "tool", "list");

        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.out().contains("claude"), list::toString);
        assertTrue(list.err().contains("coi.home = " + coi.getParent().getParent().toRealPath()),
                () -> "the JVM ran, told its install home: " + list);
    }

    @Test
    void healthRunsAndSpeaksJson() throws Exception {
        Run health = run(Map.of(), coi.toString(), "health", "--format", "json");

        assertTrue(List.of(0, 1, 2).contains(health.exitCode()), health::toString);
        JsonNode report = new ObjectMapper().readTree(health.out());
        assertTrue(List.of("healthy", "degraded", "unhealthy").contains(report.get("status").asText()),
                health::toString);
    }

    @Test
    void completionScriptsAreValidShell() throws Exception {
        Path completions = coi.resolveSibling("../share/completions").normalize();
        Run bash = run(Map.of(), "bash", "-n", completions.resolve("coi.bash").toString());
        assertEquals(0, bash.exitCode(), bash::toString);
        if (onPath("zsh")) {
            Run zsh = run(Map.of(), "zsh", "-n", completions.resolve("coi.bash").toString());
            assertEquals(0, zsh.exitCode(), zsh::toString);
        }
        if (onPath("fish")) {
            Run fish = run(Map.of(), "fish", "-n", completions.resolve("coi.fish").toString());
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
            Run render = run(Map.of(), "groff", "-man", "-Tutf8", "-ww", "-z", page.toString());
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

        Run install = run(user, "sh", INSTALL_SCRIPT.toString(), "--user", "--tarball", tarball.toString());
        assertEquals(0, install.exitCode(), install::toString);
        assertEquals(expected, run(user, bin.resolve("coi").toString(), "--version").out());
        assertEquals(expected, run(user, bin.resolve("claude-on-incus").toString(), "--version").out());
        assertTrue(Files.isRegularFile(home.resolve(".local/share/man/man1/coi-shell.1")));
        assertTrue(Files.isRegularFile(home.resolve(".local/share/bash-completion/completions/coi")));
        if (Runtime.version().feature() >= 25) {
            Run cached = run(Map.of("HOME", home.toString(), "COI_JAVA_OPTIONS", "-XX:AOTMode=on"),
                    home.resolve(".local/share/coi/bin/coi-jvm").toString(), "--version");
            assertEquals(0, cached.exitCode(), () -> "the installed copy uses the start-up cache: " + cached);
        }

        Run again = run(user, "sh", INSTALL_SCRIPT.toString(), "--user", "--tarball", tarball.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.err().startsWith("Upgraded coi version "), again::toString);
        assertEquals(expected, run(user, bin.resolve("coi").toString(), "--version").out());

        Run uninstall = run(user, "sh", INSTALL_SCRIPT.toString(), "--user", "--uninstall");
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

        Run install = run(user, "sh", INSTALL_SCRIPT.toString(), "--user", "--tarball", tarball.toString());
        Run uninstall = run(user, "sh", INSTALL_SCRIPT.toString(), "--user", "--uninstall");

        assertEquals(0, install.exitCode(), install::toString);
        assertTrue(install.err().contains("Left " + other + " alone"), install::toString);
        assertEquals(0, uninstall.exitCode(), uninstall::toString);
        assertEquals("#!/bin/sh\necho reference\n", Files.readString(other));
    }

    private static Path unpackedCopy(Path folder) throws Exception {
        Run untar = run(Map.of(), "tar", "-xzf", tarball.toString(), "-C", folder.toString());
        assertEquals(0, untar.exitCode(), untar::toString);
        return folder.resolve("coi-" + BuildInfo.current().version());
    }

    private static List<Path> children(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    private static boolean onPath(String program) throws Exception {
        return run(Map.of(), "sh", "-c", "command -v " + program).exitCode() == 0;
    }

    private static Run run(Map<String, String> environment, String... command) throws Exception {
        Path out = Files.createTempFile("coi-dist-it", ".out");
        Path err = Files.createTempFile("coi-dist-it", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null")
                            .toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within 120 s");
            }
            return new Run(List.of(command), process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private record Run(List<String> command, int exitCode, String out, String err) {
        Run withCommand(List<String> other) {
            return new Run(other, exitCode, out, err);
        }

        Run withText(String text, String replacement) {
            return new Run(command, exitCode, out.replace(text, replacement), err.replace(text, replacement));
        }

        @Override
        public String toString() {
            return String.join(" ", command) + ": exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
