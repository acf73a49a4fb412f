package dev.coi.kernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import org.junit.jupiter.api.io.TempDir;

/** {@code coi completion} and the man pages, both made from the command model. */
class ShellIntegrationTest {

    @TempDir
    Path home;

    @Test
    void bashCompletionKnowsTheCommandsButNotTheHiddenOnes() {
        CliRun run = CliRun.of(home, "completion", "bash");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("complete -F _complete_coi"), run::toString);
        assertTrue(run.out().contains("container"), run::toString);
        assertFalse(run.out().contains("keeper"), run::toString);
        assertFalse(run.out().contains("man-pages"), run::toString);
    }

    @Test
    void zshCompletionHasAFunctionPerCommandButNotForTheHiddenOnes() {
        CliRun run = CliRun.of(home, "completion", "zsh");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("#compdef coi\n"), run::toString);
        assertTrue(run.out().contains("\n_coi_container_launch() {\n"), run::toString);
        assertTrue(run.out().contains("    '--ephemeral[Delete the container when it stops.]'"), run::toString);
        assertTrue(run.out().contains("\n        (launch) _coi_container_launch ;;\n"), run::toString);
        assertTrue(run.out().contains("\n  compdef _coi coi\n"), run::toString);
        assertFalse(run.out().contains("keeper"), run::toString);
        assertFalse(run.out().contains("man-pages"), run::toString);
    }

    @Test
    void fishCompletionOffersSubcommandsWhereTheyBelongAndTheirOptions() {
        CliRun run = CliRun.of(home, "completion", "fish");

        assertEquals(0, run.exitCode(), run::toString);
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.contains("complete -c coi -f -n '__coi_at \"container\"' -a 'launch' -d 'Create and start a"
                + " container from a local image.'"), run::toString);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("complete -c coi -n '__coi_at \"list\"' -l all")),
                run::toString);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("complete -c coi -n '__coi_at \"shell\"' -l slot -r")),
                run::toString);
        assertFalse(run.out().contains("keeper"), run::toString);
    }

    @Test
    void anUnknownShellIsAUsageError() {
        CliRun run = CliRun.of(home, "completion", "tcsh");

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertTrue(run.err().contains("unknown shell 'tcsh': must be bash, zsh or fish"), run::toString);
    }

    @Test
    void everyVisibleCommandGetsAManPage() throws IOException {
        Path folder = home.resolve("man1");

        CliRun run = CliRun.of(home, "man-pages", folder.toString());

        assertEquals(0, run.exitCode(), run::toString);
        Set<String> pages;
        try (Stream<Path> files = Files.list(folder)) {
            pages = files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        }
        assertTrue(pages.containsAll(Set.of("coi.1", "coi-shell.1", "coi-container-launch.1", "coi-completion.1")),
                pages::toString);
        assertFalse(pages.contains("coi-keeper.1"), pages::toString);
        assertFalse(pages.contains("coi-man-pages.1"), pages::toString);
        String launch = Files.readString(folder.resolve("coi-container-launch.1"));
        assertTrue(launch.startsWith(".TH \"COI-CONTAINER-LAUNCH\" 1 "), launch);
        assertTrue(launch.contains("\n.SH NAME\ncoi\\-container\\-launch \\- Create and start a container"), launch);
        assertTrue(launch.contains("\n.B \"\\-\\-ephemeral\"\nDelete the container when it stops.\n"), launch);
        assertTrue(launch.contains("\n.SH SEE ALSO\ncoi(1), coi\\-container(1)\n"), launch);
    }

    @Test
    void manPageTextCannotBeTakenForGroffRequests() {
        CommandSpec spec = CommandSpec.create().name("x");
        spec.usageMessage().description(".not a request", "back\\slash");
        String page = new ManPage(new CommandLine(spec).getCommandSpec()).render("1", "2026-01-01");

        assertTrue(page.contains("\n\\&.not a request\nback\\eslash\n"), page);
    }
}
