package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The man pages' EXIT STATUS, ENVIRONMENT, FILES and EXAMPLES, in the order man pages have them. */
class ManSectionsTest {

    @TempDir
    Path home;

    private Path pages;

    @BeforeEach
    void writePages() {
        pages = home.resolve("man1");
        CliRun run = CliRun.of(home, "man-pages", pages.toString());
        assertEquals(0, run.exitCode(), run::toString);
    }

    private String page(String name) throws IOException {
        return Files.readString(pages.resolve(name + ".1"));
    }

    @Test
    void coiItselfListsTheEnvironmentTheFilesAndFirstExamples() throws IOException {
        String coi = page("coi");

        assertInOrder(coi, ".SH OPTIONS", ".SH \"EXIT STATUS\"", ".SH ENVIRONMENT", ".SH FILES", ".SH EXAMPLES",
                ".SH SEE ALSO");
        String environment = between(coi, ".SH ENVIRONMENT", ".SH FILES");
        for (String variable : List.of("COI_CONFIG", "COI_LIMIT_CPU", "CLAUDE_ON_INCUS_IMAGE", "COI_RESIDENT",
                "INCUS_SOCKET", "NO_COLOR")) {
            assertTrue(environment.contains("\\fB" + variable + "\\fR"), variable + " in\n" + environment);
        }
        assertTrue(environment.contains("limits.cpu.count"), environment);
        String files = between(coi, ".SH FILES", ".SH EXAMPLES");
        for (String file : List.of("/etc/coi/config.toml", "~/.config/coi/config.toml", ".coi.toml", "~/.coi/sessions/")) {
            assertTrue(files.contains(file.replace("-", "\\-")), file + " in\n" + files);
        }
        assertTrue(between(coi, ".SH EXAMPLES", ".SH SEE ALSO").contains("\\fBcoi shell\\fR"), coi);
    }

    @Test
    void everyPageHasItsExitStatusAndPointsToTheEnvironmentAndFiles() throws IOException {
        try (Stream<Path> files = Files.list(pages)) {
            for (Path file : files.toList()) {
                String page = Files.readString(file);
                assertInOrder(page, ".SH \"EXIT STATUS\"", ".SH ENVIRONMENT", ".SH FILES", ".SH SEE ALSO");
                assertTrue(between(page, ".SH \"EXIT STATUS\"", ".SH ENVIRONMENT").contains("\\fB2\\fR\nThe command"
                        + " line or the configuration is wrong"), file::toString);
            }
        }
        String run = page("coi-run");
        assertTrue(between(run, ".SH \"EXIT STATUS\"", ".SH ENVIRONMENT").contains("\\fB124\\fR\n\\-\\-timeout"),
                run);
        assertTrue(between(page("coi-health"), ".SH \"EXIT STATUS\"", ".SH ENVIRONMENT").contains("unhealthy"));
        assertTrue(page("coi-shell").contains(".SH ENVIRONMENT\nThe environment variables coi reads are in coi(1).\n"));
    }

    @Test
    void theMainCommandsHaveExamplesAsTheyAreTyped() throws IOException {
        for (String command : List.of("shell", "run", "attach", "list", "shutdown", "snapshot", "build")) {
            String page = page("coi-" + command);
            assertTrue(between(page, ".SH EXAMPLES", ".SH SEE ALSO").contains(".TP\n\\fBcoi " + command), page);
        }
        // the quotes stay: the shell needs them
        assertTrue(page("coi-run").contains("\n\\fBcoi run \"npm ci && npm test\"\\fR\nRun one shell command"));
    }

    @Test
    void groffReadsEveryPageWithoutAWarning() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/groff")), "groff is not installed");
        try (Stream<Path> files = Files.list(pages)) {
            for (Path file : files.toList()) {
                Process groff = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z", file.toString())
                        .redirectErrorStream(true).start();
                String out = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(groff.waitFor(30, TimeUnit.SECONDS), file::toString);
                assertEquals("", out, file::toString);
                assertEquals(0, groff.exitValue(), file::toString);
            }
        }
    }

    private static void assertInOrder(String page, String... headings) {
        int at = -1;
        for (String heading : headings) {
            int next = page.indexOf("\n" + heading + "\n");
            assertTrue(next > at, () -> heading + " is missing or out of order in\n" + page);
            at = next;
        }
    }

    private static String between(String page, String from, String to) {
        int start = page.indexOf("\n" + from + "\n");
        int end = page.indexOf("\n" + to + "\n", start + 1);
        assertTrue(start >= 0 && end > start, () -> from + " ... " + to + " in\n" + page);
        return page.substring(start, end + 1);
    }
}
