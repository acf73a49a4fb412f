package dev.coi.kernel.sessions;

import static dev.coi.kernel.sessions.SessionTestBed.ANSWER;
import static dev.coi.kernel.sessions.SessionTestBed.END;
import static dev.coi.kernel.sessions.SessionTestBed.assertExit;
import static dev.coi.kernel.sessions.SessionTestBed.awaitReady;
import static dev.coi.kernel.sessions.SessionTestBed.field;
import static dev.coi.kernel.sessions.SessionTestBed.powerOff;
import static dev.coi.kernel.sessions.SessionTestBed.turn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coi.api.CommandResult;
import dev.coi.kernel.cli.CoiTerminal;
import dev.coi.kernel.incus.Instance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code coi shell} as a user lives with it, in a real terminal, against a coi image whose AI tool is stub-claude
 * ({@link SessionTestImage}): talk, end the session in every way there is, find it saved, resume it.
 */
class SessionEndToEndIT {

    /** How long a container's own shutdown may take on a busy machine, after its tmux has gone. */
    private static final Duration POWER_OFF_DONE = Duration.ofSeconds(60);

    @TempDir
    Path root;

    private SessionTestBed bed;

    @BeforeEach
    void setUp() {
        bed = new SessionTestBed(root);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Test
    void aSessionEndedByPoweroffIsSavedAndResumeContinuesIt() {
        CoiTerminal terminal = bed.shell();
        String id = awaitReady(terminal);
        String container = bed.containerName(1);
        Instance running = bed.container(1).orElseThrow(() -> new AssertionError("no container " + container));
        assertTrue(running.isRunning(), running::toString);
        assertEquals("false", running.config().get(SessionLabels.PERSISTENT), running.config()::toString);
        assertEquals(id, running.config().get(SessionLabels.SESSION_ID), running.config()::toString);

        terminal.type("hello from the e2e test");
        turn(terminal, "hello from the e2e test", 1);
        terminal.type("second line");
        turn(terminal, "second line", 2);
        powerOff(terminal);

        assertExit(0, terminal);
        bed.awaitGone(container, END);
        assertEquals(2, bed.savedTurns(id).size(), () -> "saved conversation of " + id + "\n" + terminal.history());
        JsonNode metadata = bed.metadata(id);
        assertEquals(id, field(metadata, "session_id"));
        assertEquals(container, field(metadata, "container_name"));
        assertEquals("false", field(metadata, "persistent"));
        assertEquals(bed.workspace.toString(), field(metadata, "workspace"));
        assertEquals("claude", field(metadata, "tool"));
        assertEquals(bed.image, field(metadata, "image"));
        assertTrue(OffsetDateTime.parse(field(metadata, "saved_at")).toInstant()
                .isAfter(Instant.now().minus(Duration.ofMinutes(10))), metadata::toString);

        CoiTerminal resumed = bed.shell("--resume");
        resumed.awaitScreen("stub-claude resumed session=" + id + " earlier-turns=2", SessionTestBed.START);
        assertEquals(id, awaitReady(resumed));
        resumed.type("third line");
        turn(resumed, "third line", 3);
        powerOff(resumed);

        assertExit(0, resumed);
        assertEquals(3, bed.savedTurns(id).size(), resumed::history);
        assertEquals(List.of(), bed.containers(), () -> "no container is left when coi has ended:\n" + resumed.history());
    }

    @Test
    void aPersistentSessionSurvivesDetachIsAttachedAndSavedAndRemovedByShutdown() {
        CoiTerminal terminal = bed.shell("--persistent");
        String id = awaitReady(terminal);
        String container = bed.containerName(1);
        terminal.type("kept");
        turn(terminal, "kept", 1);

        terminal.sendKeys("C-b", "d");

        assertExit(0, terminal);
        Instance detached = bed.container(1).orElseThrow(() -> new AssertionError("the container is gone"));
        assertTrue(detached.isRunning(), detached::toString);
        assertEquals("true", detached.config().get(SessionLabels.PERSISTENT));
        assertEquals(1, bed.savedTurns(id).size(), "a detach saves the session");

        CoiTerminal attached = bed.terminal().start("attach");
        turn(attached, "kept", 1);
        attached.type("after attach");
        turn(attached, "after attach", 2);
        attached.sendKeys("C-b", "d");
        assertExit(0, attached);

        CoiTerminal shutdown = bed.run("shutdown", container);
        assertExit(0, shutdown);
        assertEquals(List.of(), bed.containers(), () -> "shutdown deletes a persistent container too:\n"
                + shutdown.history());
        assertEquals(2, bed.savedTurns(id).size(), shutdown::history);
        assertEquals("true", field(bed.metadata(id), "persistent"));

        CoiTerminal resumed = bed.shell("--resume");
        resumed.awaitScreen("earlier-turns=2", SessionTestBed.START);
        assertEquals(id, awaitReady(resumed));
        assertEquals("true", bed.container(1).orElseThrow().config().get(SessionLabels.PERSISTENT),
                "a resumed persistent session is persistent again");
        resumed.type("after resume");
        turn(resumed, "after resume", 3);

        CoiTerminal second = bed.run("shutdown", container);

        assertExit(0, second);
        assertExit(0, resumed);
        assertEquals(List.of(), bed.containers(), second::history);
        assertEquals(3, bed.savedTurns(id).size(), second::history);
        assertEquals("true", field(bed.metadata(id), "persistent"));
    }

    @Test
    void aPoweroffWhileAttachedEndsAttachCleanlyAndSavesThePersistentSession() throws InterruptedException {
        CoiTerminal terminal = bed.shell("--persistent");
        String id = awaitReady(terminal);
        terminal.sendKeys("C-b", "d");
        assertExit(0, terminal);

        CoiTerminal attached = bed.terminal().start("attach");
        awaitReady(attached);
        attached.type("said while attached");
        turn(attached, "said while attached", 1);
        powerOff(attached);

        assertExit(0, attached);
        // the attach ends when tmux goes, early in the shutdown; the container stops on its own a little later
        long deadline = System.nanoTime() + POWER_OFF_DONE.toNanos();
        Instance stopped = bed.container(1).orElseThrow(() -> new AssertionError("a persistent container is kept"));
        while (stopped.isRunning() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            stopped = bed.container(1).orElseThrow(() -> new AssertionError("a persistent container is kept"));
        }
        Instance last = stopped;
        assertFalse(last.isRunning(), () -> last.status() + " " + POWER_OFF_DONE + " after the attach ended:\n"
                + attached.history());
        assertEquals(1, bed.savedTurns(id).size(), attached::history);
    }

    @Test
    void twoSessionsInOneFolderGetTheirOwnSlotsAndHomes() {
        CoiTerminal first = bed.shell();
        String firstId = awaitReady(first);
        CoiTerminal second = bed.shell();
        String secondId = awaitReady(second);
        assertNotEquals(firstId, secondId);
        List<String> containers = bed.containers();
        assertEquals(List.of(bed.containerName(1), bed.containerName(2)), containers.stream().sorted().toList());

        first.type("only in the first");
        turn(first, "only in the first", 1);
        second.type("only in the second");
        turn(second, "only in the second", 1);
        String firstContainer = bed.container(1).orElseThrow().config().get(SessionLabels.SESSION_ID).equals(firstId)
                ? bed.containerName(1) : bed.containerName(2);
        String secondContainer = firstContainer.equals(bed.containerName(1)) ? bed.containerName(2)
                : bed.containerName(1);
        String conversations = "ls /home/code/.claude/projects/-workspace/";
        CommandResult inFirst = bed.exec(firstContainer, conversations);
        assertEquals(firstId + ".jsonl\n", inFirst.stdout(), inFirst::stderr);
        CommandResult inSecond = bed.exec(secondContainer, conversations);
        assertEquals(secondId + ".jsonl\n", inSecond.stdout(), inSecond::stderr);

        powerOff(first);
        powerOff(second);
        assertExit(0, first);
        assertExit(0, second);
        assertTrue(bed.savedTurns(firstId).getFirst().contains("only in the first"));
        assertTrue(bed.savedTurns(secondId).getFirst().contains("only in the second"));
        assertEquals(List.of(), bed.containers(), () -> first.history() + "\n" + second.history());
    }

    @Test
    void twoSessionsStartedAtTheSameMomentTakeDifferentSlots() {
        CoiTerminal first = bed.shell();
        CoiTerminal second = bed.shell();

        assertNotEquals(awaitReady(first), awaitReady(second));
        assertEquals(List.of(bed.containerName(1), bed.containerName(2)), bed.containers().stream().sorted().toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalToCoiStillSavesTheSessionAndRemovesTheContainer(String signal) {
        CoiTerminal terminal = bed.shell();
        String id = awaitReady(terminal);
        terminal.type("before the signal");
        turn(terminal, "before the signal", 1);

        terminal.signal(signal);

        terminal.awaitExit(END);
        bed.awaitGone(bed.containerName(1), END);
        assertEquals(1, bed.savedTurns(id).size(), terminal::history);
        assertEquals(id, field(bed.metadata(id), "session_id"));
    }

    @Test
    void aBackgroundSessionIsDrivenWithCoiTmuxAndSavedByShutdown() {
        CoiTerminal background = bed.run(bed.shellArgs("--background"));
        assertExit(0, background);
        String container = bed.containerName(1);

        CoiTerminal list = bed.run("tmux", "list");
        assertExit(0, list);
        assertTrue(list.history().contains(container), list::history);

        String id = bed.awaitCaptured(SessionTestBed.READY.pattern(), container).group(1);
        CoiTerminal send = bed.run("tmux", "send", container, "sent through coi tmux");
        assertExit(0, send);
        bed.awaitCaptured("you said sent through coi tmux \\(turn 1\\)", container);

        CoiTerminal shutdown = bed.run("shutdown", container);
        assertExit(0, shutdown);
        bed.awaitGone(container, END);
        assertEquals(1, bed.savedTurns(id).size(), shutdown::history);
    }

    @Test
    void credentialsRefreshedInsideAreWhatTheNextSessionGets() throws Exception {
        Path credentials = bed.home.resolve(".claude/.credentials.json");
        Files.createDirectories(credentials.getParent());
        long inAnHour = Instant.now().plus(Duration.ofHours(1)).toEpochMilli();
        Files.writeString(credentials, """
                {"claudeAiOauth":{"accessToken":"sk-ant-oat01-from-the-host","refreshToken":"sk-ant-ort01-host",\
                "expiresAt":%d,"scopes":["user:inference"],"subscriptionType":"max"}}
                """.formatted(inAnHour));

        CoiTerminal first = bed.shell();
        String id = awaitReady(first);
        assertTrue(first.history().contains("stub-claude credentials=sk-ant-oat01-from-the-host"), first::history);
        first.type("/refresh");
        String refreshed = first.awaitMatch(Pattern.compile("credentials refreshed token=(\\S+)"),
                ANSWER).group(1);
        powerOff(first);
        assertExit(0, first);
        assertFalse(Files.exists(bed.sessionDirectory(id).resolve(".claude/.credentials.json")),
                "credentials are not kept with the saved session");

        CoiTerminal second = bed.shell();
        awaitReady(second);
        assertTrue(second.history().contains("stub-claude credentials=" + refreshed), second::history);
        powerOff(second);
        assertExit(0, second);
    }
}
