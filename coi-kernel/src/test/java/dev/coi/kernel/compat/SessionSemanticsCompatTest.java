package dev.coi.kernel.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.cli.CliRun;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.SessionMetadata;
import dev.coi.kernel.sessions.SessionStore;
import dev.coi.kernel.sessions.launch.RunCommandLine;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference tool's session semantics (reference-behaviour.md §3, §4.2, §4.5, §4.14) that need no Incus: what
 * {@code coi run} executes, the tmux session's name, {@code coi info} without an id. {@code SessionSemanticsCompatIT}
 * drives the same commands against real containers.
 */
class SessionSemanticsCompatTest {

    @TempDir
    Path home;

    @Test
    void runPassesSeveralWordsAsTheProgramAndItsArgumentsWithoutAShell() {
        assertEquals(List.of("echo", "hello", "two words; $(no)"),
                RunCommandLine.of(List.of("echo", "hello", "two words; $(no)")));
        assertEquals(List.of("pwd"), RunCommandLine.of(List.of("pwd")));
    }

    /** The reference README's {@code coi run "..."} examples: one quoted command, also of several lines. */
    @Test
    void runPassesOneQuotedCommandWithSpacesOrSeveralLinesToBash() {
        assertEquals(List.of("bash", "-c", "echo hi"), RunCommandLine.of(List.of("echo hi")));
        assertEquals(List.of("bash", "-c", "cd /tmp\nls | wc -l"), RunCommandLine.of(List.of("cd /tmp\nls | wc -l")));
        assertEquals(List.of("bash", "-c", "npm install && npm test"),
                RunCommandLine.of(List.of("npm install && npm test")));
    }

    @Test
    void runAcceptsTheReferencesCaptureTimeoutAndFormatFlagsAndRefusesANonPositiveTimeout() {
        CliRun zero = CliRun.of(home, "run", "--capture", "--timeout", "0", "--format", "pretty", "--", "true");

        assertEquals(2, zero.exitCode(), zero::toString);
        assertEquals("Error: --timeout must be at least 1 second, was 0\n", zero.err(), zero::toString);

        CliRun word = CliRun.of(home, "run", "--timeout", "soon", "--", "true");
        assertEquals(2, word.exitCode(), word::toString);
        assertTrue(word.err().contains("--timeout"), word::toString);
    }

    /** §3: {@code coi-<containerName>}, double prefix and all, whatever COI_CONTAINER_PREFIX is. */
    @Test
    void theTmuxSessionIsNamedCoiDashContainer() {
        assertEquals("coi-coi-9dad1e4e-1", ContainerNames.tmuxSession("coi-9dad1e4e-1"));
        assertEquals("coi-mine-9dad1e4e-1", ContainerNames.tmuxSession("mine-9dad1e4e-1"));
    }

    /** §4.5: no id → the latest session of any workspace by saved_at. */
    @Test
    void infoWithoutAnIdShowsTheLatestSessionOfAnyWorkspace() throws Exception {
        SessionStore store = new SessionStore(home.resolve(".coi"), "claude");
        String older = "11111111-1111-4111-8111-111111111111";
        String newest = "22222222-2222-4222-8222-222222222222";
        store.writeMetadata(new SessionMetadata(newest, "coi-22222222-1", false, "/elsewhere",
                OffsetDateTime.parse("2026-02-01T10:00:00Z"), "claude", "coi"));
        store.writeMetadata(new SessionMetadata(older, "coi-11111111-1", false, home.toString(),
                OffsetDateTime.parse("2026-01-01T10:00:00Z"), "claude", "coi"));

        CliRun info = CliRun.of(home, "info");

        assertEquals(0, info.exitCode(), info::toString);
        assertTrue(info.out().startsWith("Session Information\n===================\n\nSession ID:     " + newest + "\n"),
                info::toString);
        assertTrue(info.out().contains("Container:      coi-22222222-1\n"), info::toString);
    }

    @Test
    void infoWithoutAnySessionSaysHowToFindOne() {
        CliRun info = CliRun.of(home, "info");

        assertEquals(1, info.exitCode(), info::toString);
        assertEquals("Error: no sessions found (specify session ID or use 'coi list --all')\n", info.err());
    }

    @Test
    void infoOfAnUnknownIdSaysSessionNotFound() {
        CliRun info = CliRun.of(home, "info", "33333333-3333-4333-8333-333333333333");

        assertEquals(1, info.exitCode(), info::toString);
        assertTrue(info.err().startsWith("Error: session not found: 33333333-3333-4333-8333-333333333333"),
                info::toString);
    }
}
